import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isFindingId } from '../../../src/engine/catalog.js';
import { explainText } from '../../../src/explain/matcher.js';

/**
 * Real texts copied from public threads (test/fixtures/explain-corpus): each with its URL, what
 * fixed it, and the finding ids acceptable as the FIRST cause. `accept: []` is another registry's
 * error (or a log with no GHCR in it): no finding id, and a one-line note saying what it is.
 */
interface CorpusText {
  url: string;
  text: string;
  accept: string[];
  fixedBy: string;
  family?: string;
  foreign?: string;
}

const load = (name: string): CorpusText[] => JSON.parse(readFileSync(new URL(`../../fixtures/explain-corpus/${name}`, import.meta.url), 'utf8'));
const LINES = load('lines.json');
const LOGS = load('logs.json');

function check(c: CorpusText) {
  for (const id of c.accept) expect(isFindingId(id), id).toBe(true);
  const result = explainText(c.text);
  const ids = result.matches.map((m) => m.id);
  if (c.accept.length === 0) {
    expect(ids).toEqual([]);
    if (c.foreign) expect(result.notGhcr.map((n) => n.registry)).toContain(c.foreign);
  } else {
    expect(c.accept, `first cause ${ids[0]} (all: ${ids.join(', ')})`).toContain(ids[0]);
  }
}

describe('explain on real lines (fixtures/explain-corpus/lines.json)', () => {
  it('every entry names its thread and what fixed it', () => {
    for (const c of [...LINES, ...LOGS]) {
      expect(c.url).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/(?:issues|pull)\/\d+/);
      expect(c.fixedBy.length).toBeGreaterThan(2);
    }
  });
  const families = [...new Set(LINES.map((c) => c.family ?? 'other'))];
  for (const family of families) {
    describe(family, () => {
      for (const c of LINES.filter((l) => (l.family ?? 'other') === family)) {
        it(`${c.url}: ${c.text.slice(0, 80)}`, () => check(c));
      }
    });
  }
});

describe('explain on real whole logs (fixtures/explain-corpus/logs.json)', () => {
  it('has at least 20 logs', () => expect(LOGS.length).toBeGreaterThanOrEqual(20));
  for (const c of LOGS) it(`${c.url}`, () => check(c));
});
