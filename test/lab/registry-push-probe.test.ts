import { describe, expect, it } from 'vitest';
import type { Lab } from './harness.js';
import { requireLab } from './require-lab.js';
import { useLab } from './use-lab.js';
import { T, diagnoseInLab, registryWorld, seedRegistryWorld } from './registry-world.js';
import { PROBE_TAG } from '../../src/checks/registry-push-probe.js';

const labOk = requireLab();

/** `--probe push` [1.3, §3 push-probe side effects]: push, read back, delete only its own version. */
describe.skipIf(!labOk)('lab: --probe push', () => {
  let lab: Lab;
  useLab(registryWorld(), async (l) => {
    lab = l;
    await seedRegistryWorld(lab);
  });

  const versions = () => lab.world.packages.find((p) => p.owner === 'octocat' && p.name === 'api')!.versions ?? [];
  const live = () => versions().filter((v) => !v.deleted);

  it('with delete:packages: pushes ghcr-doctor-probe, reads it back, deletes that version; latest untouched', async () => {
    const before = live().map((v) => [v.name, [...v.tags]]);
    const r = await diagnoseInLab(lab, 'octocat/api:latest', T.full, { probe: 'push' });
    expect(r.status['registry.push']).toBe('pass');
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(live().map((v) => [v.name, [...v.tags]])).toEqual(before);
    expect(versions().some((v) => v.deleted && v.tags.includes(PROBE_TAG))).toBe(true);
  });

  it('without delete:packages: registry.probe-left-behind with the exact manual step', async () => {
    const r = await diagnoseInLab(lab, 'octocat/api:latest', T.noDelete, { probe: 'push' });
    const f = r.byId('registry.probe-left-behind')!;
    expect(f.severity).toBe('warning');
    expect(f.evidence).toMatchObject({ tag: PROBE_TAG, reason: 'the token lacks delete:packages' });
    const probe = live().find((v) => v.tags.includes(PROBE_TAG))!;
    expect(f.evidence.digest).toBe(probe.name);
    expect(f.fixes[0]!.commands[0]).toContain(`select(.name=="${probe.name}")`);
    expect(live().find((v) => v.tags.includes('latest'))).toBeDefined();
  });

  it('never creates a package: on a package that does not exist the probe is not pushed', async () => {
    const r = await diagnoseInLab(lab, 'octocat/not-yet:latest', T.full, { probe: 'push' });
    expect(r.status['registry.push']).toBe('pass');
    expect(lab.world.packages.some((p) => p.name === 'not-yet')).toBe(false);
  });
});
