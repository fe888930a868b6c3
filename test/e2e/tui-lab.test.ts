/**
 * The interactive troubleshooter against a broken lab world, in a real terminal: a revoked token on
 * the laptop and a stale login on the deploy server (the seed runbook's "denied" after a token
 * rotation). One run accepts the fixes and reads the screen until the pull on the server
 * succeeds; another declines every fix, and nothing on disk or on the server changes.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../lab/harness.js';
import { requireLab } from '../lab/require-lab.js';
import { requireSshd, resetDeployUser, startSshd, trustRegistryCa, writeAsUser, type LabSshd } from '../lab/sshd.js';
import { bottom, TerminalRun, tmuxAvailable } from './tmux.js';

const GOOD = 'ghp_labTuiGoodClassicToken00000000000000031';
const STALE = 'ghp_labTuiRevokedClassicToken000000000032';
const WORLD = {
  users: [{ login: 'octocat', id: 583231 }],
  orgs: [],
  tokens: [
    { value: GOOD, owner: 'octocat', kind: 'classic', scopes: ['read:packages', 'write:packages'], expiresAt: '2099-01-01T00:00:00Z' },
    { value: STALE, owner: 'octocat', kind: 'classic', scopes: ['read:packages', 'write:packages'], revoked: true },
  ],
  packages: [{ owner: 'octocat', name: 'api', visibility: 'private', repository: 'octocat/api' }],
  repos: [{ fullName: 'octocat/api', private: true }],
};

const ok = tmuxAvailable() && requireLab(['podman']) && requireSshd();

describe.skipIf(!ok)('TUI in a real terminal against the lab (registry, GitHub API, sshd + podman)', () => {
  let lab: Lab;
  let sshd: LabSshd;
  let run: TerminalRun | undefined;
  const authFile = () => join(sshd.home, '.config/containers/auth.json');
  const staleAuth = () => JSON.stringify({ auths: { [lab.registryHost]: { auth: Buffer.from(`octocat:${STALE}`).toString('base64') } } });

  beforeAll(async () => {
    lab = await startLab(WORLD);
    await lab.seedImage('octocat/api:latest');
    sshd = await startSshd({ user: 'ghcrd-tui' });
    trustRegistryCa(sshd.home, sshd.user, lab.registryHost, lab.caFile);
  }, 180_000);
  afterAll(async () => {
    await sshd?.stop();
    await lab?.stop();
  });
  beforeEach(() => {
    resetDeployUser(sshd.user, sshd.home, sshd.runtimeDir);
    writeAsUser(sshd.user, authFile(), staleAuth());
  });
  afterEach(() => run?.close());

  const start = (home: string) =>
    new TerminalRun(
      [
        '--no-status',
        '--image',
        `${lab.registryHost}/octocat/api:latest`,
        '--repo',
        'octocat/api',
        '--ssh',
        `${sshd.user}@127.0.0.1:${sshd.port}`,
        '--ssh-key',
        sshd.clientKeyPath,
        '--known-hosts',
        sshd.knownHosts({ hashed: true }),
      ],
      { ...lab.env, HOME: home, GHCR_TOKEN: STALE },
    );

  it('accepting the new token, saving it, and the server login: the pull on the server succeeds', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ghcr-tui-lab-home-'));
    run = start(home);
    await run.waitForText('Fix them in this order', 90_000);
    const first = run.screen();
    expect(first).toContain('[token.invalid]');
    expect(first).toContain('[server.stored-token-invalid]');
    run.type('f');
    await run.waitForText('How do you want to go through them?');
    run.keys('Enter'); // everything, one confirmation each

    const answered: string[] = [];
    const prompts: string[] = [];
    for (let i = 0; i < 16; i++) {
      const s = await run.waitFor(
        (x) => /\(y\/N\)/.test(bottom(x, 3)) || bottom(x, 1).startsWith('? Paste the') || bottom(x, 2).includes('q quit'),
        'a preview, the token prompt or the summary',
        90_000,
      );
      if (bottom(s, 1).startsWith('? Paste the')) {
        prompts.push(bottom(s, 1));
        run.type(GOOD);
        await run.waitFor((x) => bottom(x, 2).replace(/\n/g, '').endsWith('*'.repeat(GOOD.length)), 'the masked echo');
        run.keys('Enter');
        await run.waitFor((x) => !bottom(x, 1).startsWith('? Paste the'), 'the prompt to close');
        continue;
      }
      if (!/\(y\/N\)/.test(bottom(s, 3))) break;
      const title =
        /Fix: (.*?)\s*$/.exec(
          bottom(s, 30)
            .split('\n')
            .filter((l) => l.includes('Fix: '))
            .pop() ?? '',
        )?.[1] ?? '';
      const accept = /^(Create a classic token|Save the token to|Log .* in to .* persistently)/.test(title);
      // A fix that needs a token asks twice (y to paste, then y to apply): count the applying answer.
      if (!bottom(s, 3).includes('Paste the token now?')) answered.push(`${accept ? 'y' : 'n'} ${title}`);
      run.type(accept ? 'y' : 'n');
      await run.waitFor((x) => bottom(x, 30) !== bottom(s, 30), 'the next screen', 90_000);
    }
    const end = await run.waitForText('applied Log', 90_000);
    expect(answered.filter((a) => a.startsWith('y'))).toHaveLength(3);
    // The laptop's new token, then the server's own (never silently reused).
    expect(prompts.map((p) => p.replace(/\s*\**$/, ''))).toEqual([
      '? Paste the new token (classic, write:packages; hidden; empty to skip)',
      "? Paste the server's own token (classic, read:packages; hidden; empty to skip)",
    ]);
    expect(end).toMatch(/✔ ↻ Pull on the server/);
    run.type('q');
    await run.exitCode(30_000);

    expect(readFileSync(join(home, '.ghcr_token'), 'utf8')).toBe(GOOD);
    expect(statSync(join(home, '.ghcr_token')).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(authFile(), 'utf8')) as { auths: Record<string, { auth: string }> };
    expect(Buffer.from(stored.auths[lab.registryHost]!.auth, 'base64').toString()).toBe(`octocat:${GOOD}`);
    for (const s of run.screens) {
      expect(s).not.toContain(GOOD);
      expect(s).not.toContain(STALE);
    }
  }, 300_000);

  it('declining every fix changes nothing, here or on the server', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ghcr-tui-lab-home-'));
    run = start(home);
    await run.waitForText('Fix them in this order', 90_000);
    const localBefore = readdirSync(home);
    const serverBefore = readFileSync(authFile(), 'utf8');
    run.type('f');
    await run.waitForText('How do you want to go through them?');
    run.keys('Enter');
    let declined = 0;
    for (let i = 0; i < 16; i++) {
      const s = await run.waitFor((x) => /\(y\/N\)/.test(bottom(x, 3)) || bottom(x, 2).includes('q quit'), 'a preview or the summary', 30_000);
      if (!/\(y\/N\)/.test(bottom(s, 3))) break;
      run.type('n');
      declined++;
      await run.waitFor((x) => bottom(x, 30) !== bottom(s, 30), 'the next screen');
    }
    expect(declined).toBeGreaterThanOrEqual(3);
    run.type('q');
    expect(await run.exitCode(30_000)).toBe(1);
    expect(readdirSync(home)).toEqual(localBefore);
    expect(readFileSync(authFile(), 'utf8')).toBe(serverBefore);
    expect(existsSync(join(sshd.home, '.ghcr_token'))).toBe(false);
  }, 300_000);

  it('learn, stopped right after the SSH step, exits promptly', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ghcr-tui-lab-home-'));
    run = new TerminalRun(
      [
        'learn',
        '--no-status',
        '--image',
        `${lab.registryHost}/octocat/api:latest`,
        '--repo',
        'octocat/api',
        '--ssh',
        `${sshd.user}@127.0.0.1:${sshd.port}`,
        '--ssh-key',
        sshd.clientKeyPath,
        '--known-hosts',
        sshd.knownHosts({ hashed: true }),
      ],
      { ...lab.env, HOME: home, GHCR_TOKEN: GOOD },
    );
    await run.waitForText(/step 1 of \d+/, 60_000);
    for (let i = 0; i < 80; i++) {
      const s = await run.waitFor((x) => /enter: (run|next step)/.test(bottom(x, 3)), 'a learn page', 60_000);
      if (bottom(s, 40).includes('Reaching the deploy server') && bottom(s, 3).includes('enter: next step')) break;
      run.keys('Enter');
      await run.waitFor((x) => bottom(x, 40) !== bottom(s, 40), 'the next page', 60_000);
    }
    expect(bottom(run.screen(), 40)).toMatch(/✔ SSH to the deploy server/);
    run.type('q');
    expect([0, 1]).toContain(await run.exitCode(15_000)); // within 15 s: nothing holds the process
  }, 300_000);
});
