import { readFileSync } from 'node:fs';
import path from 'node:path';
import { lintSource, type FileLintResult } from '../../../src/lint/lint.js';

export const FIXTURES = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'workflows');

export function lintFixture(rel: string): FileLintResult & { source: string } {
  const source = readFileSync(path.join(FIXTURES, rel), 'utf8');
  return { ...lintSource(rel, source, 'workflows.lint'), source };
}

/** 1-based line of the first line containing `needle` (after line `after`), so tests name lines by content. */
export function lineOf(source: string, needle: string, after = 0): number {
  const lines = source.split('\n');
  for (let i = after; i < lines.length; i++) if (lines[i]!.includes(needle)) return i + 1;
  throw new Error(`"${needle}" not in fixture`);
}

export function hits(r: FileLintResult): Array<[string, number]> {
  return r.findings.map((f) => [f.id, f.evidence.line as number]);
}
