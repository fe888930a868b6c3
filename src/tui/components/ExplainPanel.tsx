import { Box, Text } from 'ink';
import type { ColorToken, Paint } from '../../report/status-style.js';
import type { ExplainResult } from '../../explain/matcher.js';
import { renderExplainText } from '../../explain/render.js';
import { Tone } from '../theme-context.js';

type Segment = { token?: ColorToken | 'bold'; text: string };

// `explain`'s own formatter writes the text; instead of ANSI codes its paint leaves these markers,
// which become themed Ink <Text> here (the light theme's colours, NO_COLOR honoured).
const OPEN = '\u0000';
const SEP = '\u0001';
const CLOSE = '\u0002';
const markerPaint: Paint = (token, text) => `${OPEN}${token}${SEP}${text}${CLOSE}`;
const MARKED = /\u0000([a-z]+)\u0001([^\u0002]*)\u0002/g;

function segmentsOf(line: string): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const m of line.matchAll(MARKED)) {
    if (m.index > at) out.push({ text: line.slice(at, m.index) });
    out.push({ token: m[1] as Segment['token'], text: m[2]! });
    at = m.index + m[0].length;
  }
  if (at < line.length) out.push({ text: line.slice(at) });
  return out;
}

export const FOUND_TOO = 'this run found it too';

/**
 * What `ghcr-doctor explain` prints for the pasted text, line for line, with each failure mode the
 * current diagnosis also found marked on its heading.
 */
export function explainLines(result: ExplainResult, foundIds: ReadonlySet<string>): Segment[][] {
  const text = renderExplainText(result, markerPaint).replace(/\n$/, '');
  // A match's heading is the one line naming "[id] <confidence> confidence".
  const headings = new Map(result.matches.filter((m) => foundIds.has(m.id)).map((m) => [`[${m.id}] ${m.confidence} confidence`, m.id]));
  return text.split('\n').map((line) => {
    const segments = segmentsOf(line);
    for (const key of headings.keys()) {
      if (line.includes(key)) segments.push({ text: ' ' }, { token: 'success', text: `✔ ${FOUND_TOO}` });
    }
    return segments;
  });
}

export function ExplainPanel({ result, foundIds, canQuit }: { result: ExplainResult; foundIds: ReadonlySet<string>; canQuit: boolean }) {
  return (
    <Box flexDirection="column" marginTop={1} borderStyle="round" paddingX={1}>
      <Tone token="muted">{`Explain an error (as ghcr-doctor explain; ${result.linesRead} line${result.linesRead === 1 ? '' : 's'} pasted)`}</Tone>
      {explainLines(result, foundIds).map((segments, i) => (
        <Text key={i}>
          {segments.length === 0
            ? ' '
            : segments.map((s, j) =>
                s.token === undefined ? (
                  s.text
                ) : s.token === 'bold' ? (
                  <Text key={j} bold>
                    {s.text}
                  </Text>
                ) : (
                  <Tone key={j} token={s.token}>
                    {s.text}
                  </Tone>
                ),
              )}
        </Text>
      ))}
      <Box marginTop={1}>
        <Tone token="accent">{`enter / esc: back${canQuit ? ' · q quit' : ''}`}</Tone>
      </Box>
    </Box>
  );
}
