import { execFileSync, spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The BUILT CLI (`bin/ghcr-doctor.js` over dist/) as a child process, as a user runs it. Every test
 * that spawns the CLI goes through here; domain wrappers (a lab env, a temp HOME, a JSON report)
 * stay with their tests and are built on this.
 */
export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const BIN = path.join(ROOT, 'bin', 'ghcr-doctor.js');

const SRC = path.join(ROOT, 'src');
const DIST = path.join(ROOT, 'dist');

/** The first src/ file whose compiled dist/ file is missing or older than it, if any. */
function staleSource(dir: string): string | undefined {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const stale = staleSource(file);
      if (stale) return stale;
      continue;
    }
    if (!/\.tsx?$/.test(entry.name) || /\.(test|d)\.tsx?$/.test(entry.name)) continue;
    const out = path.join(DIST, path.relative(SRC, file)).replace(/\.tsx?$/, '.js');
    if (!existsSync(out) || statSync(out).mtimeMs < statSync(file).mtimeMs) return file;
  }
  return undefined;
}

/**
 * `npm test` builds first, so in a full run nothing here is stale and this only reads mtimes. A
 * single-file run after editing src/ rebuilds dist/ with tsc, which still emits when a colleague's
 * unrelated file has a type error.
 */
export function ensureBuilt(): void {
  if (!staleSource(SRC)) return;
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')], {
      stdio: 'pipe',
    });
  } catch {
    // Type errors elsewhere do not stop emit; a missing entry point below is the real failure.
  }
  if (!existsSync(path.join(DIST, 'cli', 'main.js'))) throw new Error('dist/cli/main.js is missing: run npm run build');
}

let checkedBuild = false;
/** Once per test file (module instance): callers that forgot their beforeAll still run a fresh build. */
function ensureBuiltOnce(): void {
  if (checkedBuild) return;
  ensureBuilt();
  checkedBuild = true;
}

export interface BuiltCliOptions {
  /** Working directory; default the repository root. */
  cwd?: string;
  /**
   * The child's whole environment besides PATH (which `env` may replace): nothing of the test
   * runner's own environment (a developer's GHCR_TOKEN, GITHUB_ACTIONS, HOME with a docker login)
   * leaks into a run. An undefined value is left out.
   */
  env?: Record<string, string | undefined>;
  /** Written to the child's stdin, which is then closed (default: closed at once). */
  stdin?: string;
  /** Node options placed before the bin, e.g. `['--import', hook]`. */
  nodeArgs?: string[];
  /** The child is killed (SIGKILL) after this long; default 60 s. */
  timeoutMs?: number;
}

export interface CliResult {
  /** The exit code; null when the child was killed (timeout) or died of a signal. */
  code: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  /**
   * From the last byte the child wrote to its exit (runBuiltCli only): a process that has said everything and
   * lingers (an open socket or SSH connection) shows here, whatever the machine's load did to the run itself.
   */
  lingerMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

function spawnArgs(args: string[], opts: BuiltCliOptions): [string, string[], SpawnOptions] {
  return [
    process.execPath,
    [...(opts.nodeArgs ?? []), BIN, ...args],
    { cwd: opts.cwd ?? ROOT, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...opts.env } },
  ];
}

/** Runs the built CLI and resolves when it exits (or is killed after `timeoutMs`). */
export function runBuiltCli(args: string[], opts: BuiltCliOptions = {}): Promise<CliResult> {
  ensureBuiltOnce();
  const started = Date.now();
  const [cmd, argv, spawnOpts] = spawnArgs(args, opts);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { ...spawnOpts, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let lastOutput = started;
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
      lastOutput = Date.now();
    });
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
      lastOutput = Date.now();
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      const end = Date.now();
      resolve({ code, stdout, stderr, durationMs: end - started, lingerMs: end - lastOutput });
    });
    // A child may stop reading its stdin (a capped read): the rest of the write fails with EPIPE, which is fine.
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(opts.stdin ?? '');
  });
}

/** The same, blocking (for tests written synchronously). */
export function runBuiltCliSync(args: string[], opts: BuiltCliOptions = {}): CliResult {
  ensureBuiltOnce();
  const started = Date.now();
  const [cmd, argv, spawnOpts] = spawnArgs(args, opts);
  const r = spawnSync(cmd, argv, {
    ...spawnOpts,
    input: opts.stdin ?? '',
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error && !r.signal) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, durationMs: Date.now() - started };
}
