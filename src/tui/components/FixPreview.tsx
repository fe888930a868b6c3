import { Box, Text } from 'ink';
import { Tone } from '../theme-context.js';

export interface FixPreviewProps {
  title: string;
  findingTitle: string;
  lines: string[];
  /** What the fix asks from the user before it runs. */
  needsToken: boolean;
  tokenPurpose?: 'local' | 'server';
  url?: string;
  stage: 'preview' | 'applying' | 'wait-user';
  message?: string;
  spinner: string;
}

/** Exactly what a fix will change, and the question; then its progress. */
export function FixPreview(p: FixPreviewProps) {
  return (
    <Box flexDirection="column" marginTop={1} borderStyle="round" paddingX={1}>
      <Text bold>Fix: {p.title}</Text>
      <Tone token="muted">for: {p.findingTitle}</Tone>
      <Box flexDirection="column" marginTop={1}>
        <Text>This will:</Text>
        {p.lines.map((line, i) => (
          <Box key={i} paddingLeft={2}>
            <Box width={2} flexShrink={0}>
              <Text>•</Text>
            </Box>
            <Text>{line}</Text>
          </Box>
        ))}
      </Box>
      {p.stage === 'preview' ? (
        <Box marginTop={1} flexDirection="column">
          {p.needsToken ? (
            <Tone token="muted">
              {p.tokenPurpose === 'server'
                ? 'You will be asked to paste the server\'s own token (classic, read:packages; hidden input).'
                : 'You will be asked to paste a token (hidden input).'}
            </Tone>
          ) : null}
          <Text>
            <Tone token="accent" bold>
              Apply this fix?
            </Tone>{' '}
            y yes · n no{p.url ? ' · o open the link' : ''}
          </Text>
        </Box>
      ) : null}
      {p.stage === 'applying' ? (
        <Tone token="accent">
          {p.spinner} applying…
        </Tone>
      ) : null}
      {p.stage === 'wait-user' ? (
        <Box flexDirection="column" marginTop={1}>
          {p.message ? <Text>{p.message}</Text> : null}
          <Tone token="accent" bold>
            Press enter when you are done on that page; ghcr-doctor then re-checks.
          </Tone>
        </Box>
      ) : null}
    </Box>
  );
}
