import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { World } from '../../src/sandbox/world.js';
import { startLab, type Lab } from './harness.js';
import { LabPodman, type PodmanResult } from './podman.js';
import { requireLab } from './require-lab.js';

/**
 * The real podman against the lab gets what it gets from ghcr.io: the same denials, with the same
 * text, for the same causes. A handful of podman runs only.
 */
const PAT = 'ghp_labFaithfulClassicWrite000000000000001';
const PAT_READ = 'ghp_labFaithfulClassicRead0000000000000002';
const PAT_REVOKED = 'ghp_labFaithfulClassicRevoked00000000003';
const JOB_TOKEN = 'ghs_labFaithfulActionsAcmeApi0000000004';
/** The seed runbook's server: the workflow's GITHUB_TOKEN was stored there and died with the job. */
const DEAD_JOB_TOKEN = 'ghs_labFaithfulRunbookJobEnded000000005';

const world: World = {
  users: [{ login: 'octocat' }, { login: 'github-actions[bot]' }, { login: 'hellocplusplus0' }],
  orgs: [{ login: 'acme', members: ['octocat'], owners: ['octocat'] }],
  tokens: [
    { value: PAT, owner: 'octocat', kind: 'classic', scopes: ['read:packages', 'write:packages', 'delete:packages'] },
    { value: PAT_READ, owner: 'octocat', kind: 'classic', scopes: ['read:packages'] },
    { value: PAT_REVOKED, owner: 'octocat', kind: 'classic', scopes: ['read:packages'], revoked: true },
    { value: JOB_TOKEN, owner: 'github-actions[bot]', kind: 'actions', repo: 'acme/api', packagesPermission: 'write' },
    { value: DEAD_JOB_TOKEN, owner: 'github-actions[bot]', kind: 'actions', repo: 'hellocplusplus0/v7', expiresAt: '2026-01-01T06:00:00Z' },
  ],
  packages: [
    { owner: 'octocat', name: 'public-tool', visibility: 'public', repository: null },
    { owner: 'octocat', name: 'v7/backend', visibility: 'private', repository: 'octocat/v7' },
    { owner: 'hellocplusplus0', name: 'v7/backend', visibility: 'private', repository: 'hellocplusplus0/v7' },
    // Created by a manual push: not linked, no Actions access.
    { owner: 'acme', name: 'api', visibility: 'private', repository: null, actionsAccess: [] },
  ],
  repos: [{ fullName: 'octocat/v7' }, { fullName: 'acme/api' }, { fullName: 'hellocplusplus0/v7' }],
};

const canRun = requireLab(['podman']);
const output = (r: PodmanResult) => `${r.stdout}\n${r.stderr}`;

describe.skipIf(!canRun)('lab is faithful to ghcr.io for a real podman', () => {
  let lab: Lab;
  let podman: LabPodman;
  let failed = false;

  beforeAll(async () => {
    lab = await startLab(structuredClone(world));
    podman = await LabPodman.create(lab);
    await lab.seedImage('octocat/public-tool:1.0');
    await lab.seedImage('octocat/v7/backend:latest');
    await lab.seedImage('acme/api:latest');
    await lab.seedImage('hellocplusplus0/v7/backend:latest');
  });

  afterAll(async () => {
    if (failed) console.error(`docker-registry logs:\n${lab?.registryLogs().slice(-4000)}`);
    await podman?.cleanup();
    await lab?.stop();
  });

  const check = (fn: () => Promise<void>) => async () => {
    try {
      await fn();
    } catch (e) {
      failed = true;
      throw e;
    }
  };

  it(
    '[1.3] a classic PAT with write:packages logs in, pushes a new package (created private) and pulls a nested name',
    check(async () => {
      const login = await podman.login('octocat', PAT);
      expect(output(login)).toContain('Login Succeeded');
      const pullPublic = await podman.run(['pull', `${lab.registryHost}/octocat/public-tool:1.0`]);
      expect(pullPublic.code, output(pullPublic)).toBe(0);
      await podman.run(['tag', `${lab.registryHost}/octocat/public-tool:1.0`, `${lab.registryHost}/octocat/new-app:v1`]);
      const push = await podman.run(['push', `${lab.registryHost}/octocat/new-app:v1`]);
      expect(push.code, output(push)).toBe(0);
      const created = lab.world.packages.find((p) => p.name === 'new-app');
      expect(created?.visibility).toBe('private');
      expect(created?.repository).toBeNull();
      expect(created?.versions?.[0]?.tags).toEqual(['v1']);
      // The same version is visible through the emulated REST API.
      const res = await lab.fetch(`${lab.apiUrl}/user/packages/container/new-app/versions`, { headers: { authorization: `token ${PAT}` } });
      const versions = (await res.json()) as Array<{ name: string; metadata: { container: { tags: string[] } } }>;
      expect(versions.map((v) => v.metadata.container.tags)).toEqual([['v1']]);
      expect(versions[0]!.name).toMatch(/^sha256:[0-9a-f]{64}$/);
      const nested = await podman.run(['pull', `${lab.registryHost}/octocat/v7/backend:latest`]);
      expect(nested.code, output(nested)).toBe(0);
    }),
  );

  it(
    'pushing with a classic PAT that lacks write:packages is denied with "The token provided does not match expected scopes"',
    check(async () => {
      const auth = join(podman.dir, 'read-only.json');
      expect((await podman.login('octocat', PAT_READ, auth)).code).toBe(0);
      const push = await podman.run(['push', `${lab.registryHost}/octocat/new-app:v1`], { authFile: auth });
      expect(push.code).not.toBe(0);
      expect(output(push)).toContain('denied: permission_denied: The token provided does not match expected scopes.');
    }),
  );

  it(
    'stale stored credentials break even a public pull: "Requesting bearer token: invalid status code from registry 403 (Forbidden)"',
    check(async () => {
      const stale = join(podman.dir, 'stale.json');
      const auth = Buffer.from(`octocat:${PAT_REVOKED}`).toString('base64');
      await writeFile(stale, JSON.stringify({ auths: { [lab.registryHost]: { auth } } }), { mode: 0o600 });
      const pull = await podman.run(['pull', `${lab.registryHost}/octocat/public-tool:1.0`], { authFile: stale });
      expect(pull.code).not.toBe(0);
      expect(output(pull)).toContain('Requesting bearer token: invalid status code from registry 403 (Forbidden)');
      expect(output(pull)).not.toContain(PAT_REVOKED);
    }),
  );

  it(
    "seed runbook: the server pulls with the stored, expired GITHUB_TOKEN and gets the runbook's exact error",
    check(async () => {
      const server = join(podman.dir, 'server-auth.json');
      const auth = Buffer.from(`hellocplusplus0:${DEAD_JOB_TOKEN}`).toString('base64');
      await writeFile(server, JSON.stringify({ auths: { [lab.registryHost]: { auth } } }), { mode: 0o600 });
      const pull = await podman.run(['pull', `${lab.registryHost}/hellocplusplus0/v7/backend:latest`], { authFile: server });
      expect(pull.code).not.toBe(0);
      // The seed runbook: "Error: initializing source docker://ghcr.io/hellocplusplus0/v7/backend:latest:
      // Requesting bearer token: invalid status code from registry 403 (Forbidden)"
      expect(output(pull)).toContain(
        `Error: initializing source docker://${lab.registryHost}/hellocplusplus0/v7/backend:latest: Requesting bearer token: invalid status code from registry 403 (Forbidden)`,
      );
    }),
  );

  it(
    'an anonymous pull of a private package is unauthorized',
    check(async () => {
      const none = join(podman.dir, 'none.json');
      await writeFile(none, '{"auths":{}}');
      const pull = await podman.run(['pull', `${lab.registryHost}/octocat/v7/backend:latest`], { authFile: none });
      expect(pull.code).not.toBe(0);
      // podman: `reading manifest latest in HOST/octocat/v7/backend: unauthorized` (docker: `Head …: unauthorized`).
      expect(output(pull)).toContain(`reading manifest latest in ${lab.registryHost}/octocat/v7/backend: unauthorized`);
    }),
  );

  it(
    'a workflow GITHUB_TOKEN pushing to an org package its repo has no Actions access to: "installation not allowed to Write organization package"',
    check(async () => {
      const auth = join(podman.dir, 'job.json');
      expect((await podman.login('github-actions[bot]', JOB_TOKEN, auth)).code).toBe(0);
      await podman.run(['tag', `${lab.registryHost}/octocat/public-tool:1.0`, `${lab.registryHost}/acme/api:v2`]);
      const push = await podman.run(['push', `${lab.registryHost}/acme/api:v2`], { authFile: auth });
      expect(push.code).not.toBe(0);
      expect(output(push)).toContain('denied: installation not allowed to Write organization package');
      // Granting the repository Write under "Manage Actions access" fixes it.
      lab.world.packages.find((p) => p.owner === 'acme' && p.name === 'api')!.actionsAccess = [{ repo: 'acme/api', role: 'write' }];
      const again = await podman.run(['push', `${lab.registryHost}/acme/api:v2`], { authFile: auth });
      expect(again.code, output(again)).toBe(0);
    }),
  );

  it(
    'a tag that was never pushed is "manifest unknown", not an auth error',
    check(async () => {
      const pull = await podman.run(['pull', `${lab.registryHost}/octocat/v7/backend:nope`]);
      expect(pull.code).not.toBe(0);
      expect(output(pull)).toMatch(/manifest unknown/i);
      expect(output(pull)).not.toMatch(/denied|unauthorized/);
    }),
  );
});
