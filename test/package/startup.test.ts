/**
 * Start-up behaviour of the CLI as built by `npm run build` (npm test builds first): the --ci path
 * never loads Ink or React, and an old Node gets one clear line. The same no-UI property of the
 * published bundle is asserted in pack.test.ts (it rebuilds the bundle, so it owns dist/bundle).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runBuiltCliSync } from '../helpers/built-cli.js';

const fixtures = path.join(import.meta.dirname, 'fixtures');

/** Module URLs a run imports (ESM resolve hook). */
function importsOf(args: string[]): { urls: string[]; status: number | null } {
  const dir = mkdtempSync(path.join(tmpdir(), 'ghcr-doctor-imports-'));
  const log = path.join(dir, 'imports.txt');
  try {
    const r = runBuiltCliSync(args, { nodeArgs: ['--import', path.join(fixtures, 'record-imports.mjs')], env: { HOME: dir, GHCR_DOCTOR_IMPORT_LOG: log } });
    let urls: string[] = [];
    try {
      urls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    } catch {
      /* nothing imported */
    }
    return { urls, status: r.code };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Node internals a run loaded (`process.moduleLoadList` at exit). */
function builtinsOf(args: string[]): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'ghcr-doctor-builtins-'));
  const log = path.join(dir, 'builtins.txt');
  try {
    runBuiltCliSync(args, { nodeArgs: ['--require', path.join(fixtures, 'record-builtins.cjs')], env: { HOME: dir, GHCR_DOCTOR_BUILTIN_LOG: log } });
    return readFileSync(log, 'utf8').split('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const UI_MODULE = /\/node_modules\/(ink|react|react-reconciler|yoga-layout|@inquirer)\//;

describe('start-up', { timeout: 60_000 }, () => {
  it('the hook sees imports at all (so "no Ink" below cannot pass vacuously)', () => {
    const { urls } = importsOf(['--help']);
    expect(urls.some((u) => u.endsWith('/dist/cli/main.js'))).toBe(true);
  });

  it('`demo --ci --json` and `--ci` never load Ink, React or the prompts', () => {
    for (const args of [
      ['demo', '--ci', '--json'],
      ['--ci', '--image', 'ghcr.io/acme/api:latest', '--no-status', '--timeout', '2'],
    ]) {
      const { urls, status } = importsOf(args);
      expect(status, args.join(' ')).not.toBe(null);
      expect(urls.length).toBeGreaterThan(10);
      expect(
        urls.filter((u) => UI_MODULE.test(u) || u.includes('/dist/tui/')),
        args.join(' '),
      ).toEqual([]);
    }
  });

  it('`--ci` without a deploy server, a proxy or workflow files loads neither ssh2, undici, yaml nor libsodium', () => {
    const { urls, status } = importsOf(['--ci', '--image', 'ghcr.io/acme/api:latest', '--no-status', '--timeout', '2']);
    expect(status).not.toBe(null);
    expect(
      urls.some((u) => u.includes('/dist/checks/')),
      'the checks did load',
    ).toBe(true);
    expect(urls.filter((u) => /\/node_modules\/(ssh2|undici|yaml|libsodium|libsodium-wrappers)\//.test(u))).toEqual([]);
  });

  it("`demo --ci --json` never builds Node's fetch (its bundled undici), node:tls nor process.stdin: the sandbox is in memory", () => {
    const loaded = builtinsOf(['demo', '--ci', '--json']);
    expect(
      loaded.some((m) => m.includes('internal/fs/utils')),
      'the log holds internals at all',
    ).toBe(true);
    expect(loaded.filter((m) => /undici/.test(m))).toEqual([]);
    // node:tls is for naming a certificate's issuer after a TLS failure, never needed to start.
    expect(loaded.filter((m) => /_tls_wrap|NativeModule tls$/.test(m))).toEqual([]);
    // process.stdin's getter builds a tty/pipe/file stream; a run that reads no stdin asks isatty(0) instead.
    expect(loaded).not.toContain('process.stdin');
  });

  it('`--version` does not even start the ES module loader (the bin is CommonJS): it costs what a bare Node start costs', () => {
    const loaded = builtinsOf(['--version']);
    expect(
      loaded.some((m) => m.includes('internal/fs/utils')),
      'the log holds internals at all',
    ).toBe(true);
    expect(loaded.filter((m) => m.includes('internal/modules/esm/loader'))).toEqual([]);
    // The rest of the program is ES modules: the same bin loads it through the loader.
    expect(builtinsOf(['--help']).filter((m) => m.includes('internal/modules/esm/loader'))).not.toEqual([]);
  });

  it('`--version` does not load the program; `--help` loads neither the UI, undici (proxies only), ssh2 nor Octokit', () => {
    expect(importsOf(['--version']).urls.filter((u) => u.includes('/dist/'))).toEqual([]);
    const { urls } = importsOf(['--help']);
    expect(urls.filter((u) => UI_MODULE.test(u) || /\/node_modules\/(undici|ssh2|@octokit)\//.test(u) || u.includes('/dist/checks/'))).toEqual([]);
  });

  it('Node older than 20.19 gets one clear line and exit 2', () => {
    const r = runBuiltCliSync(['--version'], { nodeArgs: ['--import', path.join(fixtures, 'old-node.mjs')] });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('ghcr-doctor needs Node.js 20.19 or newer; this is 18.19.0.\n');
  });
});
