import type { CheckRecord, EngineEvent, Finding, Fix, Severity } from '../engine/types.js';
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
      this.write(
        formatFindings(
          report.findings.filter((f) => !f.server),
          this.paint,
          this.verbose,
        ),
      );
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

/** A fix block's identity: the same title, commands and links under several findings is one fix. */
export function fixKey(fx: Fix): string {
  return JSON.stringify([fx.title, fx.commands, fx.links]);
}

/** For each fix block, the findings (in report order) it appears under. */
export function fixOwners(findings: Finding[]): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const f of findings) for (const fx of f.fixes) owners.set(fixKey(fx), [...(owners.get(fixKey(fx)) ?? []), f.id]);
  return owners;
}

/**
 * One finding: glyph, title, id, detail, then its fixes. A fix block already printed for an earlier
 * finding is named, not repeated; the first print names every finding it fixes.
 */
export function formatFinding(
  f: Finding,
  paint: Paint,
  verbose: boolean,
  indent = '',
  owners = new Map<string, string[]>(),
  printed = new Set<string>(),
): string {
  const s = severityStyle(f.severity);
  const lines = [`${indent}${paint(s.color, s.glyph)} ${paint('bold', f.title)} ${paint('muted', `[${f.id}]`)}`];
  for (const l of f.detail.split('\n')) lines.push(`${indent}    ${l}`);
  const evidence = Object.entries(f.evidence);
  if (verbose && evidence.length > 0) {
    for (const [k, v] of evidence) lines.push(paint('muted', `${indent}    ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`));
  }
  for (const fx of f.fixes) {
    const key = fixKey(fx);
    const others = (owners.get(key) ?? []).filter((id) => id !== f.id);
    if (printed.has(key)) {
      lines.push(`${indent}    ${paint('accent', '→')} ${fx.title} ${paint('muted', '(the same fix as above)')}`);
      continue;
    }
    printed.add(key);
    lines.push(
      `${indent}    ${paint('accent', '→')} ${fx.title}${others.length > 0 ? paint('muted', ` (also fixes ${[...new Set(others)].join(', ')})`) : ''}`,
    );
    // Commands and links on their own lines, unindented past the arrow, so they can be copied whole.
    if (fx.runOn && fx.runOn !== 'local' && fx.commands.length > 0) lines.push(`${indent}        ${paint('muted', `on ${fx.runOn}:`)}`);
    for (const c of fx.commands) lines.push(`${indent}        $ ${c}`);
    for (const l of fx.links) lines.push(`${indent}        ${l}`);
  }
  return lines.join('\n');
}

/**
 * The findings in the report's order (root causes first, each followed by its consequences,
 * indented and saying which finding causes them): the same order as the JSON and the TUI.
 */
export function formatFindings(findings: Finding[], paint: Paint, verbose: boolean): string {
  if (findings.length === 0) return '\n';
  const owners = fixOwners(findings);
  const printed = new Set<string>();
  let out = `\n${paint('bold', 'Root causes first, each followed by what it causes:')}\n`;
  for (const f of findings) {
    if (f.causedBy) out += `    ${paint('muted', `↳ because of ${f.causedBy}:`)}\n`;
    out += formatFinding(f, paint, verbose, f.causedBy ? '    ' : '', owners, printed) + '\n\n';
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
  // Exit 2 with a report (lint with a workflow it could not read or parse): "problems: 0 errors" would puzzle.
  const verdict = report.exitCode === 2 ? 'unreadable input' : report.outcome;
  return `${paint(color, verdict)}: ${parts.join(', ')} · ${report.checks.length} checks in ${formatDuration(report.durationMs)} · exit ${report.exitCode}${demo}`;
}
