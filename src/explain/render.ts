import type { Paint } from '../report/status-style.js';
import { commandLines } from '../report/command-lines.js';
import type { ExplainResult } from './matcher.js';
import type { Confidence } from './knowledge.js';

export interface ExplainJson {
  schemaVersion: 1;
  tool: { name: 'ghcr-doctor'; version: string };
  matches: ExplainResult['matches'];
}

/** The `explain --json` document: exactly schemaVersion, tool and matches (README, "JSON report"). */
export function renderExplainJson(result: ExplainResult, version: string): ExplainJson {
  return {
    schemaVersion: 1,
    tool: { name: 'ghcr-doctor', version },
    matches: result.matches.map((m) => ({
      id: m.id,
      confidence: m.confidence,
      line: m.line,
      text: m.text,
      title: m.title,
      causes: m.causes,
      confirm: m.confirm,
      fixes: m.fixes,
    })),
  };
}

const CONFIDENCE_COLOR: Record<Confidence, 'danger' | 'warning' | 'muted'> = { high: 'danger', medium: 'warning', low: 'muted' };

export function renderExplainText(result: ExplainResult, paint: Paint): string {
  const { matches, explanations, linesRead } = result;
  const lines: string[] = [];
  if (matches.length === 0 && result.notGhcr.length > 0) {
    for (const n of result.notGhcr) lines.push(`line ${n.line}: ${n.note}.`);
    return lines.join('\n') + '\n';
  }
  if (matches.length === 0) {
    lines.push(`No known GHCR failure mode in this text (${linesRead} line${linesRead === 1 ? '' : 's'} read).`);
    lines.push('The message may be cut short, or the cause is one explain cannot tell from text alone.');
    lines.push(`Run the full diagnosis, which checks the token, the registry and the package directly:`);
    lines.push(`    $ ghcr-doctor --ci --image ghcr.io/OWNER/NAME`);
    return lines.join('\n') + '\n';
  }
  lines.push(paint('bold', 'What the error says'));
  for (const e of explanations) {
    lines.push(`  ${paint('muted', `line ${e.line}:`)} ${e.text}`);
    lines.push(`    ${e.meaning}`);
    if (e.tellApart && e.ids.length > 1) lines.push(`    ${paint('accent', 'Telling them apart:')} ${e.tellApart}`);
  }
  lines.push('');
  lines.push(paint('bold', `Likely failure modes, most likely first (${matches.length})`));
  for (const m of matches) {
    lines.push('');
    lines.push(
      `${paint(CONFIDENCE_COLOR[m.confidence], '●')} ${paint('bold', m.title)} ${paint('muted', `[${m.id}] ${m.confidence} confidence, line ${m.line}`)}`,
    );
    for (const c of m.causes) lines.push(`    cause: ${c}`);
    for (const c of m.confirm) lines.push(`    confirm: $ ${c}`);
    for (const fx of m.fixes) {
      lines.push(`    ${paint('accent', '→')} ${fx.title}`);
      for (const c of fx.commands) lines.push(...commandLines(c, '        '));
      for (const l of fx.links) lines.push(`        ${l}`);
    }
  }
  if (result.notGhcr.length > 0) {
    lines.push('');
    lines.push(paint('bold', 'Not GHCR'));
    for (const n of result.notGhcr) lines.push(`  ${paint('muted', `line ${n.line}:`)} ${n.note}`);
  }
  return lines.join('\n') + '\n';
}
