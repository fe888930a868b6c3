/**
 * The interactive troubleshooter with three real deploy servers (own sshd, own user, rootless podman
 * each) in an 80x24 terminal: two unknown host keys asked about together and trusted with "trust all 2
 * shown", the server table, one server's details, and one login fix applied to both servers without a
 * login (each previewed on its USER@HOST:PORT and confirmed; the token pasted once), after which both
 * pull and the run is healthy.
 */
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Lab } from '../lab/harness.js';
import { authJson, serverWorld, useLabAndSshd } from '../lab/lab-and-sshd.js';
import { requireLab } from '../lab/require-lab.js';
import { requireSshd, startSshd, trustRegistryCa, writeAsUser, type LabSshd } from '../lab/sshd.js';
import { bottom, TerminalRun, tmuxAvailable } from './tmux.js';

const GOOD = 'ghp_labTuiManyGoodClassicToken0000000041';
const REVOKED = 'ghp_labTuiManyRevokedClassicToken00000042';

const ok = tmuxAvailable() && requireLab(['podman']) && requireSshd();

describe.skipIf(!ok)('TUI with three deploy servers in a real 80x24 terminal (lab: registry, GitHub API, three sshd + podman)', () => {
  let lab: Lab;
  let healthy: LabSshd;
  let others: LabSshd[] = [];
  let run: TerminalRun | undefined;

  useLabAndSshd(
    serverWorld(GOOD, REVOKED),
    'ghcrd-many1',
    async (l, s) => {
      [lab, healthy] = [l, s];
      await lab.seedImage('octocat/api:latest');
      others = [await startSshd({ user: 'ghcrd-many2' }), await startSshd({ user: 'ghcrd-many3' })];
      const pub = readFileSync(`${healthy.clientKeyPath}.pub`, 'utf8');
      for (const o of others) {
        trustRegistryCa(o.home, o.user, lab.registryHost, lab.caFile);
        appendFileSync(join(o.dir, 'authorized_keys', o.user), pub);
      }
    },
    180_000,
  );
  afterAll(async () => {
    for (const o of others) await o.stop();
  });
  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail' && run) writeFileSync('/tmp/tui-many-screens.txt', run.screens.join('\n=====\n'));
    run?.close();
  });

  it('host keys asked once each with "trust all 2 shown", the table, details, and one login fix on both servers without one', async () => {
    const [second, third] = others as [LabSshd, LabSshd];
    writeAsUser(healthy.user, join(healthy.home, '.config/containers/auth.json'), authJson(lab.registryHost, 'octocat', GOOD));
    // Only the first server's key is known: the other two are asked about.
    const home = mkdtempSync(join(tmpdir(), 'ghcr-tui-many-home-'));
    const knownHosts = join(home, 'known_hosts');
    writeFileSync(knownHosts, readFileSync(healthy.knownHosts(), 'utf8'));
    const label = (s: LabSshd) => `${s.user}@127.0.0.1:${s.port}`;
    run = new TerminalRun(
      [
        '--no-status',
        '--intent',
        'pull',
        '--image',
        `${lab.registryHost}/octocat/api:latest`,
        '--repo',
        'octocat/api',
        ...[healthy, second, third].flatMap((s) => ['--ssh', label(s)]),
        '--ssh-key',
        healthy.clientKeyPath,
        '--known-hosts',
        knownHosts,
      ],
      { ...lab.env, HOME: home, GHCR_TOKEN: GOOD },
      { cols: 80, rows: 24 },
    );

    let s = await run.waitForText('a trust all 2 shown', 90_000);
    expect(s).toContain('2 SSH host keys are not in known_hosts');
    expect(s).toContain(`127.0.0.1:${second.port}  ${second.hostKeyFingerprint}`);
    expect(s).toContain(`127.0.0.1:${third.port}  ${third.hostKeyFingerprint}`);
    run.type('a');

    s = await run.waitForText('Problems found', 120_000);
    expect(s).toMatch(new RegExp(`✔ ${label(healthy)}\\s+ok\\s+podman`));
    for (const o of others) expect(s).toMatch(new RegExp(`✖ ${label(o)}\\s+\\d problem\\(s\\)\\s+podman [^ ]+\\s+not logged in`));
    expect(s).toContain(`on 2 servers: ${label(second)}, ${label(third)}`);

    // Details of the second server, and back.
    run.type('2');
    s = await run.waitForText(`${label(second)} (server 2 of 3)`);
    expect(s).toContain('[server.not-logged-in]');
    run.keys('Escape');
    await run.waitFor((x) => bottom(x, 2).includes('q quit'), 'the summary again');

    run.type('f');
    await run.waitForText('How do you want to go through them?');
    // One key at a time: a chunk of several is one input for the UI.
    const selected = (x: string) => x.split('\n').find((l) => l.includes('❯')) ?? '';
    for (let i = 0; i < 2; i++) {
      const before = selected(run.screen());
      run.keys('Down');
      await run.waitFor((x) => selected(x) !== before, 'the selection to move');
    }
    expect(selected(run.screen())).toContain('Choose one by one');
    run.keys('Enter');
    s = await run.waitForText('Which fix?');
    for (let i = 0; i < 6 && !/Log each server/.test(selected(s)); i++) {
      const before = selected(s);
      run.keys('Down');
      s = await run.waitFor((x) => selected(x) !== before, 'the selection to move');
    }
    expect(selected(s)).toMatch(/Log each server/);
    run.keys('Enter');
    await run.waitForText('every server with server.not-logged-in (2)');
    run.keys('Enter');

    // Each server: its own preview on its USER@HOST:PORT, its own y; the server token is pasted once.
    const previewed: string[] = [];
    let pasted = 0;
    const shownOn = (x: string) => [...x.matchAll(/This will, on (\S+):/g)].pop()?.[1];
    for (let i = 0; i < 10 && previewed.length < 2; i++) {
      s = await run.waitFor((x) => /\(y\/N\)/.test(bottom(x, 1)) || bottom(x, 1).startsWith('? Paste'), 'a preview or the token prompt', 90_000);
      if (bottom(s, 1).startsWith('? Paste')) {
        pasted++;
        run.type(GOOD);
        run.keys('Enter');
        // The UI comes back with the same preview, now asking to apply.
        await run.waitFor((x) => bottom(x, 1).startsWith('Apply this fix? (y/N)'), 'the preview to ask again');
        continue;
      }
      const on = shownOn(s);
      if (bottom(s, 1).startsWith('Paste the token now? (y/N)')) {
        run.type('y');
        await run.waitFor((x) => bottom(x, 1).startsWith('? Paste'), 'the token prompt');
        continue;
      }
      previewed.push(on ?? '');
      run.type('y');
      // This server's change starts (its question goes away) before the next is looked at.
      await run.waitFor((x) => !/Apply this fix\? \(y\/N\)/.test(bottom(x, 1)) || shownOn(x) !== on, 'the fix to start', 90_000);
    }
    // On failure the screens say why (a CI log keeps no /tmp file): e.g. a fix that failed and why.
    const lately = () => run!.screens.slice(-8).join('\n=====\n');
    expect(previewed, lately()).toEqual([label(second), label(third)]);
    expect(pasted, lately()).toBe(1);
    await run.waitForText('Which fix?', 120_000);
    run.keys('Escape');
    s = await run.waitForText('Nothing blocks', 60_000);
    for (const o of others) {
      const stored = JSON.parse(readFileSync(join(o.home, '.config/containers/auth.json'), 'utf8')) as { auths: Record<string, { auth: string }> };
      expect(Buffer.from(stored.auths[lab.registryHost]!.auth, 'base64').toString()).toBe(`octocat:${GOOD}`);
    }
    run.type('q');
    expect(await run.exitCode(30_000)).toBe(0);
    for (const screen of run.screens) expect(screen).not.toContain(GOOD);
  }, 400_000);
});
