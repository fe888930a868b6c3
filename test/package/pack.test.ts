/**
 * The npm package as a user gets it: `npm pack`, install the tarball into an empty prefix (no
 * checkout, no dev dependencies), then run the installed bin.  The bundle is rebuilt first; the npm registry is not contacted because the package has no runtime dependencies.
 */
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string; dependencies?: Record<string, string> };
let work: string;
let tarball: string;
let packInfo: { size: number; unpackedSize: number; files: Array<{ path: string }> };
let bin: string;

interface BundleMeta {
  outputs: Record<string, { entryPoint?: string; inputs: Record<string, unknown>; imports: Array<{ path: string; kind: string; external?: boolean }> }>;
}
let meta: BundleMeta | undefined;
/** esbuild's metafile of the bundle that was packed (written by scripts/build-bundle.mjs). */
function bundleMeta(): BundleMeta {
  return (meta ??= JSON.parse(readFileSync(path.join(root, 'dist/bundle/meta.json'), 'utf8')) as BundleMeta);
}

/** Names of the bundle's chunks that hold a module whose path matches. */
function chunksHolding(module: RegExp): string[] {
  return Object.entries(bundleMeta().outputs)
    .filter(([file, o]) => file.endsWith('.js') && Object.keys(o.inputs).some((i) => module.test(i)))
    .map(([file]) => path.basename(file));
}

/** An output file and every chunk it loads with static imports (what must be parsed before it runs). */
function staticClosure(file: string): string[] {
  const seen = new Set<string>();
  const visit = (f: string) => {
    if (seen.has(f)) return;
    seen.add(f);
    for (const i of bundleMeta().outputs[f]?.imports ?? []) if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  visit(file);
  return [...seen];
}

function duBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? duBytes(p) : statSync(p).size;
  }
  return total;
}

beforeAll(() => {
  // Always from the current sources (esbuild takes about a second); `npm pack` then takes dist/bundle.
  execFileSync(process.execPath, [path.join(root, 'scripts/build-bundle.mjs')], { cwd: root });
  work = mkdtempSync(path.join(tmpdir(), 'ghcr-doctor-pack-'));
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' });
  packInfo = (JSON.parse(out) as Array<typeof packInfo & { filename: string }>)[0]!;
  tarball = path.join(work, (JSON.parse(out) as Array<{ filename: string }>)[0]!.filename);
  const prefix = path.join(work, 'prefix');
  execFileSync('npm', ['install', '--prefix', prefix, tarball, '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: work, encoding: 'utf8' });
  bin = path.join(prefix, 'node_modules', '.bin', 'ghcr-doctor');
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('npm package', { timeout: 120_000 }, () => {
  it('ships the bundle only: no sources, no tsc output, no runtime dependencies, within 1 MB', () => {
    const files = packInfo.files.map((f) => f.path);
    expect(files).toContain('bin/ghcr-doctor.js');
    expect(files).toContain('dist/bundle/main.js');
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('dist/cli/') || f.startsWith('test/'))).toEqual([]);
    expect(files).not.toContain('dist/bundle/meta.json');
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(packInfo.size).toBeLessThanOrEqual(1024 * 1024);
    console.log(
      `packed ${(packInfo.size / 1024).toFixed(0)} KiB, unpacked ${(packInfo.unpackedSize / 1024).toFixed(0)} KiB, installed ${(duBytes(path.join(work, 'prefix', 'node_modules')) / 1024).toFixed(0)} KiB`,
    );
  });

  it('installed into an empty prefix, --version prints the bare version', () => {
    const r = spawnSync(bin, ['--version'], { cwd: work, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${pkg.version}\n`);
  });

  it('installed, `demo --ci --json` runs the sandbox diagnosis from the bundle (exit 1, demo: true)', () => {
    const r = spawnSync(bin, ['demo', '--ci', '--json'], { cwd: work, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: work } });
    expect(r.stderr).toContain('Nothing real is checked');
    const report = JSON.parse(r.stdout) as { demo?: boolean; exitCode: number; tool: { version: string }; checks: unknown[] };
    expect(report.demo).toBe(true);
    expect(report.tool.version).toBe(pkg.version);
    expect(report.checks.length).toBeGreaterThan(3);
    expect(r.status).toBe(report.exitCode);
    expect(r.status).toBe(1);
  });

  it('the installed bundle: `demo --ci --json` never loads the chunks that hold Ink/React, ssh2, undici, libsodium or yaml', () => {
    const uiChunks = chunksHolding(/node_modules\/(ink|react|react-reconciler)\//);
    expect(uiChunks.length, 'the TUI is bundled, in its own chunks').toBeGreaterThan(0);
    expect(uiChunks).not.toContain('main.js');
    // The demo's server is simulated (no ssh2), there is no proxy (no undici), no secret is sealed (no
    // libsodium) and no workflow file is read (no yaml).
    const lazyChunks = chunksHolding(/node_modules\/(ssh2|undici|libsodium|libsodium-wrappers|yaml)\//);
    expect(lazyChunks.length, 'each of them is bundled, in chunks of its own').toBeGreaterThanOrEqual(4);
    const log = path.join(work, 'imports.txt');
    const r = spawnSync(process.execPath, ['--import', path.join(import.meta.dirname, 'fixtures/record-imports.mjs'), bin, 'demo', '--ci', '--json'], {
      cwd: work,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: work, GHCR_DOCTOR_IMPORT_LOG: log },
    });
    expect(r.status).toBe(1);
    const loaded = readFileSync(log, 'utf8')
      .split('\n')
      .filter((u) => u.includes('/dist/bundle/'));
    expect(loaded.some((u) => u.endsWith('/dist/bundle/main.js'))).toBe(true);
    expect(loaded.filter((u) => uiChunks.includes(path.basename(u)))).toEqual([]);
    expect(loaded.filter((u) => lazyChunks.includes(path.basename(u)))).toEqual([]);
  });

  it('the first frame waits for no module it does not draw with: the UI chunk and what it imports hold no ssh2, undici, libsodium, yaml, iconv-lite or explain knowledge', () => {
    const entryOf = (src: string) => Object.entries(bundleMeta().outputs).find(([, o]) => o.entryPoint === src)?.[0];
    const command = entryOf('src/tui/command.ts');
    const ink = entryOf('src/tui/ink-host.tsx');
    expect(command, 'the UI is its own entry chunk').toBeDefined();
    expect(ink, 'React and Ink are a chunk of their own, loaded while the diagnosis already runs').toBeDefined();
    const inputsOf = (entry: string) => staticClosure(entry).flatMap((file) => Object.keys(bundleMeta().outputs[file]!.inputs));
    // The terminal command starts the checks and shows them running before React and Ink are loaded.
    expect(inputsOf(command!).filter((i) => /node_modules\/(ink|react|react-reconciler|yoga-layout)\//.test(i))).toEqual([]);
    const inputs = [...inputsOf(command!), ...inputsOf(ink!)];
    expect(
      inputs.some((i) => i.includes('node_modules/ink/')),
      'the closure is the UI',
    ).toBe(true);
    expect(inputs.filter((i) => /node_modules\/(ssh2|undici|libsodium|libsodium-wrappers|yaml|iconv-lite|chardet|@inquirer\/editor)\//.test(i))).toEqual([]);
    // Nor the explain knowledge base: `e` loads it when pressed.
    expect(inputs.filter((i) => i.startsWith('src/explain/knowledge'))).toEqual([]);
  });

  it('works through `npx` from a clean directory', () => {
    const clean = mkdtempSync(path.join(work, 'clean-'));
    const r = spawnSync('npx', ['--yes', '--package', tarball, 'ghcr-doctor', '--version'], {
      cwd: clean,
      encoding: 'utf8',
      env: { ...process.env, npm_config_cache: path.join(work, 'npm-cache') },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  }, 120_000);
});
