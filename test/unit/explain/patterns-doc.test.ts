import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PATTERNS } from '../../../src/explain/knowledge.js';
import { renderPatternsDoc } from '../../../src/explain/patterns-doc.js';

const DOC = path.resolve(import.meta.dirname, '..', '..', '..', 'docs', 'explain-patterns.md');

describe('docs/explain-patterns.md', () => {
  const rendered = renderPatternsDoc();
  if (process.env.UPDATE_DOCS) writeFileSync(DOC, rendered);

  it('is the knowledge table as rendered now (the doc, the matcher and the fixes read one table)', () => {
    expect(readFileSync(DOC, 'utf8')).toBe(rendered);
  });

  it('lists every pattern and every finding id explain can name, and no builder section code', () => {
    for (const p of PATTERNS) {
      expect(rendered).toContain(`## ${p.key}\n`);
      for (const m of [...p.modes, ...Object.values(p.byPhase ?? {}).flat()]) expect(rendered).toContain(`\`${m!.id}\``);
    }
    expect(rendered).not.toMatch(/\[[A-H]\d\b|§\d/);
  });
});
