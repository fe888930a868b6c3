import { describe, expect, it } from 'vitest';
import { explainText } from '../../../src/explain/matcher.js';
import { isFindingId } from '../../../src/engine/catalog.js';
import { MATCHING, NOT_MATCHING } from './corpus.js';

describe('explain corpus: real error lines name their failure modes', () => {
  it('has at least 60 matching lines and 20 that must not match', () => {
    expect(MATCHING.length).toBeGreaterThanOrEqual(60);
    expect(NOT_MATCHING.length).toBeGreaterThanOrEqual(20);
  });

  for (const c of MATCHING) {
    it(`[${c.section}] ${c.source}: ${c.line.slice(0, 70)}`, () => {
      const ids = explainText(c.line).matches.map((m) => m.id);
      for (const id of c.expect) expect(isFindingId(id)).toBe(true);
      expect(ids).toEqual(expect.arrayContaining(c.expect));
      if (c.top) expect(ids[0]).toBe(c.top);
    });
  }
});

describe('explain corpus: lines that must not match', () => {
  for (const c of NOT_MATCHING) {
    it(`${c.what}: ${c.line.slice(0, 70)}`, () => {
      expect(explainText(c.line).matches).toEqual([]);
    });
  }
});
