import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintSource } from '../../../src/lint/lint.js';

/**
 * Real workflows, each reduced to its registry-relevant lines from a public repository pinned to a
 * commit (test/fixtures/lint-corpus/manifest.json: repo, commit, path), with the findings a
 * maintainer should get: [id, line] in order, and why.
 */
const DIR = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'lint-corpus');
const MANIFEST: Array<{ file: string; repo: string; commit: string; path: string; expect: Array<[string, number]>; why: string }> = JSON.parse(
  readFileSync(path.join(DIR, 'manifest.json'), 'utf8'),
);

describe('lint on real workflows (fixtures/lint-corpus)', () => {
  for (const w of MANIFEST) {
    it(`${w.repo}@${w.commit.slice(0, 7)} ${w.path}: ${w.why}`, () => {
      expect(w.commit).toMatch(/^[0-9a-f]{40}$/);
      const source = readFileSync(path.join(DIR, w.file), 'utf8');
      expect(source.split('\n')[0]).toBe(`# Reduced from ${w.repo}@${w.commit} ${w.path}`);
      const r = lintSource(w.file, source, 'workflows.lint');
      expect(r.syntaxError).toBeUndefined();
      expect(r.findings.map((f) => [f.id, f.evidence.line])).toEqual(w.expect);
    });
  }
});
