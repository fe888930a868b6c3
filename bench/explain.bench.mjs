#!/usr/bin/env node
// explain over a generated 5 MB GitHub Actions log (timestamps, ANSI colours, build noise, a few
// GHCR errors). Prints the time in-process (matcher only) and end to end through the CLI on stdin.
// Then the same log repeated to 200 MB, piped from a file, for the CLI's peak memory (a log is
// streamed, never held whole). Targets (met/MISS): 5 MB < 1 s; 200 MB peak RSS ≤ 150 MB.
// Needs a build (npm run build).
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const root = path.join(path.dirname(new URL(import.meta.url).pathname), '..');
const { ExplainMatcher } = await import(path.join(root, 'dist', 'explain', 'matcher.js'));

const NOISE = [
  '#12 [build 3/7] RUN npm ci --omit=dev',
  '#12 12.34 added 812 packages, and audited 813 packages in 11s',
  '\u001b[36m#14\u001b[0m sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945 12.58MB / 42.1MB 0.8s',
  'Copying blob sha256:5b8f1b9f3bd6a1d2d0b8d8b9c6b1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9',
  'npm WARN deprecated inflight@1.0.6: This module is not supported, and leaks memory.',
  ' > vite build --mode production   ✓ 1432 modules transformed.',
  'Status: Downloaded newer image for ghcr.io/acme/base:20-alpine',
];
const ERRORS = [
  'ERROR: failed to push ghcr.io/acme/api:latest: denied: installation not allowed to Write organization package',
  'Error response from daemon: Head "https://ghcr.io/v2/acme/api/manifests/v1.2.3": denied: denied',
  'Error: initializing source docker://ghcr.io/acme/api:latest: Requesting bearer token: invalid status code from registry 403 (Forbidden)',
];

function generate(bytes) {
  const lines = [];
  let size = 0;
  let i = 0;
  while (size < bytes) {
    const ts = `2026-11-30T10:${String(Math.floor(i / 6000) % 60).padStart(2, '0')}:${String(Math.floor(i / 100) % 60).padStart(2, '0')}.${String(i % 10_000_000).padStart(7, '0')}Z `;
    const body = i % 20_000 === 19_999 ? ERRORS[((i / 20_000) % ERRORS.length) | 0] : NOISE[i % NOISE.length];
    const line = ts + body;
    lines.push(line);
    size += line.length + 1;
    i++;
  }
  return lines.join('\n') + '\n';
}

const log = generate(5 * 1024 * 1024);
const mb = (Buffer.byteLength(log) / 1024 / 1024).toFixed(1);

let t = performance.now();
const m = new ExplainMatcher();
for (const line of log.split('\n')) m.feed(line);
const result = m.result();
const inProcess = performance.now() - t;

t = performance.now();
const cli = spawnSync(process.execPath, [path.join(root, 'bin', 'ghcr-doctor.js'), 'explain', '-', '--json'], {
  input: log,
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
const endToEnd = performance.now() - t;

const ids = cli.status === 0 ? JSON.parse(cli.stdout).matches.map((x) => x.id) : [];
console.log(`explain: ${mb} MB, ${result.linesRead} lines → ${result.matches.length} ids`);
console.log(`  matcher in-process: ${inProcess.toFixed(0)} ms`);
console.log(`  CLI end to end (stdin, incl. Node start): ${endToEnd.toFixed(0)} ms, exit ${cli.status}, ${ids.length} ids`);
const ok = endToEnd < 1000 && cli.status === 0 && ids.length === result.matches.length;
console.log(ok ? '  met  5 MB end to end < 1 s' : '  MISS 5 MB end to end < 1 s');

// 200 MB through stdin; a preload writes the peak RSS (process.resourceUsage().maxRSS, KiB) at exit.
const work = mkdtempSync(path.join(tmpdir(), 'ghcr-doctor-explain-bench-'));
let bigOk = false;
try {
  const big = path.join(work, 'big.log');
  const fd = openSync(big, 'w');
  const copies = Math.ceil((200 * 1024 * 1024) / Buffer.byteLength(log));
  for (let i = 0; i < copies; i++) writeSync(fd, log);
  closeSync(fd);
  const preload = path.join(work, 'peak-rss.mjs');
  const rssFile = path.join(work, 'rss.txt');
  writeFileSync(
    preload,
    "import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n",
  );
  const input = openSync(big, 'r');
  t = performance.now();
  const r = spawnSync(process.execPath, ['--import', preload, path.join(root, 'bin', 'ghcr-doctor.js'), 'explain', '-', '--json'], {
    stdio: [input, 'pipe', 'pipe'],
    env: { ...process.env, BENCH_RSS_FILE: rssFile },
    maxBuffer: 64 * 1024 * 1024,
  });
  const bigMs = performance.now() - t;
  closeSync(input);
  const rssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
  const bigIds = r.status === 0 ? JSON.parse(r.stdout.toString('utf8')).matches.length : 0;
  console.log(`explain: ${copies * Number(mb)} MB on stdin: ${bigMs.toFixed(0)} ms, exit ${r.status}, ${bigIds} ids, peak RSS ${rssMb.toFixed(0)} MB`);
  bigOk = r.status === 0 && rssMb <= 150;
  console.log(bigOk ? '  met  200 MB peak RSS ≤ 150 MB' : '  MISS 200 MB peak RSS ≤ 150 MB');
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exitCode = ok && bigOk ? 0 : 1;
