import type React from 'react';
import { createContext, useContext } from 'react';
import { Text } from 'ink';
import type { ColorToken } from '../report/status-style.js';
import { DARK, type Theme } from './theme.js';

const ThemeContext = createContext<Theme>(DARK);

export const ThemeProvider = ThemeContext.Provider;

export function useTheme(): Theme {
  return useContext(ThemeContext);
}

/** Text in a semantic colour token. */
export function Tone({ token, bold, children }: { token: ColorToken; bold?: boolean; children: React.ReactNode }) {
  const theme = useTheme();
  return (
    <Text color={theme[token]} bold={bold}>
      {children}
    </Text>
  );
}
