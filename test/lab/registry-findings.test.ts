import { describe, expect, it } from 'vitest';
import type { Lab } from './harness.js';
import { requireLab } from './require-lab.js';
import { useLab } from './use-lab.js';
import { createServer } from 'node:net';
import type { FetchLike } from '../../src/io/types.js';
import { T, diagnoseInLab, labHome, registryWorld, runCli, seedRegistryWorld } from './registry-world.js';

const labOk = requireLab();
const WARN_OR_ERROR = (f: { severity: string }) => f.severity !== 'info';

describe.skipIf(!labOk)('lab: registry findings, each in a world that produces it', () => {
  let lab: Lab;
  useLab(registryWorld(), async (l) => {
    lab = l;
    await seedRegistryWorld(lab);
  });

  it('healthy: a linked private package, full token, secret present, write default → no error or warning, exit 0', async () => {
    const r = await diagnoseInLab(lab, 'octocat/api:latest', T.full, { repo: { owner: 'octocat', name: 'api' } });
    expect(r.findings.filter(WARN_OR_ERROR)).toEqual([]);
    expect(r.code).toBe(0);
    for (const id of [
      'registry.ping',
      'registry.login',
      'registry.blob',
      'registry.pull',
      'registry.push',
      'package.info',
      'repo.secret',
      'repo.workflow-permissions',
      'token.stored-credentials',
    ]) {
      expect([id, r.status[id]]).toEqual([id, 'pass']);
    }
    expect(r.ids).toEqual(['package.private']); // info: anonymous pulls are refused
  });

  it('registry.login-rejected: a fine-grained token the API accepts but the registry refuses', async () => {
    const r = await diagnoseInLab(lab, 'octocat/api:latest', T.fineGrained);
    expect(r.ids).toContain('registry.login-rejected');
    expect(r.byId('registry.login-rejected')!.evidence).toMatchObject({ status: 403, code: 'DENIED' });
    expect(r.byId('registry.login-rejected')!.detail).toMatch(/classic PATs only/);
    expect(r.code).toBe(1);
  });

  it("registry.pull-denied: a valid token reading another user's private package", async () => {
    const r = await diagnoseInLab(lab, 'hubot/secret:latest', T.full);
    expect(r.byId('registry.pull-denied')!.evidence).toMatchObject({ status: 403, code: 'DENIED', message: 'permission_denied: read_package' });
    expect(r.code).toBe(1);
  });

  it('registry.push-denied: a read-only classic token, with the missing scope joined in', async () => {
    const r = await diagnoseInLab(lab, 'octocat/api:latest', T.readOnly);
    const f = r.byId('registry.push-denied')!;
    expect(f.evidence).toMatchObject({ status: 403, code: 'DENIED', message: 'permission_denied: The token provided does not match expected scopes.' });
    expect(f.detail).toMatch(/write:packages/);
    expect(r.status['registry.pull']).toBe('pass');
  });

  it("registry.push-denied: another user's namespace, write_package", async () => {
    const r = await diagnoseInLab(lab, 'hubot/secret:latest', T.full);
    expect(r.byId('registry.push-denied')!.evidence).toMatchObject({ message: 'permission_denied: write_package' });
  });

  it('registry.tag-missing: a tag that was never pushed is a warning, not auth', async () => {
    const r = await diagnoseInLab(lab, 'octocat/api:v9', T.full);
    expect(r.byId('registry.tag-missing')).toMatchObject({ severity: 'warning', evidence: { status: 404, code: 'MANIFEST_UNKNOWN', reference: 'v9' } });
    expect(r.ids).not.toContain('registry.pull-denied');
    expect(r.code).toBe(0);
  });

  it('package.not-found: a package that does not exist yet (info); the session probe creates nothing [1.3]', async () => {
    const r = await diagnoseInLab(lab, 'octocat/brand-new:latest', T.full);
    expect(r.byId('package.not-found')!.severity).toBe('info');
    expect(r.status['registry.push']).toBe('pass');
    expect(lab.world.packages.some((p) => p.name === 'brand-new')).toBe(false);
  });

  it('package.creation-restricted: the org forbids creating private packages', async () => {
    const r = await diagnoseInLab(lab, 'acme/brand-new:latest', T.full);
    expect(r.byId('package.creation-restricted')!.evidence).toMatchObject({
      status: 403,
      message: 'installation not allowed to Create organization package',
      packageExists: false,
    });
    expect(r.code).toBe(1);
  });

  it('package.not-linked: an org package with no repository, settings URL given', async () => {
    const r = await diagnoseInLab(lab, 'acme/api:latest', T.full, { repo: { owner: 'octocat', name: 'api' } });
    expect(r.byId('package.not-linked')!.evidence.settingsUrl).toBe(`${lab.apiUrl}/orgs/acme/packages/container/api/settings`);
  });

  it('package.private raised to error by --expect-public; a public package passes it', async () => {
    const priv = await diagnoseInLab(lab, 'octocat/api:latest', T.full, { expectPublic: true });
    expect(priv.byId('package.private')!.severity).toBe('error');
    expect(priv.byId('package.private')!.evidence.settingsUrl).toBe(`${lab.apiUrl}/users/octocat/packages/container/api/settings`);
    expect(priv.code).toBe(1);
    const pub = await diagnoseInLab(lab, 'octocat/web:latest', T.full, { expectPublic: true });
    expect(pub.ids).not.toContain('package.private');
  });

  it('actions.secret-missing and actions.default-token-read-only for a repo without the secret, a read default and a job that pushes without packages: write', async () => {
    const pushes = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker push ghcr.io/octocat/web:latest\n';
    const home = await labHome({ 'wf/build.yml': pushes });
    try {
      const r = await diagnoseInLab(lab, 'octocat/web:latest', T.full, { repo: { owner: 'octocat', name: 'web' }, workflowsDir: `${home.dir}/wf` });
      expect(r.byId('actions.secret-missing')!.evidence).toMatchObject({ repo: 'octocat/web', secret: 'GHCR_TOKEN' });
      expect(r.byId('actions.default-token-read-only')!.severity).toBe('warning');
      expect(r.byId('actions.default-token-read-only')!.evidence.jobs).toEqual([expect.objectContaining({ job: 'build', packages: 'default' })]);
      // Without workflows to read, half of the condition is unknown: no warning.
      const blind = await diagnoseInLab(lab, 'octocat/web:latest', T.full, { repo: { owner: 'octocat', name: 'web' } });
      expect(blind.byId('actions.default-token-read-only')).toBeUndefined();
    } finally {
      await home.cleanup();
    }
  });

  it('token.stale-stored: a revoked token in ~/.docker/config.json breaks even a public pull', async () => {
    const home = await labHome({ '.docker/config.json': { auths: { [lab.registryHost]: { auth: Buffer.from(`octocat:${T.revoked}`).toString('base64') } } } });
    try {
      const r = await diagnoseInLab(lab, 'octocat/web:latest', T.full, {}, { homedir: home.dir });
      expect(r.byId('token.stale-stored')!.evidence).toMatchObject({ file: `${home.dir}/.docker/config.json`, status: 403 });
      expect(r.byId('token.stale-stored')!.fixes[0]!.commands[0]).toBe(`docker logout ${lab.registryHost}`);
    } finally {
      await home.cleanup();
    }
  });

  it('registry.unreachable (tls): the lab CA is not trusted by the registry fetch → kind tls, issuer named', async () => {
    // The API keeps the lab CA; only requests to the registry host go out without it.
    const untrusting: FetchLike = (input, init) => (String(input).includes(lab.registryHost) ? globalThis.fetch(input, init) : lab.fetch(input, init));
    const r = await diagnoseInLab(lab, 'octocat/api:latest', T.full, {}, { fetch: untrusting, inspectTls: true });
    const f = r.byId('registry.unreachable')!;
    expect(f.evidence).toMatchObject({ kind: 'tls', issuer: expect.stringMatching(/\S/) });
    expect(f.detail).toMatch(/NODE_EXTRA_CA_CERTS/);
    expect(r.code).toBe(3);
  });

  it('registry.unreachable (tls) with the built CLI at an IP address: the issuer is named and Node prints no warning of its own', async () => {
    const { NODE_EXTRA_CA_CERTS: _trusted, ...untrusting } = lab.env;
    const res = await runCli(['--ci', '--json', '--image', `${lab.registryHost}/octocat/api:latest`, '--no-status'], {
      ...untrusting,
      GHCR_TOKEN: T.full,
      HOME: '/nonexistent-lab-home',
    });
    const report = JSON.parse(res.stdout) as { findings: Array<{ id: string; evidence: Record<string, unknown> }> };
    expect(report.findings.find((f) => f.id === 'registry.unreachable')?.evidence).toMatchObject({ kind: 'tls', issuer: expect.stringMatching(/\S/) });
    // The certificate is read with SNI only for host names (an IP as SNI name is Node's DEP0123 warning on stderr).
    expect(res.stderr).not.toMatch(/Warning/);
    expect(res.code).toBe(3);
  });

  it('registry.unreachable (connect): nothing listens → exit 3, outcome inconclusive, with the built CLI', async () => {
    const port = await closedPort();
    const res = await runCli(['--ci', '--json', '--image', `127.0.0.1:${port}/octocat/api:latest`, '--no-status'], {
      ...lab.env,
      GHCR_TOKEN: T.full,
      HOME: '/nonexistent-lab-home',
    });
    const report = JSON.parse(res.stdout) as { outcome: string; findings: Array<{ id: string; severity: string; evidence: Record<string, unknown> }> };
    expect(report.findings.filter((f) => f.severity === 'error').map((f) => f.id)).toEqual(['registry.unreachable']);
    expect(report.findings.find((f) => f.id === 'registry.unreachable')!.evidence).toMatchObject({ kind: 'connect', code: 'ECONNREFUSED' });
    expect(res.code).toBe(3);
    expect(report.outcome).toBe('inconclusive');
  });

  it('the built CLI on the healthy package: exit 0, JSON report has the registry checks', async () => {
    const res = await runCli(['--ci', '--json', '--image', `${lab.registryHost}/octocat/api:latest`, '--repo', 'octocat/api'], {
      ...lab.env,
      GHCR_TOKEN: T.full,
      HOME: '/nonexistent-lab-home',
    });
    const report = JSON.parse(res.stdout) as {
      exitCode: number;
      checks: Array<{ id: string; status: string }>;
      findings: Array<{ id: string; severity: string }>;
    };
    expect(
      report.checks
        .filter((c) => c.id.startsWith('registry.'))
        .map((c) => [c.id, c.status])
        .sort(),
    ).toEqual([
      ['registry.blob', 'pass'],
      ['registry.login', 'pass'],
      ['registry.ping', 'pass'],
      ['registry.pull', 'pass'],
      ['registry.push', 'pass'],
    ]);
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(res.code).toBe(0);
  });
});

/** A local port nobody listens on (bound, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
