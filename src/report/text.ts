import type { CheckRecord, EngineEvent, Finding, Severity } from '../engine/types.js';
import { commandLines } from './command-lines.js';
import type { Report } from './report.js';
import { formatServers } from './text-servers.js';
import { formatDuration, severityStyle, statusStyle, type Paint } from './status-style.js';

export type Write = (text: string) => void;

/**
 * Plain line-oriented front end: a line per check as it completes, then findings, then a summary. With
 * several deploy servers their checks are not streamed (six lines a server would bury the rest) unless
 * --verbose; the servers get their own section instead (text-servers.ts).
 */
export class TextReporter {
  constructor(
    private readonly write: Write,
    private readonly paint: Paint,
    private readonly verbose = false,
    private readonly serverCount = 0,
  ) {}

  onEvent(event: EngineEvent): void {
    if (event.type !== 'check:done' && event.type !== 'check:skipped') return;
    const server = this.serverCount > 1 ? event.check.server : undefined;
    if (server && !this.verbose) return;
    this.write(`${server ? this.paint('muted', `${server} `) : ''}${formatCheckLine(event.check, this.paint)}\n`);
  }

  finish(report: Report): void {
    if ((report.target.servers?.length ?? 0) > 1) {
      this.write(formatFindings(report.findings.filter((f) => !f.server), this.paint, this.verbose));
      this.write(formatServers(report, this.paint, (f) => formatFinding(f, this.paint, this.verbose)));
    } else {
      this.write(formatFindings(report.findings, this.paint, this.verbose));
    }
    this.write(formatSummary(report, this.paint) + '\n');
  }
}

export function formatCheckLine(check: CheckRecord, paint: Paint): string {
  const s = statusStyle(check.status);
  const duration = check.status === 'skip' ? '' : paint('muted', ` (${formatDuration(check.durationMs)})`);
  return `${paint(s.color, s.glyph)} ${check.title}: ${check.summary}${duration}`;
}

const HEADINGS: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Notes' };

export function formatFinding(f: Finding, paint: Paint, verbose: boolean): string {
  const s = severityStyle(f.severity);
  const lines = [`${paint(s.color, s.glyph)} ${paint('bold', f.title)} ${paint('muted', `[${f.id}]`)}`];
  for (const l of f.detail.split('\n')) lines.push(`    ${l}`);
  const evidence = Object.entries(f.evidence);
  if (verbose && evidence.length > 0) {
    for (const [k, v] of evidence) lines.push(paint('muted', `    ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`));
  }
  for (const fx of f.fixes) {
    lines.push(`    ${paint('accent', '→')} ${fx.title}`);
    for (const c of fx.commands) lines.push(...commandLines(c, '        '));
    for (const l of fx.links) lines.push(`        ${l}`);
  }
  return lines.join('\n');
}

export function formatFindings(findings: Finding[], paint: Paint, verbose: boolean): string {
  if (findings.length === 0) return '\n';
  let out = '\n';
  for (const severity of ['error', 'warning', 'info'] as const) {
    const group = findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    out += `${paint('bold', `${HEADINGS[severity]} (${group.length})`)}\n`;
    for (const f of group) out += formatFinding(f, paint, verbose) + '\n\n';
  }
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatSummary(report: Report, paint: Paint): string {
  const count = (s: Severity) => report.findings.filter((f) => f.severity === s).length;
  const parts = [plural(count('error'), 'error'), plural(count('warning'), 'warning'), `${count('info')} info`];
  const color = report.exitCode === 0 ? 'success' : report.exitCode === 3 ? 'warning' : 'danger';
  const demo = report.demo ? ' (demo sandbox: nothing real was checked)' : '';
  return `${paint(color, report.outcome)}: ${parts.join(', ')} · ${report.checks.length} checks in ${formatDuration(report.durationMs)} · exit ${report.exitCode}${demo}`;
}
