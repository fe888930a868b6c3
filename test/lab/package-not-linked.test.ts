import { describe, expect, it } from 'vitest';
import type { Lab } from './harness.js';
import { requireLab } from './require-lab.js';
import { labWorld, useLab } from './use-lab.js';
import { diagnoseInLab } from './registry-world.js';

const labOk = requireLab();
const ACTIONS_WRITE = 'ghs_labActionsTokenAcmeApi000000000000009';
const ACTIONS_READ = 'ghs_labActionsTokenReadOnly00000000000010';

/**
 * The workflow GITHUB_TOKEN of acme/api against org packages that are not linked to it:
 * "installation not allowed to Write organization package", joined with the package's link and the
 * Manage Actions access URL (no API exists for it).
 */
describe.skipIf(!labOk)('lab: GITHUB_TOKEN and a package not linked to its repository', () => {
  let lab: Lab;
  useLab(labWorld('not-linked'), async (l) => {
    lab = l;
    await lab.seedImage('acme/api:latest');
    await lab.seedImage('acme/worker:latest');
  });

  it('push with packages: write → registry.push-denied naming Manage Actions access; its pull is denied too', async () => {
    const r = await diagnoseInLab(lab, 'acme/api:latest', ACTIONS_WRITE, { repo: { owner: 'acme', name: 'api' } });
    const f = r.byId('registry.push-denied')!;
    expect(f.evidence).toMatchObject({ status: 403, code: 'DENIED', message: 'installation not allowed to Write organization package' });
    expect(f.evidence.settingsUrl).toBe(`${lab.apiUrl}/orgs/acme/packages/container/api/settings`);
    expect(f.detail).toMatch(/Manage Actions access/);
    expect(r.byId('registry.pull-denied')!.evidence).toMatchObject({ message: 'installation not allowed to Read organization package' });
    expect(r.byId('registry.pull-denied')!.detail).toMatch(/Read role in the package's Manage Actions access/);
    expect(r.code).toBe(1);
  });

  it('a job token with packages: read cannot write even where Actions access is Read', async () => {
    const r = await diagnoseInLab(lab, 'acme/worker:latest', ACTIONS_READ, { repo: { owner: 'acme', name: 'api' } });
    expect(r.byId('registry.push-denied')!.evidence).toMatchObject({ message: 'installation not allowed to Write organization package' });
    expect(r.status['registry.pull']).toBe('pass'); // Read role in Manage Actions access
  });
});
