/**
 * Pasted logs carry decoration that hides the error text from patterns: ANSI colours, GitHub Actions
 * timestamps (`2026-11-30T10:00:00.1234567Z `), `##[error]` markers, logger prefixes, JSON-escaped
 * quotes. This strips them so knowledge-base patterns match the message itself.
 */

// CSI sequences (colours, cursor moves) and OSC sequences (hyperlinks, titles).
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;
/** GitHub Actions / RFC 3339 timestamp at the start of a line, e.g. `2026-11-30T10:00:00.1234567Z `. */
const LEADING_ISO_TIME = /^\uFEFF?\s*\[?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?\]?\s*/;
/** syslog / journalctl style `Nov 30 10:00:00 host unit[123]: `. */
const LEADING_SYSLOG = /^[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \S+ [^:\s]+(?:\[\d+\])?:\s*/;
/** Actions workflow commands that prefix lines: `##[error]`, `::error::`, `::error file=x::`. */
const ACTIONS_MARKER = /^(?:##\[(?:error|warning|notice|debug|group|endgroup)\]|::(?:error|warning|notice|debug)[^:]*::)\s*/i;

export function normalizeLogLine(raw: string): string {
  let line = raw.includes('\u001b') ? raw.replace(ANSI, '') : raw;
  line = line.replace(LEADING_ISO_TIME, '').replace(LEADING_SYSLOG, '').replace(ACTIONS_MARKER, '');
  // A second timestamp often follows the marker (`##[error]2026-… msg` in re-run logs).
  line = line.replace(LEADING_ISO_TIME, '');
  // Logs captured as JSON (`{"log":"Error …\"https://ghcr.io/v2/\"…"}`) escape the quotes that patterns expect.
  if (line.includes('\\"')) line = line.replace(/\\"/g, '"');
  return line.trim();
}

const TIMESTAMP_THEN_ONE_SPACE = /^\uFEFF?\[?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?\]? ?/;

/** How far the message itself is indented (after a log timestamp): wrapped lines are indented deeper. */
export function messageIndent(raw: string): number {
  let i = raw.length > 0 && raw.charCodeAt(0) >= 48 && raw.charCodeAt(0) <= 57 ? (TIMESTAMP_THEN_ONE_SPACE.exec(raw)?.[0].length ?? 0) : 0;
  const start = i;
  while (i < raw.length && (raw[i] === ' ' || raw[i] === '\t')) i++;
  return i - start;
}
