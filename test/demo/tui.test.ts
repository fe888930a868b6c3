/**
 * `ghcr-doctor demo` in a real terminal (tmux): the Ink UI runs the whole default scenario against the
 * sandbox, shows its findings, and `q` quits with the diagnosis's exit code. Built CLI (npm test builds).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_TOKENS } from '../../src/demo/scenarios.js';

const root = path.resolve(import.meta.dirname, '../..');
const session = `ghcr-doctor-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-J', '-S', '-400', '-t', session);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(re: RegExp, timeoutMs = 30_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < end) {
    last = screen();
    if (re.test(last)) return last;
    await sleep(100);
  }
  throw new Error(`no ${re} on screen; last:\n${last}`);
}

let dir: string | undefined;
afterEach(() => {
  try {
    tmux('kill-session', '-t', session);
  } catch {
    /* gone */
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('demo in the Ink UI (tmux)', () => {
  it('runs the default scenario to its findings, and q quits with exit 1; no token on screen', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ghcr-doctor-tui-'));
    const exitFile = path.join(dir, 'exit');
    const cmd = `cd ${JSON.stringify(root)} && env -u CI NO_COLOR=1 ${JSON.stringify(process.execPath)} bin/ghcr-doctor.js demo; echo $? > ${JSON.stringify(exitFile)}; sleep 30`;
    tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '50', cmd);
    tmux('set-option', '-t', session, 'history-limit', '5000');
    const done = await waitFor(/q quit/);
    // Findings from both sides of the default scenario, as the CI report has them.
    expect(done).toMatch(/token\.missing-scope|lacks write:packages/);
    expect(done).toMatch(/server\.actions-token-stored|GitHub Actions token/);
    for (const t of Object.values(DEMO_TOKENS)) expect(done.includes(t)).toBe(false);
    tmux('send-keys', '-t', session, 'q');
    const end = Date.now() + 10_000;
    let code = '';
    while (Date.now() < end && !code) {
      await sleep(100);
      try {
        code = readFileSync(exitFile, 'utf8').trim();
      } catch {
        /* not yet */
      }
    }
    expect(code).toBe('1');
  }, 60_000);
});
