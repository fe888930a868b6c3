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

/** Leading spaces become a left padding, so a wrapped line keeps its indentation. */
function indentOf(segments: Segment[]): { indent: number; rest: Segment[] } {
  const first = segments[0];
  if (!first || first.token !== undefined) return { indent: 0, rest: segments };
  const trimmed = first.text.replace(/^ +/, '');
  const indent = first.text.length - trimmed.length;
  return { indent, rest: trimmed === '' ? segments.slice(1) : [{ text: trimmed }, ...segments.slice(1)] };
}

const LINK_ONLY = /^https?:\/\/\S+$/;

/**
 * Printed once into <Static>: the terminal scrolls and keeps it, however long it is. No border, and a
 * line that is only a link starts at the left edge (as LineWithLink): inside a border, or indented, a
 * link wider than the terminal wrapped with border and spaces in the middle of it.
 */
export function ExplainPanel({ result, foundIds }: { result: ExplainResult; foundIds: ReadonlySet<string> }) {
  return (
    <Box flexDirection="column" marginTop={1}>
      <Tone token="muted">{`── Explain an error (as ghcr-doctor explain; ${result.linesRead} line${result.linesRead === 1 ? '' : 's'} pasted)`}</Tone>
      {explainLines(result, foundIds).map((segments, i) => {
        const { indent: shift, rest } = indentOf(segments);
        const indent = rest.length === 1 && LINK_ONLY.test(rest[0]!.text) ? 0 : shift;
        return (
          <Box key={i} paddingLeft={indent}>
            <Text>
              {rest.length === 0
                ? ' '
                : rest.map((s, j) =>
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
          </Box>
        );
      })}
    </Box>
  );
}

/** The live line under a printed explanation: the view the user came from waits for it. */
export function ExplainBackHint({ canQuit }: { canQuit: boolean }) {
  return <Tone token="accent">{`↑ what ghcr-doctor explain says · enter / esc: back${canQuit ? ' · q quit' : ''}`}</Tone>;
}
