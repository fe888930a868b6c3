import { mkdtemp, readFile, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { BIN, bottom, TerminalRun, tmuxAvailable } from './tmux.js';
import { startLocalApi, type LocalApi } from './local-api.js';

const BAD = 'ghp_e2eBadBadBadBadBadBadBadBadBadBad0001';
const GOOD = 'ghp_e2eGoodGoodGoodGoodGoodGoodGoodGo0002';
/** Pulls but cannot push: the diagnosis finds token.missing-scope. */
const READ_ONLY = 'ghp_e2eReadReadReadReadReadReadReadRe0003';
const SCOPES_DENIED = 'denied: permission_denied: The token provided does not match expected scopes.';
// Nothing listens on port 1: the registry is unreachable, so the run is about the token alone.
const IMAGE = '127.0.0.1:1/octo/api:latest';

const ok = tmuxAvailable();

/** The screen as one line of words: Ink wraps long lines inside a box border. */
function flat(screen: string): string {
  return screen.replace(/[│╭╮╰╯─]/g, ' ').replace(/\s+/g, ' ');
}

/** The exit code of `--ci` for the same arguments: q in the terminal must give the same. */
function ciExitCode(args: string[], env: Record<string, string>): Promise<number> {
  return new Promise<number>((resolve) =>
    execFile(process.execPath, [BIN, '--ci', ...args], { env: { PATH: process.env.PATH, ...env } }, (e) => resolve(e ? Number(e.code) : 0)),
  );
}
if (!ok) console.warn('TUI E2E SKIPPED: tmux or the built CLI (npm run build) is missing');

describe.skipIf(!ok)('TUI in a real terminal (tmux), local setup', () => {
  let api: LocalApi;
  let run: TerminalRun | undefined;
  beforeAll(async () => {
    api = await startLocalApi({
      [GOOD]: { login: 'octo', scopes: ['write:packages', 'read:packages'] },
      [READ_ONLY]: { login: 'octo', scopes: ['read:packages'] },
    });
  });
  afterAll(async () => api?.close());
  afterEach(() => run?.close());

  const home = () => mkdtemp(path.join(tmpdir(), 'ghcr-e2e-home-'));
  const neverShown = (r: TerminalRun, ...secrets: string[]) => {
    for (const s of r.screens) for (const secret of secrets) expect(s).not.toContain(secret);
  };

  it('asks only what is missing (token masked), diagnoses, then a pasted token is verified and saved with consent', async () => {
    const dir = await home();
    run = new TerminalRun(['--no-status', '--api-url', api.url, '--repo', 'octo/api'], { HOME: dir });
    await run.waitForText('Image to diagnose');
    run.type(IMAGE);
    run.keys('Enter');
    await run.waitForText('Which token should ghcr-doctor check?');
    run.keys('Enter'); // paste
    await run.waitForText(/\? Token/);
    run.type(BAD);
    run.keys('Enter');
    const serverQ = await run.waitForText('Deploy server');
    expect(serverQ).not.toContain('Repository for secrets'); // given by --repo: never asked
    run.keys('Enter'); // skip
    await run.waitForText('Fix them in this order');
    await run.waitForText('[token.invalid]');
    run.type('f');
    await run.waitForText('How do you want to go through them?');
    run.keys('Enter'); // fix everything

    // The queue, in summary order: a new token first (pasted into the masked prompt), then saving it.
    await run.waitFor(
      (x) => bottom(x, 25).includes('Fix: Create a classic token') && bottom(x, 3).includes('Paste the token now? (y/N)'),
      'the new-token preview',
    );
    run.type('y');
    await run.waitFor((x) => bottom(x, 1).startsWith('? Paste the new token'), 'the masked prompt');
    // A bad token first: the prompt stays open with GitHub's reason, and nothing is written.
    run.type(BAD);
    run.keys('Enter');
    await run.waitFor((x) => bottom(x, 2).includes('401 Bad credentials') && bottom(x, 2).includes('Ctrl-U clears it'), 'the reason, prompt still open');
    expect(run.screen()).not.toMatch(/✔ Paste the new token/); // no green check on a rejected token
    run.keys('C-u');
    await run.waitFor((x) => !bottom(x, 3).includes('Ctrl-U clears it') && !bottom(x, 1).includes('*'), 'the cleared prompt');
    run.type(GOOD);
    await run.waitFor((x) => bottom(x, 2).includes('*'.repeat(GOOD.length)), 'the masked echo');
    run.keys('Enter');
    // Verified at once; the preview asks again before the session uses it.
    await run.waitFor(
      (x) => flat(bottom(x, 4)).includes('(verified just now)') && bottom(x, 3).includes('Apply this fix? (y/N)'),
      'the preview with the verified token',
    );
    run.type('y');
    await run.waitFor((x) => bottom(x, 25).includes('Fix: Save the token to') && bottom(x, 3).includes('Apply this fix? (y/N)'), 'the save-token preview');
    const savePreview = run.screen();
    expect(savePreview).toContain('✔ ↻ Token identity'); // re-checked with the new token
    run.type('y');
    await run.waitFor((x) => bottom(x, 20) !== bottom(savePreview, 20), 'the save to start');
    // Decline whatever else is offered.
    for (let i = 0; i < 10; i++) {
      const s = await run.waitFor((x) => /\(y\/N\)/.test(bottom(x, 3)) || bottom(x, 2).includes('q quit'), 'a preview or the summary');
      if (!/\(y\/N\)/.test(bottom(s, 3))) break;
      run.type('n');
      await run.waitFor((x) => bottom(x, 20) !== bottom(s, 20), 'the next screen');
    }
    await run.waitForText('applied Save the token to');
    run.type('q');
    const code = await run.exitCode();
    expect([1, 3]).toContain(code); // the registry stays unreachable; the token problem is gone
    const file = path.join(dir, '.ghcr_token');
    expect(await readFile(file, 'utf8')).toBe(GOOD);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    neverShown(run, BAD, GOOD);
    expect(api.requests.filter((r) => r === 'GET /user').length).toBeGreaterThan(1); // verified at once, then re-checked
  });

  it('Enter on every fix declines it: nothing changes on disk', async () => {
    const dir = await home();
    run = new TerminalRun(['--no-status', '--api-url', api.url, '--image', IMAGE, '--repo', 'octo/api', '--ssh', 'deploy@127.0.0.1:1'], {
      HOME: dir,
      GHCR_TOKEN: BAD,
    });
    await run.waitForText('Fix them in this order');
    const before = await readdir(dir);
    run.type('f');
    await run.waitForText('How do you want to go through them?');
    run.keys('Enter');
    for (let i = 0; i < 12; i++) {
      const s = await run.waitFor((x) => /\(y\/N\)/.test(bottom(x, 3)) || bottom(x, 2).includes('q quit'), 'a preview or the summary');
      if (!/\(y\/N\)/.test(bottom(s, 3))) break;
      run.keys('Enter'); // Enter is no
      await run.waitFor((x) => bottom(x, 20) !== bottom(s, 20), 'the next screen');
    }
    await run.waitForText('declined');
    run.type('q');
    expect(await run.exitCode()).toBe(1);
    expect(await readdir(dir)).toEqual(before);
    neverShown(run, BAD);
  });

  it('q quits with the diagnosis exit code (the same as --ci for the same setup); ? shows the help', async () => {
    const dir = await home();
    const args = ['--no-status', '--api-url', api.url, '--image', IMAGE, '--repo', 'octo/api', '--ssh', 'deploy@127.0.0.1:1'];
    const ci = await new Promise<number>((resolve) =>
      execFile(process.execPath, [BIN, '--ci', ...args], { env: { PATH: process.env.PATH, HOME: dir, GHCR_TOKEN: GOOD } }, (e) =>
        resolve(e ? Number(e.code) : 0),
      ),
    );
    run = new TerminalRun(args, { HOME: dir, GHCR_TOKEN: GOOD });
    await run.waitForText('q quit');
    run.type('?');
    await run.waitForText('cancel at once (exit 130');
    run.type('q');
    expect(await run.exitCode()).toBe(ci);
    expect([1, 3]).toContain(ci); // the registry is unreachable: never healthy
  });

  it('e: a pasted multi-line error is explained over the summary, marked as found by this run too; enter goes back; q exits with the diagnosis code', async () => {
    const dir = await home();
    const args = ['--no-status', '--api-url', api.url, '--image', IMAGE, '--repo', 'octo/api', '--ssh', 'deploy@127.0.0.1:1'];
    const ci = await ciExitCode(args, { HOME: dir, GHCR_TOKEN: READ_ONLY });
    run = new TerminalRun(args, { HOME: dir, GHCR_TOKEN: READ_ONLY });
    const summary = await run.waitForText('q quit');
    expect(bottom(summary, 1)).toContain(' · e explain · ');
    expect(summary).toContain('[token.missing-scope]');
    run.type('e');
    await run.waitFor((x) => bottom(x, 2).includes('Paste the error message or log lines') && bottom(x, 1).startsWith('>'), 'the paste prompt');
    // Two lines in one paste, then enter on an empty line.
    run.type(`#12 ERROR: failed to push ghcr.io/octo/api:latest\n${SCOPES_DENIED}\n`);
    run.keys('Enter');
    const shown = await run.waitForText('enter / esc: back · q quit');
    expect(shown).toContain('What the error says');
    expect(shown).toContain('line 2:'); // the second pasted line reached the matcher
    expect(flat(shown)).toMatch(/\[token\.missing-scope\] high confidence, line 2 ✔ this run found it too/);
    expect(shown).toContain('confirm: $ ghcr-doctor --ci --image ghcr.io/octo/api');
    run.keys('Enter');
    await run.waitFor((x) => bottom(x, 2).includes('e explain · ? help · q quit') && !bottom(x, 3).includes('enter / esc: back'), 'the summary again');
    run.type('q');
    expect(await run.exitCode()).toBe(ci);
    expect([1, 3]).toContain(ci);
    neverShown(run, READ_ONLY);
  });

  it('ctrl-c in the paste prompt of e exits 130', async () => {
    const dir = await home();
    run = new TerminalRun(['--no-status', '--api-url', api.url, '--image', IMAGE, '--repo', 'octo/api', '--ssh', 'deploy@127.0.0.1:1'], {
      HOME: dir,
      GHCR_TOKEN: GOOD,
    });
    await run.waitForText('q quit');
    run.type('e');
    await run.waitFor((x) => bottom(x, 1).startsWith('>'), 'the paste prompt');
    run.type('denied: half a line');
    run.keys('C-c');
    expect(await run.exitCode()).toBe(130);
    expect(run.screen()).toContain('cancelled');
  });

  it('ctrl-c in a prompt exits 130', async () => {
    const dir = await home();
    run = new TerminalRun(['--no-status', '--api-url', api.url, '--repo', 'octo/api'], { HOME: dir, GHCR_TOKEN: GOOD });
    await run.waitForText('Image to diagnose');
    run.keys('C-c');
    expect(await run.exitCode()).toBe(130);
    expect(run.screen()).toContain('cancelled');
  });

  it('ctrl-c in the Ink view exits 130', async () => {
    const dir = await home();
    run = new TerminalRun(['--no-status', '--api-url', api.url, '--image', IMAGE, '--repo', 'octo/api', '--ssh', 'deploy@127.0.0.1:1'], {
      HOME: dir,
      GHCR_TOKEN: GOOD,
    });
    await run.waitForText('q quit');
    run.keys('C-c');
    expect(await run.exitCode()).toBe(130);
  });

  it('learn: each step is explained before it runs, paced by enter', async () => {
    const dir = await home();
    run = new TerminalRun(['learn', '--no-status', '--api-url', api.url, '--image', IMAGE, '--repo', 'octo/api', '--ssh', 'deploy@127.0.0.1:1'], {
      HOME: dir,
      GHCR_TOKEN: GOOD,
    });
    await run.waitForText('ghcr-doctor learn walks through');
    const first = await run.waitForText(/step 1 of \d+/);
    expect(first).not.toContain('What this means for you');
    run.keys('Enter');
    await run.waitForText('What this means for you');
    run.keys('Enter');
    await run.waitForText(/step 2 of \d+/);
    run.type('q');
    expect(await run.exitCode()).toBeGreaterThanOrEqual(0);
  });
});
