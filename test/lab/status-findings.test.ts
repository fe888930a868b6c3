import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from './harness.js';
import { requireLab } from './require-lab.js';
import { doctor, labImage, useCliLab } from './github-side-cli.js';
import { labWorld } from './use-lab.js';
import { startTypoHost, type TypoHost } from './typo-host.js';

const labOk = requireLab();
const TOKEN = 'ghp_labOrgHealthyClassic00000000000000051';
const PACKAGES = 'st3j38cctv9l';

/**
 * The status page, the image reference, and a healthy org world (worlds/healthy-org.json: octocat is a
 * member of acme, acme/api is private, linked, members may write; the repo has the secret and a write
 * default), through the built CLI with the status page on.
 */
describe.skipIf(!labOk)('lab: status and image findings, and a healthy org world (built CLI)', () => {
  let lab: Lab;
  let home: string;
  const image = () => labImage(lab, 'acme/api:latest');
  const run = (args: string[], env: Record<string, string> = {}) => doctor(lab, home, args, { GHCR_TOKEN: TOKEN, ...env });

  useCliLab(labWorld('healthy-org'), async (l, h) => {
    [lab, home] = [l, h];
    await lab.seedImage('acme/api:latest', { source: 'https://github.com/acme/api' });
  });
  afterEach(() => {
    delete lab.world.status;
  });

  it('healthy: an org package, status page read, repo checked → no error or warning, exit 0, every check passes or is skipped for lack of input', async () => {
    const r = await run(['--image', image(), '--repo', 'acme/api']);
    expect(r.alarms).toEqual([]);
    expect(r.ids).toEqual(['package.private']); // info only: anonymous pulls are refused
    for (const id of [
      'status.github',
      'image.reference',
      'token.discovery',
      'token.type',
      'token.identity',
      'token.scopes',
      'token.org',
      'registry.ping',
      'registry.login',
      'registry.pull',
      'registry.push',
      'package.info',
      'repo.secret',
      'repo.workflow-permissions',
    ]) {
      expect([id, r.status[id]]).toEqual([id, 'pass']);
    }
    expect(r.code).toBe(0);
    expect(r.outcome).toBe('healthy');
  });

  it('status.degraded: Packages (st3j38cctv9l) degraded with an open incident → warning naming both; the diagnosis goes on, exit 0', async () => {
    lab.world.status = {
      components: [{ id: PACKAGES, status: 'degraded_performance' }],
      incidents: [{ name: 'Disruption with some GitHub services', status: 'investigating', impact: 'minor', components: [PACKAGES] }],
    };
    const r = await run(['--image', image()]);
    const f = r.byId('status.degraded')!;
    expect(f).toMatchObject({ severity: 'warning', check: 'status.github' });
    expect(f.evidence).toEqual({
      components: [{ id: PACKAGES, name: 'Packages', status: 'degraded_performance' }],
      incidents: [
        { name: 'Disruption with some GitHub services', status: 'investigating', impact: 'minor', url: 'https://stspg.io/lab', components: ['Packages'] },
      ],
      indicator: 'minor',
    });
    expect(r.status['registry.push']).toBe('pass');
    expect(r.code).toBe(0);
  });

  it('an open incident on other components only (Pages) is no status.degraded: --strict still passes', async () => {
    lab.world.status = { incidents: [{ name: 'Disruption with Pages', status: 'investigating', impact: 'minor', components: ['vg70hn9s2tyj'] }] };
    const r = await run(['--image', image(), '--strict']);
    expect(r.byId('status.degraded')).toBeUndefined();
    expect(r.code).toBe(0);
  });

  it('status.degraded for a renamed Packages component: matched by id, not name [1.6, H6]', async () => {
    lab.world.status = { components: [{ id: PACKAGES, name: 'GitHub Packages', status: 'major_outage' }] };
    const r = await run(['--image', image()]);
    expect(r.byId('status.degraded')!.evidence.components).toEqual([{ id: PACKAGES, name: 'GitHub Packages', status: 'major_outage' }]);
  });

  it('no status.degraded when only an unrelated component (Pages) is down and no incident is open [1.6]', async () => {
    lab.world.status = { components: [{ id: 'vg70hn9s2tyj', status: 'major_outage' }], incidents: [{ name: 'Old', status: 'resolved' }] };
    const r = await run(['--image', image()]);
    expect(r.ids).not.toContain('status.degraded');
    expect(r.status['status.github']).toBe('pass');
  });

  it.each([
    ['an HTML page (captive portal)', 'html' as const, /HTML page/],
    ['down (503)', 'down' as const, /HTTP 503/],
  ])('status.unreachable: the status page answers %s → info, never blocks: exit 0 and the registry checks pass', async (_what, mode, reason) => {
    lab.world.status = { mode };
    const r = await run(['--image', image()]);
    const f = r.byId('status.unreachable')!;
    expect(f).toMatchObject({ severity: 'info', check: 'status.github', evidence: { url: `${lab.statusUrl}/api/v2/summary.json` } });
    expect(f.evidence.reason).toMatch(reason);
    expect(r.alarms).toEqual([]);
    for (const id of ['registry.login', 'registry.pull', 'registry.push']) expect([id, r.status[id]]).toEqual([id, 'pass']);
    expect(r.code).toBe(0);
  });

  it('image.uppercase: Acme/API → error with the lowercase suggestion; the registry checks use the lowercase path and pass', async () => {
    const r = await run(['--image', labImage(lab, 'Acme/API:latest')]);
    const f = r.byId('image.uppercase')!;
    expect(f).toMatchObject({
      severity: 'error',
      check: 'image.reference',
      evidence: { reference: `${lab.registryHost}/Acme/API:latest`, suggestion: `${lab.registryHost}/acme/api:latest` },
    });
    for (const id of ['registry.pull', 'registry.push']) expect([id, r.status[id]]).toEqual([id, 'pass']);
    expect(r.alarms.map((a) => a.id)).toEqual(['image.uppercase']);
    expect(r.code).toBe(1);
  });

  describe('image.host-typo', () => {
    let typo: TypoHost;
    beforeAll(async () => {
      typo = await startTypoHost('ghrc.io', lab.caFile);
    }, 60_000);
    afterAll(async () => typo?.stop());

    it('ghrc.io answering an HTML 403 → image.host-typo (suggests ghcr.io) and the host is "not a registry"; exit 1, not inconclusive', async () => {
      const r = await run(['--image', `${typo.registry}/acme/api:latest`], typo.env);
      expect(r.byId('image.host-typo')).toMatchObject({
        severity: 'error',
        check: 'image.reference',
        evidence: { host: typo.registry, suggestion: 'ghcr.io' },
      });
      expect(r.byId('image.host-typo')!.fixes[0]!.title).toBe('Use ghcr.io/acme/api:latest');
      const unreachable = r.byId('registry.unreachable')!;
      expect(unreachable.evidence).toMatchObject({ host: typo.registry, notRegistry: true, status: 403 });
      expect(unreachable.detail).toMatch(/HTML page/);
      expect(typo.requests).toContain('/v2/');
      // image.host-typo is an error of its own: the run has problems, it is not merely inconclusive.
      expect(r.code).toBe(1);
      expect(r.outcome).toBe('problems');
    });
  });
});
