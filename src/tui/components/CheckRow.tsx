import { Box, Text } from 'ink';
import { formatDuration, statusStyle } from '../../report/status-style.js';
import type { CheckRow as Row } from '../state.js';
import { Tone } from '../theme-context.js';
import { wrapWords } from '../../engine/text.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
/** After this long a running step says what it waits on. */
export const SLOW_AFTER_MS = 3000;

export function spinnerFrame(now: number): string {
  return SPINNER[Math.floor(now / 80) % SPINNER.length]!;
}

/** One step of the diagnosis: glyph, title, duration, one-line result (or what it waits on). */
export function CheckRow({ row, now, rerun = false, width = 80 }: { row: Row; now: number; rerun?: boolean; width?: number }) {
  const style = statusStyle(row.status);
  const glyph = row.status === 'running' ? spinnerFrame(now) : style.glyph;
  // The tick's clock can lag a check that started after it: never show a negative duration.
  const elapsed = row.status === 'running' && row.startedAt !== undefined ? Math.max(0, now - row.startedAt) : row.durationMs;
  const slow = row.status === 'running' && elapsed !== undefined && elapsed > SLOW_AFTER_MS;
  return (
    <Box flexDirection="column" width={width}>
      <Box width={width}>
        <Box width={2} flexShrink={0}>
          <Tone token={style.color}>{glyph}</Tone>
        </Box>
        <Box flexGrow={1}>
          <Text wrap="truncate-end">
            {rerun ? '↻ ' : ''}
            {row.title}
          </Text>
        </Box>
        {elapsed !== undefined && row.status !== 'skip' && row.status !== 'pending' ? (
          <Box marginLeft={1} flexShrink={0}>
            <Tone token="muted">{formatDuration(elapsed)}</Tone>
          </Box>
        ) : null}
      </Box>
      {row.summary && row.status !== 'running' ? (
        <Box paddingLeft={2}>
          {/* Folded here: Ink keeps the space it breaks at, so its continuation lines began one column right. */}
          <Tone token={row.status === 'pass' ? 'muted' : style.color}>{wrapWords(row.summary, Math.max(10, width - 3)).join('\n')}</Tone>
        </Box>
      ) : null}
      {slow ? (
        <Box paddingLeft={2}>
          <Tone token="muted">still waiting on {row.waitsOn ?? row.title}…</Tone>
        </Box>
      ) : null}
    </Box>
  );
}
