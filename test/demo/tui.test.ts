/**
 * `ghcr-doctor demo` in a real terminal (tmux): the Ink UI runs the whole default scenario against the
 * sandbox, shows its findings, and `q` quits with the diagnosis's exit code. Built CLI (npm test builds).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_TOKENS } from '../../src/demo/scenarios.js';

const root = path.resolve(import.meta.dirname, '../..');
const MADE_UP_TOKEN = `ghp_${'typedInTheDemoTui'.padEnd(36, '3')}`;
const session = `ghcr-doctor-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
/** The visible screen, or with `history` the scrollback too. */
const screen = (history = false) => tmux('capture-pane', '-p', '-J', ...(history ? ['-S', '-400'] : []), '-t', session);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(re: RegExp, timeoutMs = 30_000, history = false): Promise<string> {
  const end = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < end) {
    last = screen(history);
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
    const done = await waitFor(/q quit/, 30_000, true);
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

  it('applies fixes with consent (local and on the server), and they change only the sandbox (the real HOME stays untouched)', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ghcr-doctor-tui-'));
    const exitFile = path.join(dir, 'exit');
    const home = path.join(dir, 'home');
    const cmd = `mkdir -p ${home} && cd ${JSON.stringify(root)} && env -u CI HOME=${home} NO_COLOR=1 ${JSON.stringify(process.execPath)} bin/ghcr-doctor.js demo; echo $? > ${JSON.stringify(exitFile)}; sleep 30`;
    tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '50', cmd);
    tmux('set-option', '-t', session, 'history-limit', '5000');
    await waitFor(/q quit/);
    tmux('send-keys', '-t', session, 'f');
    await waitFor(/Fix everything/);
    tmux('send-keys', '-t', session, 'Enter');
    // Answer y to each fix in turn, pasting a made-up token when asked, until the summary is back.
    // "Make the package public" is never part of "fix everything" (the package being private is no fault).
    const answered = new Set<string>();
    let pastes = 0;
    for (let step = 0; step < 20; step++) {
      const now = await waitFor(/\(y\/N\)|Paste the [^\n]*token|applied [^\n]*\n[\s\S]*q quit\s*$/);
      if (/q quit\s*$/.test(now) && !/\(y\/N\)/.test(now.trimEnd().split('\n').slice(-3).join('\n'))) break;
      const prompt = /\? Paste the [^\n]*token[^\n]*$/m.exec(now.trimEnd());
      if (prompt && !answered.has(`paste${pastes}`)) {
        answered.add(`paste${pastes++}`);
        // Any made-up classic token: the simulated GitHub treats it as just created (the banner says so).
        tmux('send-keys', '-t', session, '-l', MADE_UP_TOKEN);
        tmux('send-keys', '-t', session, 'Enter');
        await sleep(300);
        continue;
      }
      // The last box on screen is the current one (an earlier frame may still show above it).
      const title = [...now.matchAll(/Fix: (.+?)\s*$/gm)].pop()?.[1];
      // A fix that needs a token asks twice: y to paste it, then y to apply with the verified token.
      const ask = /Paste the token now\? \(y\/N\)/.test(now.trimEnd().split('\n').slice(-3).join('\n')) ? 'paste' : 'apply';
      if (title && /\(y\/N\)/.test(now) && !answered.has(`${ask} ${title}`)) {
        answered.add(`${ask} ${title}`);
        tmux('send-keys', '-t', session, 'y');
      }
      await sleep(300);
    }
    const after = (await waitFor(/q quit\s*$/, 30_000, true)).replace(/\s+/g, ' '); // Ink wraps lines itself
    expect(after).not.toMatch(/Make the package public/);
    expect(after).toMatch(/applied Create a classic token.*this session now uses the new token/);
    expect(after).toMatch(/applied Save the token to \/home\/demo\/\.ghcr_token/);
    // The server fixes ran against the simulated server, each verified there (content, a real pull).
    expect(after).toMatch(/applied Store the new token in ~\/\.ghcr_token on deploy@203\.0\.113\.7:22 too.*content verified/);
    expect(after).toMatch(/applied Log deploy@203\.0\.113\.7:22 in to ghcr\.io persistently \(podman\).*pull .* on the server works/);
    // The new token was also offered for the repository secret the workflow reads, and stored there.
    expect(after).toMatch(/applied Store the token in the hellocplusplus0\/v7 secret GHCR_TOKEN: secret GHCR_TOKEN updated/);
    expect(after.includes(MADE_UP_TOKEN)).toBe(false);
    expect(after.includes(MADE_UP_TOKEN.slice(4))).toBe(false);
    // Only the sandbox changed: nothing was written to the real home directory.
    expect(existsSync(path.join(home, '.ghcr_token'))).toBe(false);
    tmux('send-keys', '-t', session, 'q');
  }, 90_000);
});
