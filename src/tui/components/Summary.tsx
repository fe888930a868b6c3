import { Box, Text } from 'ink';
import { severityStyle } from '../../report/status-style.js';
import { fixKey } from '../../report/text.js';
import type { Finding } from '../../engine/types.js';
import { Tone } from '../theme-context.js';
import type { ColorToken as ToneToken } from '../../report/status-style.js';
import type { FixResult } from '../state.js';
import { wrapWords } from '../../engine/text.js';

const OUTCOME_TEXT: Record<number, string> = {
  0: 'Nothing blocks pulls or pushes.',
  1: 'Problems found. Fix them in this order:',
  3: 'Inconclusive: an essential endpoint could not be reached.',
};

/** One line of the summary; `link` lines start at the left edge so a long address stays copyable. */
export interface SummaryLine {
  text: string;
  tone?: ToneToken;
  bold?: boolean;
  indent?: number;
  link?: boolean;
}

/**
 * The summary as lines, the answer first: the verdict, then each root cause with its first fix right
 * under it (the command or link on its own line), its consequences one line each under it. A fix
 * already shown for an earlier problem is named, not repeated.
 */
export function summaryLines(findings: Finding[], exitCode: number, unfinished: string[], deployServers: string[] = []): SummaryLine[] {
  const { shown, servers } =
    deployServers.length > 1 ? oncePerServerGroup(findings, deployServers) : { shown: findings, servers: new Map<Finding, string[]>() };
  findings = shown;
  const lines: SummaryLine[] = [{ text: OUTCOME_TEXT[exitCode] ?? '', tone: exitCode === 0 ? 'success' : exitCode === 3 ? 'warning' : 'danger', bold: true }];
  if (unfinished.length > 0) lines.push({ text: `${unfinished.length} step(s) could not finish: ${unfinished.join(', ')} (see above).`, tone: 'warning' });
  const shownFix = new Map<string, number>();
  let n = 0;
  for (const f of findings) {
    const s = severityStyle(f.severity);
    const on = servers.get(f);
    const where = on ? { text: on.length > 1 ? `on ${on.length} servers: ${on.join(', ')}` : `on ${on[0]}`, indent: 4, tone: 'muted' as const } : undefined;
    if (f.causedBy) {
      lines.push({ text: `↳ ${s.glyph} ${f.title} [${f.id}]`, indent: 4, tone: 'muted' });
      if (where && on!.length > 1) lines.push({ ...where, indent: 6 });
      continue;
    }
    n++;
    lines.push({ text: `${n}. ${s.glyph} ${f.title} [${f.id}]`, tone: s.color, bold: f.severity === 'error' });
    if (where) lines.push(where);
    const fx = f.fixes[0];
    if (!fx) continue;
    const seen = shownFix.get(fixKey(fx));
    if (seen !== undefined) {
      lines.push({ text: `→ ${fx.title} (the same fix as ${seen}.)`, indent: 4 });
      continue;
    }
    shownFix.set(fixKey(fx), n);
    lines.push({ text: `→ ${fx.title}`, indent: 4, tone: 'accent' });
    if (fx.commands[0]) {
      if (fx.runOn && fx.runOn !== 'local') lines.push({ text: `on ${fx.runOn}:`, indent: 6, tone: 'muted' });
      lines.push({ text: fx.commands[0], link: true });
    } else if (fx.links[0]) lines.push({ text: fx.links[0], link: true });
  }
  return lines;
}

/**
 * With several deploy servers, a finding several servers share is said once, naming them (the server
 * table and each server's details have the rest): eight servers without a login are one problem.
 * Findings without a server pass through.
 */
export function oncePerServerGroup(findings: Finding[], order: string[]): { shown: Finding[]; servers: Map<Finding, string[]> } {
  const servers = new Map<Finding, string[]>();
  const first = new Map<string, Finding>();
  const shown: Finding[] = [];
  for (const f of findings) {
    if (f.server === undefined) {
      shown.push(f);
      continue;
    }
    const group = `${f.id}\u0000${f.causedBy ?? ''}`;
    const lead = first.get(group);
    if (lead) {
      servers.get(lead)!.push(f.server);
      continue;
    }
    first.set(group, f);
    servers.set(f, [f.server]);
    shown.push(f);
  }
  // Named in input order, whichever server finished first.
  for (const list of servers.values()) list.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return { shown, servers };
}

/**
 * A line folded on words before Ink sees it: Ink keeps the space it breaks at, so a wrapped line began
 * one column right of the rest (' [package.private]', '     stored copy'). One column of slack for a
 * glyph a terminal draws wide.
 */
function folded(line: SummaryLine, width: number): string {
  return wrapWords(line.text, Math.max(10, width - (line.indent ?? 0) - 1)).join('\n');
}

/** Rows a line takes at this width (Ink wraps at the width; an indent narrows it). */
function height(line: SummaryLine, width: number): number {
  // Ink wraps at word boundaries: leave slack so an estimate never comes out short.
  const usable = Math.max(10, width - (line.indent ?? 0) - (line.link ? 0 : 8));
  return Math.max(1, Math.ceil(line.text.length / usable));
}

/** The lines that fit in `maxRows`, the rest counted in a last line (the full list is in `--ci`/`--json` and above). */
export function fitLines(lines: SummaryLine[], width: number, maxRows: number): SummaryLine[] {
  const out: SummaryLine[] = [];
  let used = 0;
  for (let i = 0; i < lines.length; i++) {
    const h = height(lines[i]!, width);
    const restAfter = i < lines.length - 1 ? 1 : 0;
    if (used + h + restAfter > maxRows) {
      const more = lines.slice(i).filter((l) => /^\d+\. /.test(l.text)).length;
      out.push({
        text: `… ${more > 0 ? `${more} more problem(s)` : 'more'} below this height: the checks above say each one; ghcr-doctor --ci lists them all`,
        tone: 'muted',
      });
      break;
    }
    out.push(lines[i]!);
    used += h;
  }
  return out;
}

/** The end of a run: what is wrong, in the order to fix it, then fix results and the keys; never taller than `maxRows`. */
export function Summary({
  findings,
  exitCode,
  fixCount,
  results,
  unfinished = [],
  pushProbe = false,
  width = 80,
  maxRows = Number.MAX_SAFE_INTEGER,
  servers = [],
}: {
  findings: Finding[];
  exitCode: number;
  fixCount: number;
  results: FixResult[];
  /** Titles of checks that crashed or timed out: "nothing blocks" would overstate what is known. */
  unfinished?: string[];
  /** Offer `p`: re-run with the push probe (asks first). */
  pushProbe?: boolean;
  width?: number;
  /** The terminal's rows left for the summary (Ink clears the screen, scrollback too, when a frame is taller). */
  maxRows?: number;
  /** The server table is above: its keys come first in the footer. */
  /** The deploy servers in input order: with several, the server table is above and shared findings are grouped. */
  servers?: string[];
}) {
  const shownResults = results.slice(-3);
  // The summary's top margin, the footer's margin and the footer; then the fix results and their margin.
  // The footer with the server keys can take two lines at 80 columns.
  const serverKeys = servers.length > 1;
  const footerRows = 3 + (serverKeys ? 1 : 0) + (shownResults.length > 0 ? shownResults.length + 1 : 0);
  const lines = fitLines(summaryLines(findings, exitCode, unfinished, servers), width, maxRows - footerRows);
  return (
    <Box flexDirection="column" marginTop={1}>
      {lines.map((l, i) =>
        l.link ? (
          <Tone key={i} token="accent">
            {l.text}
          </Tone>
        ) : (
          <Box key={i} paddingLeft={l.indent ?? 0}>
            {l.tone ? (
              <Tone token={l.tone} bold={l.bold}>
                {folded(l, width)}
              </Tone>
            ) : (
              <Text bold={l.bold}>{folded(l, width)}</Text>
            )}
          </Box>
        ),
      )}
      {shownResults.length > 0 ? (
        <Box flexDirection="column" marginTop={1}>
          {shownResults.map((r) => (
            <Text key={r.key} wrap="truncate-end">
              <Tone token={r.outcome === 'applied' ? 'success' : r.outcome === 'failed' ? 'danger' : 'muted'}>{r.outcome}</Tone> {r.title}
              {r.message ? `: ${r.message}` : ''}
            </Text>
          ))}
        </Box>
      ) : null}
      <Box marginTop={1}>
        <Tone token="muted">
          {serverKeys ? '↑/↓ enter details · ' : ''}
          {fixCount > 0 ? `f fix (${fixCount} available) · ` : ''}r re-run · {pushProbe ? 'p push probe · ' : ''}e explain · ? help · q quit
        </Tone>
      </Box>
    </Box>
  );
}
