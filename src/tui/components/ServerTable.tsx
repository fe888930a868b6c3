import { Box, Text } from 'ink';
import { severityStyle, statusStyle } from '../../report/status-style.js';
import type { Finding } from '../../engine/types.js';
import { columnWidths, TABLE_HEAD, tableText, type ServerLine } from '../server-table.js';
import { liveServers, serverLineOf, type TuiState } from '../state.js';
import { Tone } from '../theme-context.js';
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

/** Rows a text takes at `width` when the terminal wraps it (a command or a link is never cut). */
function wrappedRows(text: string, width: number): number {
  return Math.max(1, Math.ceil(text.length / Math.max(1, width)));
}

/**
 * One server: its checks (one line each: glyph, title, result), then what they found with the first
 * fix of each and where it runs. Never taller than `maxRows` (a taller frame would make Ink clear the
 * screen): what does not fit is counted; `ghcr-doctor --ci` has it all.
 */
export function ServerDetails({ state, label, width, maxRows }: { state: TuiState; label: string; width: number; maxRows: number }) {
  const rows = state.serverOrder.map((id) => state.serverRows[label]?.[id]).filter((r) => r !== undefined);
  const findings: Finding[] = state.findings.filter((f) => f.server === label);
  const index = state.servers.indexOf(label);
  // A finding's id first: the line is cut at the width, the id never.
  const lines: Array<{ key: string; rows: number; node: React.ReactNode }> = [];
  for (const f of findings) {
    const s = severityStyle(f.severity);
    lines.push({
      key: `${f.id}:t`,
      rows: 1,
      node: (
        <Text wrap="truncate-end">
          <Tone token={s.color} bold={f.severity === 'error'}>{`${s.glyph} [${f.id}] ${f.title}`}</Tone>
        </Text>
      ),
    });
    const fx = f.fixes[0];
    if (!fx) continue;
    lines.push({
      key: `${f.id}:f`,
      rows: 1,
      node: (
        <Text wrap="truncate-end">
          <Tone token="accent">{`    → ${fx.title}`}</Tone>
        </Text>
      ),
    });
    if (fx.commands[0]) {
      if (fx.runOn && fx.runOn !== 'local') lines.push({ key: `${f.id}:o`, rows: 1, node: <Tone token="muted">{`      on ${fx.runOn}:`}</Tone> });
      lines.push({ key: `${f.id}:c`, rows: wrappedRows(fx.commands[0], width), node: <Tone token="accent">{fx.commands[0]}</Tone> });
    }
  }
  // The frame: margin, head, a line per check, the "no problem" or "more" line, margin, keys.
  let room = maxRows - 5 - rows.length;
  const shown: typeof lines = [];
  for (const l of lines) {
    if (l.rows > room) break;
    shown.push(l);
    room -= l.rows;
  }
  return (
    <Box flexDirection="column" marginTop={1}>
      <Tone token="accent" bold>{`${label} (server ${index + 1} of ${state.servers.length})`}</Tone>
      {rows.map((row) => {
        const style = statusStyle(row.status);
        return (
          <Text key={row.id} wrap="truncate-end">
            <Tone token={style.color}>{`${style.glyph} `}</Tone>
            {row.title}
            <Tone token={row.status === 'pass' ? 'muted' : style.color}>{row.summary ? `: ${row.summary}` : ''}</Tone>
          </Text>
        );
      })}
      {findings.length === 0 ? <Tone token="success">No problem found on this server.</Tone> : null}
      {shown.map((l) => (
        <Box key={l.key}>{l.node}</Box>
      ))}
      {shown.length < lines.length ? (
        <Text wrap="truncate-end">
          <Tone token="muted">{`… ${lines.length - shown.length} more line(s): ghcr-doctor --ci lists them all`}</Tone>
        </Text>
      ) : null}
      <Box marginTop={1}>
        <Text wrap="truncate-end">
          <Tone token="muted">esc back · ↑/↓ previous/next server</Tone>
        </Text>
      </Box>
    </Box>
  );
}
