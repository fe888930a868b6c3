/**
 * The TUI's `e` key runs what `ghcr-doctor explain` runs: the same streaming matcher over the pasted
 * lines. The result passes the run's redactor before any view holds it (a paste may carry a token,
 * e.g. a `docker login -p` line).
 */
import type { Redactor } from '../engine/redact.js';
import { ExplainMatcher, type ExplainResult } from '../explain/matcher.js';

/** null when nothing but blank lines was pasted: there is nothing to explain. */
export function explainPasted(lines: string[], redactor: Redactor): ExplainResult | null {
  if (!lines.some((l) => l.trim() !== '')) return null;
  const matcher = new ExplainMatcher();
  for (const line of lines) matcher.feed(line);
  return redactor.redactValue(matcher.result());
}
