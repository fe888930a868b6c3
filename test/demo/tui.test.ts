/**
 * `ghcr-doctor demo` in a real terminal (tmux, through test/e2e/tmux.ts): the Ink UI runs the whole default
 * scenario against the sandbox, shows its findings, and `q` quits with the diagnosis's exit code. Built CLI
 * (npm test builds).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEMO_TOKENS } from '../../src/demo/scenarios.js';
import { TerminalRun } from '../e2e/tmux.js';

const MADE_UP_TOKEN = `ghp_${'typedInTheDemoTui'.padEnd(36, '3')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The last three lines: where the UI asks its current question. */
const lastLines = (screen: string) => screen.trimEnd().split('\n').slice(-3).join('\n');

let run: TerminalRun | undefined;
afterEach(() => run?.close());

describe('demo in the Ink UI (tmux)', () => {
  it('runs the default scenario to its findings, and q quits with exit 1; no token on screen', async () => {
    run = new TerminalRun(['demo'], {}, { rows: 50 });
    const done = await run.waitForText(/q quit/);
    // Findings from both sides of the default scenario, as the CI report has them.
    expect(done).toMatch(/token\.missing-scope|lacks write:packages/);
    expect(done).toMatch(/server\.actions-token-stored|GitHub Actions token/);
    for (const t of Object.values(DEMO_TOKENS)) expect(done.includes(t)).toBe(false);
    run.keys('q');
    expect(await run.exitCode(10_000)).toBe(1);
  }, 60_000);

  it('applies fixes with consent (local and on the server), and they change only the sandbox (HOME stays untouched)', async () => {
    // The visible rows only: an answered question still in the scrollback is not the current one.
    run = new TerminalRun(['demo'], {}, { rows: 50, view: 'visible' });
    await run.waitForText(/q quit/);
    run.keys('f');
    await run.waitForText(/Fix everything/);
    run.keys('Enter');
    // Answer y to each fix in turn, pasting a made-up token when asked, until the summary is back.
    // "Make the package public" is never part of "fix everything" (the package being private is no fault).
    const answered = new Set<string>();
    let pastes = 0;
    for (let step = 0; step < 20; step++) {
      const now = await run.waitForText(/\(y\/N\)|Paste the [^\n]*token|applied [^\n]*\n[\s\S]*q quit\s*$/);
      if (/q quit\s*$/.test(now) && !/\(y\/N\)/.test(lastLines(now))) break;
      const prompt = /\? Paste the [^\n]*token[^\n]*$/m.exec(now.trimEnd());
      if (prompt && !answered.has(`paste${pastes}`)) {
        answered.add(`paste${pastes++}`);
        // Any made-up classic token: the simulated GitHub treats it as just created (the banner says so).
        run.type(MADE_UP_TOKEN);
        run.keys('Enter');
        await sleep(300);
        continue;
      }
      // The last box on screen is the current one (an earlier frame may still show above it).
      const title = [...now.matchAll(/Fix: (.+?)\s*$/gm)].pop()?.[1];
      // A fix that needs a token asks twice: y to paste it, then y to apply with the verified token.
      const ask = /Paste the token now\? \(y\/N\)/.test(lastLines(now)) ? 'paste' : 'apply';
      if (title && /\(y\/N\)/.test(now) && !answered.has(`${ask} ${title}`)) {
        answered.add(`${ask} ${title}`);
        run.keys('y');
      }
      await sleep(300);
    }
    await run.waitForText(/q quit\s*$/);
    const after = run.scrollback().replace(/\s+/g, ' '); // Ink wraps lines itself
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
    // Only the sandbox changed: nothing was written to the home directory the CLI ran with.
    expect(existsSync(path.join(run.home, '.ghcr_token'))).toBe(false);
    run.keys('q');
  }, 90_000);
});
