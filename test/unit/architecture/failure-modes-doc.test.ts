import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FINDING_IDS } from '../../../src/engine/catalog.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const doc = readFileSync(path.join(ROOT, 'docs', 'failure-modes.md'), 'utf8');

/** The ids the document explains: one `### \`id\`` heading each. */
function documentedIds(): string[] {
  return [...doc.matchAll(/^### `([a-z]+\.[a-z-]+)`$/gm)].map((m) => m[1]!);
}

describe('docs/failure-modes.md', () => {
  it('explains every finding id of the catalog, once, and no id the catalog does not have', () => {
    const documented = documentedIds();
    expect(documented.filter((id, i) => documented.indexOf(id) !== i)).toEqual([]);
    expect([...documented].sort()).toEqual([...FINDING_IDS].sort());
  });

  it('every section has a sentence of explanation, not just a heading', () => {
    const sections = doc.split(/^### /m).slice(1);
    const bare = sections.filter((s) => s.split('\n').slice(1).join(' ').trim().length < 40).map((s) => s.split('\n')[0]);
    expect(bare).toEqual([]);
  });

  it('is linked from the README', () => {
    expect(readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain('(docs/failure-modes.md)');
  });
});
