import { Box, Text } from 'ink';
import { severityStyle } from '../../report/status-style.js';
import type { Finding } from '../../engine/types.js';
import { Tone } from '../theme-context.js';
import type { FixResult } from '../state.js';

const OUTCOME_TEXT: Record<number, string> = {
  0: 'Nothing blocks pulls or pushes.',
  1: 'Problems found. Fix them in this order:',
  3: 'Inconclusive: an essential endpoint could not be reached.',
};

/** The end of a run: what is wrong, in the order to fix it, then fix results and the keys. */
export function Summary({
  findings,
  exitCode,
  fixCount,
  results,
  unfinished = [],
  pushProbe = false,
}: {
  findings: Finding[];
  exitCode: number;
  fixCount: number;
  results: FixResult[];
  /** Titles of checks that crashed or timed out: "nothing blocks" would overstate what is known. */
  unfinished?: string[];
  /** Offer `p`: re-run with the push probe (asks first). */
  pushProbe?: boolean;
}) {
  return (
    <Box flexDirection="column" marginTop={1}>
      <Tone token={exitCode === 0 ? 'success' : exitCode === 3 ? 'warning' : 'danger'} bold>
        {OUTCOME_TEXT[exitCode] ?? ''}
      </Tone>
      {unfinished.length > 0 ? <Tone token="warning">{`${unfinished.length} step(s) could not finish: ${unfinished.join(', ')} (see above).`}</Tone> : null}
      {findings.map((f, i) => {
        const s = severityStyle(f.severity);
        return (
          <Box key={`${f.id}:${i}`} flexDirection="column">
            <Box>
              <Box width={4} flexShrink={0}>
                <Text>{`${i + 1}.`}</Text>
              </Box>
              {/* One Text, so a long title wraps as prose with the id at its end. */}
              <Text>
                <Tone token={s.color}>{s.glyph}</Tone> <Text bold>{f.title}</Text> <Tone token="muted">[{f.id}]</Tone>
              </Text>
            </Box>
            <Box paddingLeft={6}>
              <Text>{f.detail}</Text>
            </Box>
          </Box>
        );
      })}
      {results.length > 0 ? (
        <Box flexDirection="column" marginTop={1}>
          {results.map((r) => (
            <Text key={r.key}>
              <Tone token={r.outcome === 'applied' ? 'success' : r.outcome === 'failed' ? 'danger' : 'muted'}>{r.outcome}</Tone> {r.title}: {r.message}
            </Text>
          ))}
        </Box>
      ) : null}
      <Box marginTop={1}>
        <Tone token="muted">
          {fixCount > 0 ? `f fix (${fixCount} available) · ` : ''}r re-run · {pushProbe ? 'p push probe · ' : ''}e explain · ? help · q quit
        </Tone>
      </Box>
    </Box>
  );
}
