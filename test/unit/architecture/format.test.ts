import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// `npm run lint` checks layout and lint rules; this keeps main from drifting between lint runs.
describe('code layout', () => {
  it('every source, test and script file is formatted and lint-clean (biome check)', () => {
    const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');
    const run = spawnSync(process.execPath, [biome, 'check', '--max-diagnostics=20', '.'], { encoding: 'utf8' });
    expect(run.stdout + run.stderr).not.toMatch(/Found \d+ errors?/);
    expect(run.status).toBe(0);
  }, 60_000);
});
