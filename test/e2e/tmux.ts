/**
 * Runs the built CLI in a real terminal: a detached tmux session (100x40 unless said), keys through send-keys,
 * the screen through capture-pane, polled with a deadline (no fixed sleeps). CI is unset and
 * TERM=xterm-256color inside, so the interactive path runs even when the test runs under CI=true.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const BIN = new URL('../../bin/ghcr-doctor.js', import.meta.url).pathname;

export function tmuxAvailable(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return existsSync(new URL('../../dist/cli/main.js', import.meta.url));
  } catch {
    return false;
  }
}

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export interface TerminalOptions {
  cwd?: string;
  /** The terminal's size: 100x40 unless said. */
  cols?: number;
  rows?: number;
  /** What screen() and waitFor() see: the visible rows only, or those with the last 200 lines of scrollback (default). */
  view?: 'visible' | 'scrollback';
  /** A shell line run in the terminal before the CLI (its output stays in the scrollback). */
  before?: string;
  /** Keep every byte written to the terminal (rawOutput()); the CLI starts once the recording is attached. */
  recordOutput?: boolean;
  /** A shell line run in the terminal after the CLI exits (e.g. a stand-in for the shell's prompt). */
  after?: string;
}

/** The last n non-empty lines of a screen (the live area of the UI). */
export function bottom(screen: string, n: number): string {
  return screen
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(-n)
    .join('\n');
}

export class TerminalRun {
  private readonly dir: string;
  private readonly exitFile: string;
  private readonly rawFile: string;
  private readonly view: 'visible' | 'scrollback';
  readonly name: string;
  /** HOME inside the terminal: the run's own directory unless env sets it. */
  readonly home: string;
  /** Every screen seen, so a test can assert something never appeared. */
  readonly screens: string[] = [];

  constructor(args: string[], env: Record<string, string>, opts: TerminalOptions = {}) {
    this.dir = mkdtempSync(path.join(tmpdir(), 'ghcr-e2e-'));
    this.exitFile = path.join(this.dir, 'exit');
    this.rawFile = path.join(this.dir, 'raw');
    this.view = opts.view ?? 'scrollback';
    this.home = env.HOME ?? this.dir;
    this.name = `ghcr-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    // The environment goes through a file, never the tmux command line (a test token would show in ps).
    const envFile = path.join(this.dir, 'env');
    // GHCR_DOCTOR_INTENT: the start would ask what the token is for; tests of that question set it to ''.
    const base = { PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm-256color', LANG: 'C.UTF-8', NO_COLOR: '1', GHCR_DOCTOR_INTENT: 'push', ...env };
    writeFileSync(
      envFile,
      Object.entries(base)
        .map(([k, v]) => `export ${k}=${shq(v)}\n`)
        .join(''),
      { mode: 0o600 },
    );
    // With a recording, the script waits for the go file: pipe-pane attaches to a running pane, and the
    // first bytes the CLI writes must not be missed.
    const go = path.join(this.dir, 'go');
    const script = path.join(this.dir, 'run.sh');
    writeFileSync(
      script,
      [
        opts.recordOutput ? `while [ ! -e ${shq(go)} ]; do sleep 0.05; done` : '',
        'unset CI GITHUB_ACTIONS',
        `. ${shq(envFile)}`,
        `cd ${shq(opts.cwd ?? this.dir)}`,
        opts.before ?? '',
        `${shq(process.execPath)} ${shq(BIN)} ${args.map(shq).join(' ')}`,
        `echo $? > ${shq(this.exitFile)}`,
        opts.after ?? '',
        'sleep 600',
        '',
      ].join('\n'),
    );
    const size = ['-x', String(opts.cols ?? 100), '-y', String(opts.rows ?? 40)];
    execFileSync('tmux', ['new-session', '-d', '-s', this.name, ...size, `env -i HOME=${shq(this.dir)} /bin/sh ${shq(script)}`]);
    if (opts.recordOutput) {
      execFileSync('tmux', ['pipe-pane', '-t', this.name, '-o', `cat >> ${shq(this.rawFile)}`]);
      writeFileSync(go, '');
    }
  }

  /** The screen as this run views it (see TerminalOptions.view), or as asked. */
  screen(view = this.view): string {
    const history = view === 'scrollback' ? ['-S', '-200'] : [];
    const s = execFileSync('tmux', ['capture-pane', '-p', '-J', '-t', this.name, ...history], { encoding: 'utf8' });
    this.screens.push(s);
    return s;
  }

  /** Everything the terminal still holds, from the first line of its scrollback. */
  scrollback(): string {
    return execFileSync('tmux', ['capture-pane', '-p', '-J', '-t', this.name, '-S', '-'], { encoding: 'utf8' });
  }

  /** Every byte written to the terminal so far (recordOutput). */
  rawOutput(): string {
    return existsSync(this.rawFile) ? readFileSync(this.rawFile, 'latin1') : '';
  }

  /** The terminal changes size, as when its window is resized. */
  resize(cols: number, rows: number): void {
    execFileSync('tmux', ['resize-window', '-t', this.name, '-x', String(cols), '-y', String(rows)]);
  }

  keys(...keys: string[]): void {
    execFileSync('tmux', ['send-keys', '-t', this.name, ...keys]);
  }

  /** Types text literally (no key-name interpretation). */
  type(text: string): void {
    execFileSync('tmux', ['send-keys', '-t', this.name, '-l', text]);
  }

  async waitFor(test: (screen: string) => boolean, what: string, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = this.screen();
      if (test(s)) return s;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  waitForText(text: string | RegExp, timeoutMs?: number): Promise<string> {
    return this.waitFor((s) => (typeof text === 'string' ? s.includes(text) : text.test(s)), String(text), timeoutMs);
  }

  async exitCode(timeoutMs = 20_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(this.exitFile) || readFileSync(this.exitFile, 'utf8').trim() === '') {
      if (Date.now() > deadline) throw new Error(`the CLI did not exit; screen:\n${this.screen()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return Number(readFileSync(this.exitFile, 'utf8').trim());
  }

  close(): void {
    try {
      execFileSync('tmux', ['kill-session', '-t', this.name], { stdio: 'ignore' });
    } catch {
      /* already gone */
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
