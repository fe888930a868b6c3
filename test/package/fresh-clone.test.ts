import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/built-cli.js';

describe('a fresh clone', () => {
  it('npm ci builds the program (a prepare script), so `npx ghcr-doctor demo` works right after it', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.prepare).toBe('npm run build');
  });

  it('before any build, bin says what to run (one line, exit 2) instead of a module-not-found stack trace', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ghcrd-clone-'));
    mkdirSync(path.join(dir, 'bin'));
    copyFileSync(BIN, path.join(dir, 'bin', 'ghcr-doctor.js'));
    copyFileSync(path.join(ROOT, 'bin', 'package.json'), path.join(dir, 'bin', 'package.json'));
    copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
    const r = spawnSync(process.execPath, [path.join(dir, 'bin', 'ghcr-doctor.js'), 'demo'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['ghcr-doctor is not built yet: run `npm ci` (it builds) or `npm run build` in this checkout.']);
    expect(r.stdout).toBe('');
  });
});
