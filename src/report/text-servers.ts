import type { Finding } from '../engine/types.js';
import type { Report } from './report.js';
import { formatDuration, severityStyle, statusStyle, type Paint } from './status-style.js';

/**
 * The deploy servers of a run with several: one block per server with problems (its errors and warnings;
 * a finding already explained on an earlier server is one line naming it), then one line per healthy
 * server. Twenty servers with the same missing login read as one explanation and nineteen short lines.
 */
export function formatServers(report: Report, paint: Paint, formatFinding: (f: Finding) => string): string {
  const servers = report.target.servers ?? [];
  const explainedOn = new Map<string, string>();
  const blocks: string[] = [];
  const healthy: string[] = [];
  for (const server of servers) {
    const problems = report.findings.filter((f) => f.server === server && f.severity !== 'info');
    const checks = report.checks.filter((c) => c.server === server);
    const broken = checks.filter((c) => c.status === 'error');
    if (problems.length === 0 && broken.length === 0) {
      const pull = checks.find((c) => c.id === 'server.pull');
      const took = checks.reduce((sum, c) => sum + c.durationMs, 0);
      healthy.push(
        `${paint('success', statusStyle('pass').glyph)} ${server}: ${pull?.summary ?? 'no problem found'} ${paint('muted', `(${formatDuration(took)})`)}`,
      );
      continue;
    }
    const worst = problems.some((f) => f.severity === 'error') || broken.length ? 'error' : 'warning';
    const style = severityStyle(worst);
    const lines = [`${paint(style.color, style.glyph)} ${paint('bold', server)}`];
    for (const f of problems) {
      const first = explainedOn.get(f.id);
      if (first) {
        const s = severityStyle(f.severity);
        lines.push(`  ${paint(s.color, s.glyph)} ${f.title} ${paint('muted', `[${f.id}]`)}: as on ${first}`);
      } else {
        explainedOn.set(f.id, server);
        lines.push(
          ...formatFinding(f)
            .split('\n')
            .map((l) => `  ${l}`),
        );
      }
    }
    for (const c of broken) lines.push(`  ${paint('danger', statusStyle('error').glyph)} ${c.title}: ${c.summary}`);
    blocks.push(lines.join('\n'));
  }
  const head = paint('bold', `Servers (${servers.length}: ${blocks.length} with problems, ${healthy.length} healthy)`);
  return `${head}\n${[...blocks.map((b) => `${b}\n`), ...healthy].join('\n')}\n\n`;
}
