#!/usr/bin/env node
// Start-up cost of the CLI as users get it (the esbuild bundle, run through bin/ from a copy that has
// no dist/cli, like the installed package), compared in the same run against bare Node (the runs take
// turns with bare Node's, so load that drifts on a shared machine hits both alike), as ratios
// (the machine may be shared: absolute times move, ratios much less): --version, --help,
// `demo --ci --json` to exit, and the first Ink frame of `demo` under a pty. Also the peak memory of
// `demo --ci --json` and the package's packed and installed size. Targets (a report: "met"/"MISS",
// exit 1 when one is missed; never a test):
//   --version ≤ 1.5x bare `node -e 0`; `demo --ci --json` ≤ 3x bare `node -e 0`;
//   first Ink frame showing checks running ≤ 4x bare node printing a line in the same pty;
//   `demo --ci --json` peak RSS ≤ 80 MB; packed size ≤ 1 MB.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

if (!existsSync(path.join(root, 'dist/bundle/main.js'))) execFileSync(process.execPath, [path.join(root, 'scripts/build-bundle.mjs')], { stdio: 'inherit' });
const pkgDir = mkdtempSync(path.join(tmpdir(), 'ghcr-doctor-bench-'));
for (const p of ['bin', 'dist/bundle', 'package.json']) cpSync(path.join(root, p), path.join(pkgDir, p), { recursive: true });
const bin = path.join(pkgDir, 'bin/ghcr-doctor.js');
const env = { PATH: process.env.PATH, HOME: pkgDir, NO_COLOR: '1', TERM: 'xterm-256color' };

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Peak RSS (MB) of one run: a preload writes process.resourceUsage().maxRSS at exit. */
const rssPreload = path.join(pkgDir, 'peak-rss.mjs');
writeFileSync(
  rssPreload,
  "import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n",
);
function peakRssMb(args) {
  const file = path.join(pkgDir, 'rss.txt');
  const r = spawnSync(process.execPath, ['--import', rssPreload, ...args], { env: { ...env, BENCH_RSS_FILE: file }, cwd: pkgDir, stdio: 'ignore' });
  if (r.error) throw r.error;
  return Number(readFileSync(file, 'utf8')) / 1024;
}

/**
 * Median ms of each command, the commands taking turns run after run: on a shared machine the load
 * drifts, and a block of bare runs measured before a block of CLI runs would see another machine.
 */
function timeRuns(commands) {
  const times = commands.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    commands.forEach((args, k) => {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(process.execPath, args, { env, cwd: pkgDir, stdio: ['ignore', 'ignore', 'ignore'] });
      times[k].push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (r.error) throw r.error;
    });
  }
  return times.map(median);
}

/** ms from spawn until the pty shows `marker` (script(1) gives the program a real terminal). */
function firstFrame(command, marker) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...env, COLUMNS: '100', LINES: '40' }, cwd: pkgDir, detached: true });
    let seen = '';
    const timer = setTimeout(() => finish(new Error(`no ${marker} within 10 s; saw: ${JSON.stringify(seen.slice(-300))}`)), 10_000);
    function finish(result) {
      clearTimeout(timer);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
      if (result instanceof Error) reject(result);
      else resolve(result);
    }
    child.stdout.on('data', (d) => {
      seen += d.toString('utf8');
      if (marker.test(seen)) finish(Number(process.hrtime.bigint() - t0) / 1e6);
    });
    child.on('error', finish);
  });
}

/** Median ms to each case's marker, the cases taking turns (see timeRuns). */
async function firstFrameMedians(cases) {
  const times = cases.map(() => []);
  for (let i = 0; i < Math.max(5, Math.floor(RUNS / 2)); i++)
    for (const [k, [command, marker]] of cases.entries()) times[k].push(await firstFrame(command, marker));
  return times.map(median);
}

const fmt = (ms) => `${ms.toFixed(0).padStart(5)} ms`;
const rows = [];
let missed = 0;
const ratio = (ms, base) => `${(ms / base).toFixed(2)}x`;
function row(name, ms, note = '') {
  rows.push(`${name.padEnd(34)} ${fmt(ms)}  ${note}`);
}
function target(ok, text) {
  if (!ok) missed++;
  rows.push(`  ${ok ? 'met ' : 'MISS'} ${text}`);
}

try {
  const [bare, version, help, demoCi] = timeRuns([
    ['-e', '0'],
    [bin, '--version'],
    [bin, '--help'],
    [bin, 'demo', '--ci', '--json'],
  ]);
  row('node -e 0 (bare)', bare);
  row('ghcr-doctor --version', version, `${ratio(version, bare)} bare`);
  target(version <= bare * 1.5, '--version ≤ 1.5x bare node');
  row('ghcr-doctor --help', help, `${ratio(help, bare)} bare`);
  row('ghcr-doctor demo --ci --json', demoCi, `${ratio(demoCi, bare)} bare (whole diagnosis of the sandbox, to exit)`);
  target(demoCi <= bare * 3, 'demo --ci --json ≤ 3x bare node');

  // The first frame that shows a check running: a spinner glyph (CheckRow, or the line shown while Ink
  // loads) in the output. The banner before it (plain stderr) has none.
  const [ptyBare, frame] = await firstFrameMedians([
    [`${process.execPath} -e "console.log('ready')"`, /ready/],
    [`${process.execPath} ${bin} demo`, /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/],
  ]);
  row('pty: node prints a line (bare)', ptyBare);
  row('pty: demo, first frame, checks running', frame, `${ratio(frame, ptyBare)} bare (+${(frame - ptyBare).toFixed(0)} ms)`);
  target(frame <= ptyBare * 4, 'first Ink frame (checks running) ≤ 4x bare node printing a line');

  const rss = median(Array.from({ length: 3 }, () => peakRssMb([bin, 'demo', '--ci', '--json'])));
  const bareRss = median(Array.from({ length: 3 }, () => peakRssMb(['-e', '0'])));
  rows.push(`demo --ci --json peak RSS ${rss.toFixed(0)} MB (bare node ${bareRss.toFixed(0)} MB)`);
  target(rss <= 80, '--ci peak RSS ≤ 80 MB');

  const pack = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }))[0];
  rows.push(
    `packed ${(pack.size / 1024).toFixed(0)} KiB, installed ${(pack.unpackedSize / 1024).toFixed(0)} KiB (no runtime dependencies), ${pack.entryCount} files`,
  );
  target(pack.size <= 1024 * 1024, 'packed size ≤ 1 MB');
} finally {
  rmSync(pkgDir, { recursive: true, force: true });
}
console.log(`median of ${RUNS} runs (node ${process.versions.node}, ${(await import('node:os')).cpus().length} cpus)`);
console.log(rows.join('\n'));
process.exitCode = missed ? 1 : 0;
