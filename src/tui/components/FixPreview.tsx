import { Box, Text } from 'ink';
import { Tone } from '../theme-context.js';
import { LineWithLink } from './PlainLink.js';

export interface FixPreviewProps {
  title: string;
  findingTitle: string;
  lines: string[];
  /** What the fix asks from the user before it runs. */
  needsToken: boolean;
  tokenPurpose?: 'local' | 'server';
  /** The verified pasted token this fix would use: what it is, never its value. */
  tokenAbout?: string;
  url?: string;
  stage: 'preview' | 'applying' | 'wait-user';
  message?: string;
  spinner: string;
  /** The deploy server the fix changes (`USER@HOST:PORT`). */
  runOn?: string;
  /** With the same fix on several servers: which one this is ("server 2 of 3"). */
  position?: string;
}

/**
 * Exactly what a fix will change, and the question; then its progress. No border: a link or a
 * command inside one would wrap between border characters and could not be copied.
 */
export function FixPreview(p: FixPreviewProps) {
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold>Fix: {p.title}</Text>
      <Tone token="muted">
        for: {p.findingTitle}
        {p.position ? ` · ${p.position}` : ''}
      </Tone>
      <Box flexDirection="column">
        <Text>{p.runOn ? `This will, on ${p.runOn}:` : 'This will:'}</Text>
        {p.lines.map((line, i) => (
          <LineWithLink key={i} text={line} indent={2} bullet="•" />
        ))}
      </Box>
      {p.tokenAbout ? <Tone token="success">{`token: ${p.tokenAbout} (verified just now)`}</Tone> : null}
      {p.stage === 'preview' ? (
        <Box flexDirection="column">
          {p.needsToken ? (
            <Tone token="muted">
              {p.tokenPurpose === 'server'
                ? "y: paste the server's own token (classic, read:packages; hidden). It is checked at once, and this asks again before anything is written."
                : 'y: paste a token (hidden). It is checked at once, and this asks again before anything is written.'}
            </Tone>
          ) : null}
          <Text>
            <Tone token="accent" bold>
              {p.needsToken ? 'Paste the token now? (y/N)' : 'Apply this fix? (y/N)'}
            </Tone>{' '}
            y yes · any other key no{p.url ? ' · o open the link' : ''}
          </Text>
        </Box>
      ) : null}
      {p.stage === 'applying' ? <Tone token="accent">{p.spinner} applying…</Tone> : null}
      {p.stage === 'wait-user' ? (
        <Box flexDirection="column" marginTop={1}>
          {p.message ? <LineWithLink text={p.message} /> : null}
          <Tone token="accent" bold>
            Press enter when you are done on that page; ghcr-doctor then re-checks.
          </Tone>
        </Box>
      ) : null}
    </Box>
  );
}
