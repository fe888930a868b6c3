import { Box, Text } from 'ink';
import { Tone } from '../theme-context.js';

const URL_RE = /(https?:\/\/\S+)/;

/**
 * A line that may hold a link or a command to copy: the link goes on its own line at the left edge,
 * never indented or inside a border, so when the terminal is narrower than it, it wraps without
 * anything in between and stays copyable (contract: links are visible text).
 */
export function LineWithLink({ text, indent = 0, bullet }: { text: string; indent?: number; bullet?: string }) {
  const parts = text.split(URL_RE).filter((p) => p.trim() !== '');
  return (
    <Box flexDirection="column">
      {parts.map((part, i) =>
        URL_RE.test(part) ? (
          <Tone key={i} token="accent">
            {part}
          </Tone>
        ) : (
          <Box key={i} paddingLeft={indent}>
            {bullet && i === 0 ? (
              <Box width={2} flexShrink={0}>
                <Text>{bullet}</Text>
              </Box>
            ) : null}
            <Text>{part.trim()}</Text>
          </Box>
        ),
      )}
    </Box>
  );
}
