import { Box, Text } from 'ink';
import { Tone } from '../theme-context.js';

const KEYS: Array<[string, string]> = [
  ['f / enter', 'offer fixes for what was found (each asks before it runs)'],
  ['r', 're-run every check'],
  ['p', 're-run with the push probe (pushes and deletes a tiny artifact; asks first)'],
  ['↑ ↓ enter', 'move and choose in menus'],
  ['e', 'explain an error: paste a message or log lines, see what ghcr-doctor explain says (enter or esc goes back)'],
  ['y / n', 'accept or decline the fix shown'],
  ['o', 'open the fix link in a browser'],
  ['?', 'show or hide this help'],
  ['q', 'quit with the diagnosis exit code (0 ok, 1 problems, 3 inconclusive)'],
  ['ctrl-c', 'cancel at once (exit 130; nothing is left half-written)'],
];

export function HelpPanel() {
  return (
    <Box flexDirection="column" marginTop={1} borderStyle="single" paddingX={1}>
      <Text bold>Keys</Text>
      {KEYS.map(([key, what]) => (
        <Box key={key}>
          <Box width={12} flexShrink={0}>
            <Tone token="accent">{key}</Tone>
          </Box>
          <Text>{what}</Text>
        </Box>
      ))}
    </Box>
  );
}
