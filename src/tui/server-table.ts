/**
 * The server table of a run with several deploy servers, as plain data: one line per server (state,
 * runtime, credential, pull) derived from that server's check rows and findings. No React, no Ink.
 */
import type { Finding, Severity } from '../engine/types.js';
import type { ColorToken } from '../report/status-style.js';

/** The part of a check row the table reads (state.ts's CheckRow). */
export interface ServerCheckRow {
  id: string;
  title: string;
  status: string;
  summary?: string;
}

export interface ServerLine {
  label: string;
  /** What the server is doing, or what came of it: a few words. */
  state: string;
  tone: ColorToken;
  runtime: string;
  credential: string;
  pull: string;
  /** Every check of the server has finished. */
  done: boolean;
}

/** What an ssh.* finding means for the whole server, in the table's words. */
const SSH_STATE: Record<string, string> = {
  'ssh.unreachable': 'unreachable',
  'ssh.host-key-mismatch': 'key changed',
  'ssh.host-key-unknown': 'key untrusted',
  'ssh.auth-failed': 'login refused',
};

/** Credential problems in the column's words, whichever check finds them (server.not-logged-in comes from the pull). */
const CREDENTIAL_TEXT: Record<string, string> = {
  'server.not-logged-in': 'not logged in',
  'server.auth-ephemeral': 'tmpfs only',
  'server.stored-token-invalid': 'bad token',
  'server.actions-token-stored': 'ghs_ token',
  'server.token-file-insecure': 'file mode',
  'server.token-file-malformed': 'file invalid',
  'server.credential-helper-broken': 'helper broken',
};

const FINAL = new Set(['pass', 'warn', 'fail', 'skip', 'error']);
const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** A finding in a few words for a column (the summary and the details name its id). */
function shortText(f: Finding): string {
  if (f.id === 'server.no-runtime') return 'none';
  if (f.id === 'server.pull-failed') return 'fails';
  return CREDENTIAL_TEXT[f.id] ?? f.id.slice(f.id.indexOf('.') + 1);
}

function worst(findings: Finding[]): Finding | undefined {
  return [...findings].sort((a, b) => RANK[a.severity] - RANK[b.severity])[0];
}

function cell(row: ServerCheckRow | undefined, ok: string, problem: Finding | undefined): string {
  if (!row || row.status === 'pending') return '';
  if (row.status === 'running') return '…';
  if (problem) return shortText(problem);
  if (row.status === 'error') return 'did not finish';
  if (row.status === 'skip') return '–';
  if (row.status === 'fail') return 'fails';
  return ok;
}

/** `deploy (uid 1000): podman version 4.9.3` → `podman 4.9.3`. */
function runtimeText(summary: string | undefined): string {
  if (!summary) return 'ok';
  const at = summary.indexOf(': ');
  return (at >= 0 ? summary.slice(at + 2) : summary).replace(/\bversion\s+/gi, '');
}

export function serverLine(label: string, rows: Record<string, ServerCheckRow>, findings: Finding[]): ServerLine {
  const mine = findings.filter((f) => f.server === label && f.severity !== 'info');
  const all = Object.values(rows);
  const done = all.length > 0 && all.every((r) => FINAL.has(r.status));
  const connect = rows['ssh.connect'];
  const runtime = cell(rows['server.runtime'], runtimeText(rows['server.runtime']?.summary), worst(mine.filter((f) => f.check === 'server.runtime')));
  const credentialRow = rows['server.credentials'];
  const credentialProblem = worst(mine.filter((f) => CREDENTIAL_TEXT[f.id] !== undefined));
  // The pull says "not logged in" after the credential check passed silently: the column waits for the pull.
  const credential = credentialProblem
    ? shortText(credentialProblem)
    : rows['server.pull'] && !FINAL.has(rows['server.pull'].status) && credentialRow?.status === 'pass'
      ? '…'
      : cell(credentialRow, 'ok', undefined);
  const pullProblem = worst(mine.filter((f) => f.check === 'server.pull' && CREDENTIAL_TEXT[f.id] === undefined));
  const pull = cell(rows['server.pull'], 'ok', pullProblem);
  const base = { label, runtime, credential, pull, done };
  const sshProblem = mine.find((f) => SSH_STATE[f.id]);
  if (sshProblem) return { ...base, state: SSH_STATE[sshProblem.id]!, tone: 'danger' };
  if (!done) {
    if (!connect || connect.status === 'pending') return { ...base, state: 'waiting', tone: 'muted' };
    const running = all.find((r) => r.status === 'running');
    return { ...base, state: connect.status === 'running' ? 'connecting' : running ? 'checking' : 'waiting', tone: 'accent' };
  }
  const errors = mine.filter((f) => f.severity === 'error').length;
  const warnings = mine.length - errors;
  if (errors > 0) return { ...base, state: `${errors} problem(s)`, tone: 'danger' };
  if (all.some((r) => r.status === 'error')) return { ...base, state: 'incomplete', tone: 'warning' };
  if (warnings > 0) return { ...base, state: `${warnings} warning(s)`, tone: 'warning' };
  return { ...base, state: 'ok', tone: 'success' };
}

export const TABLE_HEAD = { label: 'Server', state: 'State', runtime: 'Runtime', credential: 'Credential', pull: 'Pull' };

/** Column widths for `width` terminal columns: the label takes what the others leave. */
export function columnWidths(labels: string[], width: number): { label: number; state: number; runtime: number; credential: number; pull: number } {
  const state = 13;
  const runtime = 12;
  const credential = 13;
  const pull = 5;
  const longest = Math.max(TABLE_HEAD.label.length, ...labels.map((l) => l.length));
  // Six columns of the row go to the re-check mark, the number and the glyph; one space between columns.
  const label = Math.max(12, Math.min(longest, width - 6 - 4 - state - runtime - credential - pull));
  return { label, state, runtime, credential, pull };
}

function padCut(text: string, width: number): string {
  return text.length <= width ? text.padEnd(width) : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** A label cut at its start: `…d-many1@10.0.0.7:22` still names the host and port. */
function fitLabel(text: string, width: number): string {
  return text.length <= width ? text.padEnd(width) : `…${text.slice(text.length - Math.max(0, width - 1))}`;
}

/** One table line as text, columns padded and cut to `widths`. */
export function tableText(line: Pick<ServerLine, 'label' | 'state' | 'runtime' | 'credential' | 'pull'>, widths: ReturnType<typeof columnWidths>): string {
  return [
    fitLabel(line.label, widths.label),
    padCut(line.state, widths.state),
    padCut(line.runtime, widths.runtime),
    padCut(line.credential, widths.credential),
    padCut(line.pull, widths.pull),
  ]
    .join(' ')
    .trimEnd();
}
