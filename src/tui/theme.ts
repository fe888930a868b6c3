/**
 * Light and dark palettes for the semantic colour tokens of src/report/status-style.ts. Components
 * ask for a token (`danger`), never a colour name; with colour off every token maps to nothing.
 */
import type { ColorToken } from '../report/status-style.js';

export type Theme = Record<ColorToken, string | undefined> & { name: 'dark' | 'light' | 'none' };

export const DARK: Theme = { name: 'dark', success: 'green', warning: 'yellow', danger: 'red', muted: 'gray', accent: 'cyan' };
/** Yellow and cyan wash out on a white background; darker tones instead. */
export const LIGHT: Theme = { name: 'light', success: '#116329', warning: '#7d4e00', danger: '#a40e26', muted: '#57606a', accent: '#0550ae' };
export const NO_COLOR: Theme = { name: 'none', success: undefined, warning: undefined, danger: undefined, muted: undefined, accent: undefined };

/**
 * GHCR_DOCTOR_THEME=light|dark wins; otherwise COLORFGBG (set by many terminals, "fg;bg") tells a
 * light background (bg 7 or 15); otherwise dark, the common default.
 */
export function pickTheme(env: Record<string, string | undefined>, colour: boolean): Theme {
  if (!colour) return NO_COLOR;
  const asked = env.GHCR_DOCTOR_THEME?.toLowerCase();
  if (asked === 'light') return LIGHT;
  if (asked === 'dark') return DARK;
  const bg = env.COLORFGBG?.split(';').pop();
  return bg === '7' || bg === '15' ? LIGHT : DARK;
}
