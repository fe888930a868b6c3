import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, runtimeImports, SRC } from '../../helpers/import-graph.js';

const rel = (file: string) => path.relative(SRC, file);

describe('imports in src/', () => {
  it('form no circle, counting modules loaded later with import() too', () => {
    expect(importCycles(runtimeImports())).toEqual([]);
    expect(importCycles(runtimeImports({ dynamic: true }))).toEqual([]);
  });

  it('Ink, React and the prompts are imported only under src/tui/ (the --ci path never loads them)', () => {
    const offenders: string[] = [];
    for (const [file, edges] of runtimeImports()) {
      if (rel(file).startsWith(`tui${path.sep}`)) continue;
      for (const e of edges) if (/^(ink|ink-[\w-]+|react|react\/.*|@inquirer\/.*|inquirer)$/.test(e.spec)) offenders.push(`${rel(file)} → ${e.spec}`);
    }
    expect(offenders).toEqual([]);
  });

  it('point downward: nothing below the command line imports src/cli/ or src/tui/ (the commands aside)', () => {
    const offenders: string[] = [];
    for (const [file, edges] of runtimeImports({ dynamic: true, types: true })) {
      const r = rel(file);
      if (/^(cli|tui)\//.test(r) || /\/command\.ts$/.test(r)) continue;
      for (const e of edges) if (/^(cli|tui)\//.test(rel(e.to))) offenders.push(`${r} → ${rel(e.to)}`);
    }
    expect(offenders).toEqual([]);
  });
});
