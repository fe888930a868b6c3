import type { Finding } from '../engine/types.js';
import type { Report } from './report.js';
import { formatDuration } from './status-style.js';

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** The first fix, as the annotation's last lines: what to do, where, and the command or link to copy. */
function firstFix(f: Finding): string {
  const fx = f.fixes[0];
  if (!fx) return '';
  const where = fx.runOn && fx.runOn !== 'local' ? ` (on ${fx.runOn})` : '';
  return `\nFix: ${fx.title}${where}${[...fx.commands.map((c) => `\n$ ${c}`), ...fx.links.map((l) => `\n${l}`)].join('')}`;
}

/** `::error title=…::…` workflow commands; info findings are not annotated. */
export function annotations(findings: Finding[]): string {
  let out = '';
  for (const f of findings) {
    if (f.severity === 'info') continue;
    const level = f.severity === 'error' ? 'error' : 'warning';
    const file = typeof f.evidence.file === 'string' ? `file=${escapeProperty(f.evidence.file)},` : '';
    const line = typeof f.evidence.line === 'number' ? `line=${f.evidence.line},` : '';
    // With several servers the same id comes once per server: the title says which.
    const where = f.server ? ` on ${f.server}` : '';
    out += `::${level} ${file}${line}title=${escapeProperty(`ghcr-doctor ${f.id}${where}`)}::${escapeData(`${f.title}: ${f.detail}${firstFix(f)}`)}\n`;
  }
  return out;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n|\r/g, ' ');
}

export function stepSummary(report: Report): string {
  const icon = report.exitCode === 0 ? '✅' : report.exitCode === 3 ? '⚠️' : '❌';
  const lines = [
    `## ${icon} ghcr-doctor: ${report.outcome}`,
    '',
    `Image \`${report.target.image ?? '(none)'}\`${report.demo ? ' (demo sandbox)' : ''} · ${report.checks.length} checks in ${formatDuration(report.durationMs)} · exit ${report.exitCode}`,
    '',
  ];
  if (report.findings.length > 0) {
    lines.push('| severity | finding | detail | fix |', '|---|---|---|---|');
    for (const f of report.findings) {
      const fx = f.fixes.map((x) => [x.title, ...x.commands.map((c) => `\`${c}\``), ...x.links].join('<br>')).join('<br>');
      lines.push(`| ${f.severity} | \`${f.id}\`${f.server ? ` (${cell(f.server)})` : ''} ${cell(f.title)} | ${cell(f.detail)} | ${cell(fx)} |`);
    }
    lines.push('');
  }
  lines.push('<details><summary>Checks</summary>', '', '| check | status | summary |', '|---|---|---|');
  for (const c of report.checks) lines.push(`| ${cell(c.title)}${c.server ? ` (${cell(c.server)})` : ''} | ${c.status} | ${cell(c.summary)} |`);
  lines.push('', '</details>', '');
  return lines.join('\n');
}
