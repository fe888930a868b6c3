import { describe, expect, it } from 'vitest';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { parseImageRef } from '../../src/ghcr/image-ref.js';
import type { FetchLike } from '../../src/io/types.js';
import type { Lab } from './harness.js';
import { authJson, serverWorld, useLabAndSshd } from './lab-and-sshd.js';
import { requireLab } from './require-lab.js';
import { diagnoseServer, requireSshd, writeAsUser, type LabSshd } from './sshd.js';

const labOk = requireLab(['podman']) && requireSshd();

const GOOD = 'ghp_labServerGoodClassicToken00000000001';
const REVOKED = 'ghp_labServerRevokedClassicToken000000002';
const ACTIONS = 'ghs_labServerExpiredActionsToken000000003';

const WORLD = serverWorld(GOOD, REVOKED, {
  // The workflow's GITHUB_TOKEN, handed to the server by a deploy job that has long finished.
  tokens: [
    { value: ACTIONS, owner: 'github-actions[bot]', kind: 'actions', repo: 'octocat/api', expiresAt: '2020-01-01T00:00:00Z', packagesPermission: 'read' },
  ],
  packages: [{ owner: 'octocat', name: 'web', visibility: 'public', repository: 'octocat/api' }],
});

/** Real sshd + real rootless podman as `deploy`, pulling from the lab's emulated ghcr.io. */
describe.skipIf(!labOk)('lab: deploy server audit and real pull', () => {
  let lab: Lab;
  let sshd: LabSshd;
  let privateImage: string;
  let publicImage: string;
  const run = (over: Parameters<typeof diagnoseServer>[1] = {}, image = privateImage) =>
    diagnoseServer(sshd, { sshKey: sshd.clientKeyPath, knownHosts: sshd.knownHosts(), image: parseImageRef(image), fetch: lab.fetch, ...over });
  // Async: the lab's registry front runs in this process and must keep answering meanwhile.
  const podmanAsDeploy = async (args: string) =>
    (await promisify(execFile)('su', ['-s', '/bin/sh', sshd.user, '-c', `XDG_RUNTIME_DIR=${sshd.runtimeDir} podman ${args}`], { encoding: 'utf8' })).stdout;

  useLabAndSshd(WORLD, 'ghcrd-audit', async (l, s) => {
    [lab, sshd] = [l, s];
    await lab.seedImage('octocat/api:latest');
    await lab.seedImage('octocat/web:latest', { visibility: 'public' });
    privateImage = `${lab.registryHost}/octocat/api:latest`;
    publicImage = `${lab.registryHost}/octocat/web:latest`;
  });

  it('healthy: persistent login with a valid PAT, token file 600 → no finding; the pulled image is removed again', async () => {
    writeAsUser(sshd.user, join(sshd.home, '.config/containers/auth.json'), authJson(lab.registryHost, 'octocat', GOOD));
    writeAsUser(sshd.user, join(sshd.home, '.ghcr_token'), `${GOOD}\n`, 0o600);
    const r = await run({ secrets: [] });
    expect(r.findings).toEqual([]);
    expect(r.checks['server.pull']!.status).toBe('pass');
    expect(r.checks['server.pull']!.summary).toContain('removed again');
    await expect(podmanAsDeploy(`image exists ${privateImage}`)).rejects.toThrow();
    expect(r.code).toBe(0);
  }, 120_000);

  it('an image that was already there is kept', async () => {
    writeAsUser(sshd.user, join(sshd.home, '.config/containers/auth.json'), authJson(lab.registryHost, 'octocat', GOOD));
    await podmanAsDeploy(`pull -q ${privateImage}`);
    const r = await run();
    expect(r.checks['server.pull']!.summary).toContain('already present, kept');
    expect((await podmanAsDeploy(`image exists ${privateImage} && echo yes`)).trim()).toBe('yes');
  }, 120_000);

  it('a newer image behind the same tag: the diagnosis pulls it but puts the tag back on the image that was there', async () => {
    writeAsUser(sshd.user, join(sshd.home, '.config/containers/auth.json'), authJson(lab.registryHost, 'octocat', GOOD));
    await podmanAsDeploy(`pull -q ${privateImage}`);
    const before = (await podmanAsDeploy(`image inspect --format '{{.Id}}' ${privateImage}`)).trim();
    await lab.seedImage('octocat/api:latest', { source: 'https://github.com/octocat/api' }); // a new config → a new digest
    const r = await run();
    expect(r.findings).toEqual([]);
    expect(r.checks['server.pull']!.summary).toContain('the tag points at the old one again');
    expect((await podmanAsDeploy(`image inspect --format '{{.Id}}' ${privateImage}`)).trim()).toBe(before);
    expect(
      (await podmanAsDeploy(`images -q --no-trunc`))
        .trim()
        .split('\n')
        .map((id) => id.replace(/^sha256:/, '')),
    ).toEqual([before]);
  }, 120_000);

  it('not logged in, private package: server.not-logged-in (error) then server.pull-failed', async () => {
    const r = await run();
    expect(r.ids).toEqual(['server.not-logged-in', 'server.pull-failed']);
    expect(r.byId('server.not-logged-in')!.severity).toBe('error');
    expect(r.byId('server.pull-failed')!.evidence).toMatchObject({ runtime: 'podman', cause: 'unauthorized' });
    expect(r.code).toBe(1);
  }, 120_000);

  it('not logged in, public package: only a warning, the pull works', async () => {
    const r = await run({}, publicImage);
    expect(r.ids).toEqual(['server.not-logged-in']);
    expect(r.byId('server.not-logged-in')!.severity).toBe('warning');
    expect(r.code).toBe(0);
  }, 120_000);

  it('auth only in $XDG_RUNTIME_DIR (tmpfs): server.auth-ephemeral warning', async () => {
    writeAsUser(sshd.user, join(sshd.runtimeDir, 'containers/auth.json'), authJson(lab.registryHost, 'octocat', GOOD));
    const r = await run();
    if (!sshd.runtimeDirIsTmpfs) {
      // No tmpfs could be mounted here: a runtime dir on disk survives reboots, so no warning.
      console.warn('auth-ephemeral lab test: /run/user/UID is not a tmpfs on this machine; checking the on-disk rule instead');
      expect(r.ids).toEqual([]);
      return;
    }
    expect(r.ids).toEqual(['server.auth-ephemeral']);
    expect(r.byId('server.auth-ephemeral')!.evidence).toMatchObject({ path: join(sshd.runtimeDir, 'containers/auth.json'), fsType: 'tmpfs' });
  }, 120_000);

  it("stale token stored: server.stored-token-invalid first, then pull-failed with podman's bearer-token 403", async () => {
    writeAsUser(sshd.user, join(sshd.home, '.config/containers/auth.json'), authJson(lab.registryHost, 'octocat', REVOKED));
    const r = await run({}, publicImage);
    expect(r.ids).toEqual(['server.stored-token-invalid', 'server.pull-failed']);
    expect(r.byId('server.stored-token-invalid')!.evidence).toMatchObject({ source: join(sshd.home, '.config/containers/auth.json'), usedBy: ['podman'] });
    expect(r.byId('server.pull-failed')!.evidence).toMatchObject({ runtime: 'podman', cause: 'bearer-token-403' });
    expect(r.output).not.toContain(REVOKED);
  }, 120_000);

  it("ghs_ token stored (a finished job's GITHUB_TOKEN): server.actions-token-stored", async () => {
    writeAsUser(sshd.user, join(sshd.home, '.docker/config.json'), authJson(lab.registryHost, 'github-actions', ACTIONS));
    const r = await run();
    expect(r.ids[0]).toBe('server.actions-token-stored');
    expect(r.ids).toContain('server.stored-token-invalid');
    expect(r.ids).toContain('server.pull-failed');
    expect(r.output).not.toContain(ACTIONS);
  }, 120_000);

  it('~/.ghcr_token mode 644 with CRLF: insecure and malformed', async () => {
    writeAsUser(sshd.user, join(sshd.home, '.config/containers/auth.json'), authJson(lab.registryHost, 'octocat', GOOD));
    writeAsUser(sshd.user, join(sshd.home, '.ghcr_token'), `${GOOD}\r\n`, 0o644);
    const r = await run();
    expect(r.byId('server.token-file-insecure')!.evidence).toMatchObject({ path: join(sshd.home, '.ghcr_token'), mode: '644', readable: true });
    expect(r.byId('server.token-file-malformed')!.evidence.problems).toEqual(['crlf']);
    expect(r.ids).not.toContain('server.stored-token-invalid');
    expect(r.output).not.toContain(GOOD);
  }, 120_000);

  it('token file owned by root and unreadable: insecure, and the evidence says it cannot be read', async () => {
    writeFileSync(join(sshd.home, '.ghcr_token'), `${GOOD}\n`);
    chmodSync(join(sshd.home, '.ghcr_token'), 0o600);
    const r = await run({}, publicImage);
    expect(r.byId('server.token-file-insecure')!.evidence).toMatchObject({ ownerUid: 0, readable: false });
  }, 120_000);

  it("--deploy-path: a world-readable .env holding the job's GITHUB_TOKEN (the seed workflow's deploy step)", async () => {
    writeAsUser(sshd.user, join(sshd.home, '.config/containers/auth.json'), authJson(lab.registryHost, 'octocat', GOOD));
    const deployPath = join(sshd.home, 'containers/v7-project');
    writeAsUser(sshd.user, join(deployPath, '.env'), `COMPOSE_PROJECT_NAME=v7\nGHCR_TOKEN=${ACTIONS}\n`, 0o644);
    writeAsUser(sshd.user, join(deployPath, 'compose.yaml'), 'services: {}\n', 0o644);
    const r = await run({ deployPath });
    expect(r.byId('server.token-file-insecure')!.evidence).toMatchObject({ path: join(deployPath, '.env'), mode: '644' });
    expect(r.byId('server.actions-token-stored')!.evidence).toMatchObject({ source: join(deployPath, '.env') });
    expect(r.output).not.toContain(ACTIONS);
    execFileSync('rm', ['-rf', join(sshd.home, 'containers')]);
  }, 120_000);

  it('docker credsStore whose helper cannot reach D-Bus: server.credential-helper-broken', async () => {
    const bin = join(sshd.dir, 'helper-bin');
    mkdirSync(bin, { recursive: true });
    // What golang-docker-credential-helpers' secretservice prints on a headless server (docker/cli#2229).
    writeFileSync(join(bin, 'docker-credential-secretservice'), "#!/bin/sh\necho 'Cannot autolaunch D-Bus without X11 $DISPLAY' >&2\nexit 1\n");
    chmodSync(join(bin, 'docker-credential-secretservice'), 0o755);
    sshd.setSessionEnv({ PATH: `${bin}:/usr/local/bin:/usr/bin:/bin` });
    writeAsUser(sshd.user, join(sshd.home, '.docker/config.json'), JSON.stringify({ auths: { [lab.registryHost]: {} }, credsStore: 'secretservice' }));
    const r = await run({}, publicImage);
    expect(r.byId('server.credential-helper-broken')!.evidence).toMatchObject({ helper: 'secretservice', failure: 'dbus-x11' });
  }, 120_000);

  it('no podman or docker on the non-interactive PATH: server.no-runtime, nothing pulled', async () => {
    const bin = join(sshd.dir, 'bare-bin');
    mkdirSync(bin, { recursive: true });
    for (const tool of ['sh', 'id', 'stat', 'date', 'head', 'cat', 'printf']) {
      try {
        symlinkSync(execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), join(bin, tool));
      } catch {
        /* already linked */
      }
    }
    sshd.setSessionEnv({ PATH: bin });
    const r = await run();
    expect(r.ids).toEqual(['server.no-runtime']);
    expect(r.checks['server.pull']!.status).toBe('skip');
  }, 120_000);

  it("server clock 10 minutes behind the registry's Date: server.clock-skew", async () => {
    writeAsUser(sshd.user, join(sshd.home, '.config/containers/auth.json'), authJson(lab.registryHost, 'octocat', GOOD));
    // Same server; the registry's Date header is moved instead (a fake Date, as the brief allows).
    const ahead: FetchLike = async (input, init) => {
      const res = await lab.fetch(input, init);
      const headers = new Headers(res.headers);
      headers.set('date', new Date(Date.now() + 600_000).toUTCString());
      return new Response(res.body, { status: res.status, headers });
    };
    const r = await run({ fetch: ahead });
    const f = r.byId('server.clock-skew');
    expect(f?.severity).toBe('warning');
    expect(Math.abs((f!.evidence.skewSeconds as number) + 600)).toBeLessThanOrEqual(2);
  }, 120_000);
});
