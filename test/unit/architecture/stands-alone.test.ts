import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : files(p);
    return /\.(tsx?|mjs|js|md|json|ya?ml)$/.test(e.name) ? [p] : [];
  });
}

// Built from pieces so that this file does not cite what it forbids.
const CITATIONS = [
  new RegExp('\\[' + '[A-H]\\d+(?:\\]|, ?[A-H]\\d|[-–][A-H]?\\d)'),
  new RegExp('spec' + '/contract\\.md'),
  new RegExp('shared' + '/research'),
  new RegExp('\\[research' + ' \\d|\\(research' + ' \\d|research' + ' §'),
];

describe('the repository stands alone', () => {
  it("no source, test, script or doc cites material outside it (builder section codes, the team's contract or research notes)", () => {
    const offenders: string[] = [];
    const all = [...['src', 'test', 'scripts', 'docs', '.ci'].flatMap((d) => files(path.join(ROOT, d))), path.join(ROOT, 'README.md')];
    for (const file of all) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (CITATIONS.some((re) => re.test(line))) offenders.push(`${path.relative(ROOT, file)}:${i + 1}: ${line.trim().slice(0, 100)}`);
        });
    }
    expect(offenders).toEqual([]);
  });

  it('the product code carries no builder section codes, even as data (tests may keep them to name their cases)', () => {
    const code = new RegExp('[\'"]' + '[A-H]\\d{1,2}' + '[\'"]');
    const offenders = files(path.join(ROOT, 'src')).filter((file) => code.test(readFileSync(file, 'utf8')));
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
  });
});
