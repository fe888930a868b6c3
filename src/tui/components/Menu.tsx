import { Box, Text } from 'ink';
import { Tone } from '../theme-context.js';

export interface MenuItem {
  key: string;
  label: string;
  hint?: string;
}

/** A vertical choice list; the selection moves with the arrows (the container owns the keys). */
export function Menu({ title, items, index }: { title: string; items: MenuItem[]; index: number }) {
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold>{title}</Text>
      {items.map((item, i) => (
        <Box key={item.key}>
          {/* Never shrunk: beside a label that wraps, the marker lost its space ('❯Grant', ' Create'). */}
          <Box width={2} flexShrink={0}>
            <Tone token="accent">{i === index ? '❯' : ' '}</Tone>
          </Box>
          <Text bold={i === index}>{item.label}</Text>
          {item.hint ? <Tone token="muted"> {item.hint}</Tone> : null}
        </Box>
      ))}
      <Tone token="muted">↑/↓ move · enter choose · esc back</Tone>
    </Box>
  );
}
