import { Box, Text } from 'ink';
import { severityStyle } from '../../report/status-style.js';
import type { Finding } from '../../engine/types.js';
import { columnWidths, TABLE_HEAD, tableText, type ServerLine } from '../server-table.js';
import { liveServers, serverLineOf, type TuiState } from '../state.js';
import { Tone } from '../theme-context.js';
import { CheckRow } from './CheckRow.js';
import { spinnerFrame } from './CheckRow.js';

const GLYPH: Record<string, string> = { success: '✔', danger: '✖', warning: '▲' };

/** The table's column names, printed once before a run's first server line. */
export function ServerTableHead({ labels, width }: { labels: string[]; width: number }) {
  return (
    <Box marginTop={1} flexDirection="column">
      <Tone token="accent" bold>{`Deploy servers (${labels.length})`}</Tone>
      <Tone token="muted">{`      ${tableText(TABLE_HEAD, columnWidths(labels, width))}`}</Tone>
    </Box>
  );
}

/**
 * One server's line: its number (the key that opens its details), glyph (or a spinner while it runs),
 * label, state, runtime, credential, pull; ↻ when a re-check printed it again.
 */
export function ServerTableRow({
  line,
  labels,
  width,
  now,
  rerun = false,
}: {
  line: ServerLine;
  labels: string[];
  width: number;
  now: number;
  rerun?: boolean;
}) {
  const glyph = line.done ? (GLYPH[line.tone] ?? '·') : line.state === 'waiting' ? '·' : spinnerFrame(now);
  const number = String(labels.indexOf(line.label) + 1).padStart(2);
  return (
    <Text wrap="truncate-end">
      <Tone token="accent">{rerun ? '↻' : ' '}</Tone>
      <Tone token="muted">{`${number} `}</Tone>
      <Tone token={line.tone}>{`${glyph} `}</Tone>
      <Text>{tableText(line, columnWidths(labels, width))}</Text>
    </Text>
  );
}

/**
 * The servers still running, one line each, never more than `room` lines: the rest is one line
 * (their lines are printed above as they finish).
 */
export function LiveServers({ state, width, room }: { state: TuiState; width: number; room: number }) {
  const live = liveServers(state);
  if (live.length === 0) return null;
  const lines = live.map((l) => serverLineOf(state, l));
  // Servers at work first: a queue of waiting ones is one line.
  const busy = lines.filter((l) => l.state !== 'waiting');
  const shown = busy.slice(0, Math.max(1, room - 1));
  const rest = live.length - shown.length;
  return (
    <Box flexDirection="column">
      {shown.map((line) => (
        <ServerTableRow key={line.label} line={line} labels={state.servers} width={width} now={state.now} />
      ))}
      {rest > 0 ? <Tone token="muted">{`      … ${rest} more server(s) ${busy.length > shown.length ? 'running or ' : ''}waiting`}</Tone> : null}
    </Box>
  );
}

/**
 * Which server Enter opens, under the table printed above (the table is not drawn a second time):
 * one line, so the summary keeps the screen.
 */
export function ServerPicker({ state }: { state: TuiState }) {
  const label = state.servers[state.serverCursor]!;
  const line = serverLineOf(state, label);
  return (
    <Box marginTop={1}>
      <Text wrap="truncate-end">
        <Tone token="muted">{`Server ${state.serverCursor + 1} of ${state.servers.length}: `}</Tone>
        <Tone token={line.tone}>{`${GLYPH[line.tone] ?? '·'} `}</Tone>
        <Text bold>{label}</Text>
        <Tone token="muted">{` ${line.state} · enter or its number: details`}</Tone>
      </Text>
    </Box>
  );
}

/** One server: its checks and what they found, with the first fix of each finding and where it runs. */
export function ServerDetails({ state, label, width, maxRows }: { state: TuiState; label: string; width: number; maxRows: number }) {
  const rows = state.serverOrder.map((id) => state.serverRows[label]?.[id]).filter((r) => r !== undefined);
  const findings: Finding[] = state.findings.filter((f) => f.server === label);
  const index = state.servers.indexOf(label);
  const lines: Array<{ key: string; node: React.ReactNode }> = [];
  for (const f of findings) {
    const s = severityStyle(f.severity);
    lines.push({
      key: `${f.id}:t`,
      node: (
        <Tone token={s.color} bold={f.severity === 'error'}>
          {`${s.glyph} ${f.title} [${f.id}]`}
        </Tone>
      ),
    });
    const fx = f.fixes[0];
    if (fx) {
      lines.push({ key: `${f.id}:f`, node: <Tone token="accent">{`    → ${fx.title}`}</Tone> });
      if (fx.commands[0]) {
        if (fx.runOn && fx.runOn !== 'local') lines.push({ key: `${f.id}:o`, node: <Tone token="muted">{`      on ${fx.runOn}:`}</Tone> });
        lines.push({ key: `${f.id}:c`, node: <Tone token="accent">{fx.commands[0]}</Tone> });
      }
    }
  }
  // Checks take two lines each (title, result); what does not fit is counted.
  const room = Math.max(2, maxRows - 4 - rows.length * 2);
  const shown = lines.slice(0, room);
  return (
    <Box flexDirection="column" marginTop={1}>
      <Tone token="accent" bold>{`${label} (server ${index + 1} of ${state.servers.length})`}</Tone>
      {rows.map((row) => (
        <CheckRow key={row.id} row={row} now={state.now} width={width} />
      ))}
      {findings.length === 0 ? <Tone token="success">No problem found on this server.</Tone> : null}
      {shown.map((l) => (
        <Box key={l.key}>{l.node}</Box>
      ))}
      {shown.length < lines.length ? <Tone token="muted">{`… ${lines.length - shown.length} more line(s): ghcr-doctor --ci lists them all`}</Tone> : null}
      <Box marginTop={1}>
        <Text>
          <Tone token="muted">esc back · ↑/↓ previous/next server</Tone>
        </Text>
      </Box>
    </Box>
  );
}
