/**
 * Runs the built CLI in a real terminal: a detached tmux session (100x40), keys through send-keys,
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

export class TerminalRun {
  private readonly dir: string;
  private readonly exitFile: string;
  readonly name: string;
  /** Every screen seen, so a test can assert something never appeared. */
  readonly screens: string[] = [];

  constructor(args: string[], env: Record<string, string>, opts: { cwd?: string } = {}) {
    this.dir = mkdtempSync(path.join(tmpdir(), 'ghcr-e2e-'));
    this.exitFile = path.join(this.dir, 'exit');
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
    const script = path.join(this.dir, 'run.sh');
    writeFileSync(
      script,
      `unset CI GITHUB_ACTIONS\n. ${shq(envFile)}\ncd ${shq(opts.cwd ?? this.dir)}\n${shq(process.execPath)} ${shq(BIN)} ${args.map(shq).join(' ')}\necho $? > ${shq(this.exitFile)}\nsleep 600\n`,
    );
    execFileSync('tmux', ['new-session', '-d', '-s', this.name, '-x', '100', '-y', '40', `env -i HOME=${shq(this.dir)} /bin/sh ${shq(script)}`]);
  }

  screen(): string {
    const s = execFileSync('tmux', ['capture-pane', '-p', '-J', '-t', this.name, '-S', '-200'], { encoding: 'utf8' });
    this.screens.push(s);
    return s;
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
