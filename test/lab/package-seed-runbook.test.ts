import { describe, expect, it } from 'vitest';
import type { Lab } from './harness.js';
import { requireLab } from './require-lab.js';
import { labWorld, useLab } from './use-lab.js';
import { diagnoseInLab, labHome } from './registry-world.js';

const labOk = requireLab();
const SERVER_PAT = 'ghp_labRunbookServerPat0000000000000000011';
const JOB_TOKEN = 'ghs_labRunbookJobTokenExpired000000000012';

/**
 * The seed runbooks (shared/seeds): a nested package ghcr.io/hellocplusplus0/v7/backend, a workflow
 * secret GHCR_TOKEN that had to be created, and a podman login left holding the job's
 * GITHUB_TOKEN, which died with the job: "Requesting bearer token: invalid status code from registry
 * 403 (Forbidden)".
 */
describe.skipIf(!labOk)('lab: seed runbook world', () => {
  let lab: Lab;
  useLab(labWorld('seed-runbook'), async (l) => {
    lab = l;
    await lab.seedImage('hellocplusplus0/v7/backend:latest');
  });

  it('the nested package is found through %2F, linked to its repo; the server PAT may pull and push [1.4, E3]', async () => {
    const r = await diagnoseInLab(lab, 'hellocplusplus0/v7/backend:latest', SERVER_PAT, { repo: { owner: 'hellocplusplus0', name: 'v7' } });
    for (const id of ['package.info', 'registry.login', 'registry.pull', 'registry.push']) expect([id, r.status[id]]).toEqual([id, 'pass']);
    expect(r.ids).not.toContain('package.not-found');
    expect(r.ids).not.toContain('package.not-linked');
  });

  it('the repository has no GHCR_TOKEN secret → actions.secret-missing', async () => {
    const r = await diagnoseInLab(lab, 'hellocplusplus0/v7/backend:latest', SERVER_PAT, { repo: { owner: 'hellocplusplus0', name: 'v7' } });
    expect(r.byId('actions.secret-missing')!.evidence).toMatchObject({ repo: 'hellocplusplus0/v7', secret: 'GHCR_TOKEN' });
  });

  it('podman auth.json holding the dead job token → token.stale-stored naming the file, podman logout', async () => {
    const home = await labHome({
      '.config/containers/auth.json': { auths: { [lab.registryHost]: { auth: Buffer.from(`hellocplusplus0:${JOB_TOKEN}`).toString('base64') } } },
    });
    try {
      const r = await diagnoseInLab(lab, 'hellocplusplus0/v7/backend:latest', SERVER_PAT, {}, { homedir: home.dir });
      const f = r.byId('token.stale-stored')!;
      expect(f.evidence).toMatchObject({ file: `${home.dir}/.config/containers/auth.json`, status: 403, code: 'DENIED', user: 'hellocplusplus0' });
      expect(f.fixes[0]!.commands).toEqual([
        `podman logout ${lab.registryHost}`,
        `podman logout --authfile ${home.dir}/.config/containers/auth.json ${lab.registryHost}`,
      ]);
      expect(r.code).toBe(1);
    } finally {
      await home.cleanup();
    }
  });
});
