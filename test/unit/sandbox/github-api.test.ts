import sodium from 'libsodium-wrappers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGithubApi, type GithubApi } from '../../../src/sandbox/github-api.js';
import { handleStatusRequest, PACKAGES_COMPONENT_ID } from '../../../src/sandbox/status-page.js';
import { loadWorld, type World } from '../../../src/sandbox/world.js';

let now = Date.parse('2026-11-30T00:00:00Z');
const WEB = 'https://github.test';

const T = {
  classic: 'ghp_classic0000000000000000000000000000001',
  noScope: 'ghp_noscope0000000000000000000000000000002',
  readOnly: 'ghp_readonly000000000000000000000000000003',
  expired: 'ghp_expired000000000000000000000000000004',
  revoked: 'ghp_revoked000000000000000000000000000005',
  fine: 'github_pat_11AAA_fine000000000000000000000000000000006',
  fineLong: 'github_pat_11AAA_long000000000000000000000000000000007',
  job: 'ghs_job0000000000000000000000000000000008',
  sso: 'ghp_sso0000000000000000000000000000000009',
  outsider: 'ghp_outsider0000000000000000000000000000010',
  oauth: 'gho_oauth00000000000000000000000000000011',
};

function world(): World {
  return loadWorld({
    users: [{ login: 'octocat', id: 1 }, { login: 'hubot' }, { login: 'github-actions[bot]' }],
    orgs: [
      { login: 'acme', members: ['octocat'], owners: ['octocat'], workflowPermissionsReadOnlyEnforced: true },
      { login: 'samlcorp', members: ['octocat'], ssoEnforced: true },
      { login: 'noclassic', members: ['octocat'], patPolicy: { classicForbidden: true } },
      { login: 'nofine', members: ['octocat'], patPolicy: { fineGrainedForbidden: true } },
      { login: 'shortlived', members: ['octocat'], patPolicy: { maxLifetimeDays: 90 } },
    ],
    tokens: [
      {
        value: T.classic,
        owner: 'octocat',
        kind: 'classic',
        scopes: ['repo', 'read:packages', 'write:packages', 'delete:packages'],
        expiresAt: '2026-12-30T09:00:00Z',
      },
      { value: T.noScope, owner: 'octocat', kind: 'classic', scopes: [] },
      { value: T.readOnly, owner: 'octocat', kind: 'classic', scopes: ['read:packages'] },
      { value: T.expired, owner: 'octocat', kind: 'classic', scopes: ['read:packages'], expiresAt: '2026-01-01T00:00:00Z' },
      { value: T.revoked, owner: 'octocat', kind: 'classic', scopes: ['read:packages'], revoked: true },
      {
        value: T.fine,
        owner: 'octocat',
        kind: 'fine-grained',
        createdAt: '2026-11-01T00:00:00Z',
        expiresAt: '2026-12-01T00:00:00Z',
        permissions: { secrets: 'write' },
      },
      { value: T.fineLong, owner: 'octocat', kind: 'fine-grained', createdAt: '2026-01-01T00:00:00Z', expiresAt: '2027-06-01T00:00:00Z' },
      { value: T.job, owner: 'github-actions[bot]', kind: 'actions', repo: 'acme/api' },
      { value: T.sso, owner: 'octocat', kind: 'classic', scopes: ['read:packages'] },
      { value: T.outsider, owner: 'hubot', kind: 'classic', scopes: ['repo', 'read:packages'] },
      { value: T.oauth, owner: 'octocat', kind: 'oauth-app', scopes: ['read:packages'] },
    ],
    packages: [
      {
        owner: 'octocat',
        name: 'api',
        visibility: 'private',
        repository: 'octocat/api',
        versions: [
          { id: 1, name: 'sha256:' + '1'.repeat(64), tags: ['v1'], createdAt: '2026-11-01T00:00:00Z' },
          { id: 2, name: 'sha256:' + '2'.repeat(64), tags: ['latest', 'v2'], createdAt: '2026-11-02T00:00:00Z' },
        ],
      },
      { owner: 'octocat', name: 'v7/backend', visibility: 'private' },
      { owner: 'octocat', name: 'pub', visibility: 'public' },
      { owner: 'acme', name: 'api', visibility: 'private', repository: 'acme/api' },
      { owner: 'acme', name: 'other', visibility: 'internal' },
    ],
    repos: [
      { fullName: 'octocat/api', private: true, secrets: [{ name: 'GHCR_TOKEN', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' }] },
      { fullName: 'acme/api', private: true, defaultWorkflowPermissions: 'read' },
      { fullName: 'octocat/site', private: false },
    ],
  });
}

let w: World;
let api: GithubApi;
function fresh() {
  now = Date.parse('2026-11-30T00:00:00Z');
  w = world();
  api = createGithubApi({ world: w, now: () => now, webUrl: WEB, apiUrl: 'https://api.github.test' });
}

async function call(method: string, url: string, token?: string, body?: unknown) {
  const r = await api.handle({
    method,
    url,
    headers: token ? { authorization: `token ${token}` } : {},
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // Loosely typed on purpose: each test reads the fields it asserts on.
  return { ...r, json: r.body ? (JSON.parse(r.body) as any) : undefined };
}

beforeAll(async () => {
  await sodium.ready;
});

describe('GET /user [1.1]', () => {
  it("classic: X-OAuth-Scopes lists the scopes; the expiry header uses GitHub's format", async () => {
    fresh();
    const r = await call('GET', '/user', T.classic);
    expect(r.status).toBe(200);
    expect(r.json!.login).toBe('octocat');
    expect(r.headers['x-oauth-scopes']).toBe('repo, read:packages, write:packages, delete:packages');
    expect(r.headers['github-authentication-token-expiration']).toBe('2026-12-30 09:00:00 UTC');
    expect(r.headers['x-accepted-oauth-scopes']).toBe('');
    expect(r.headers['x-ratelimit-remaining']).toMatch(/^\d+$/);
  });

  it('fine-grained: no X-OAuth-Scopes header at all', async () => {
    fresh();
    const r = await call('GET', '/user', T.fine);
    expect(r.status).toBe(200);
    expect(r.headers).not.toHaveProperty('x-oauth-scopes');
  });

  it('a scopeless classic PAT sends an empty X-OAuth-Scopes; an OAuth app token lists its scopes', async () => {
    fresh();
    expect((await call('GET', '/user', T.noScope)).headers['x-oauth-scopes']).toBe('');
    expect((await call('GET', '/user', T.oauth)).headers['x-oauth-scopes']).toBe('read:packages');
  });

  it.each([
    ['expired', T.expired],
    ['revoked', T.revoked],
    ['unknown', 'ghp_nope'],
  ])('%s token → 401 Bad credentials', async (_l, token) => {
    fresh();
    const r = await call('GET', '/user', token);
    expect(r.status).toBe(401);
    expect(r.json!.message).toBe('Bad credentials');
  });

  it('no token → 401 Requires authentication; GITHUB_TOKEN → 403 (installations cannot read /user)', async () => {
    fresh();
    expect((await call('GET', '/user')).json!.message).toBe('Requires authentication');
    const job = await call('GET', '/user', T.job);
    expect(job.status).toBe(403);
    expect(job.json!.message).toBe('Resource not accessible by integration');
  });

  it('GET /users/{u} tells users from orgs', async () => {
    fresh();
    expect((await call('GET', '/users/acme', T.classic)).json!.type).toBe('Organization');
    expect((await call('GET', '/users/hubot')).json!.type).toBe('User');
    expect((await call('GET', '/users/ghost', T.classic)).status).toBe(404);
  });
});

describe('org policies [1.2]', () => {
  it('SSO: 403, X-GitHub-SSO: required; url=…, SAML body', async () => {
    fresh();
    const r = await call('GET', '/orgs/samlcorp', T.sso);
    expect(r.status).toBe(403);
    expect(r.headers['x-github-sso']).toMatch(new RegExp(`^required; url=${WEB}/orgs/samlcorp/sso\\?authorization_request=[A-F0-9]+$`));
    expect(r.json!.message).toBe('Resource protected by organization SAML enforcement. You must grant your personal token access to this organization.');
    // Same on the org's packages.
    expect((await call('GET', '/orgs/samlcorp/packages/container/x', T.sso)).headers['x-github-sso']).toMatch(/^required; url=/);
  });

  it('fine-grained tokens are not subject to the classic SSO authorization', async () => {
    fresh();
    expect((await call('GET', '/orgs/samlcorp', T.fine)).status).toBe(200);
  });

  it('classic PATs forbidden by the org', async () => {
    fresh();
    const r = await call('GET', '/orgs/noclassic', T.classic);
    expect(r.status).toBe(403);
    expect(r.json!.message).toContain('`noclassic` forbids access via a personal access token (classic)');
  });

  it('fine-grained PATs forbidden, and lifetime limits', async () => {
    fresh();
    expect((await call('GET', '/orgs/nofine', T.fine)).json!.message).toContain(
      '`nofine` forbids access via a personal access token with fine-grained permissions',
    );
    expect((await call('GET', '/orgs/shortlived', T.fine)).status).toBe(200);
    const long = await call('GET', '/orgs/shortlived', T.fineLong);
    expect(long.status).toBe(403);
    expect(long.json!.message).toContain("if the token's lifetime is greater than 90 days");
  });

  it('org membership: 204 member, 404 non-member', async () => {
    fresh();
    expect((await call('GET', '/orgs/acme/members/octocat', T.classic)).status).toBe(204);
    expect((await call('GET', '/orgs/acme/members/hubot', T.classic)).status).toBe(404);
  });
});

describe('packages [1.4]', () => {
  it('[1.4] a nested name must be %2F-encoded; the raw path is 404', async () => {
    fresh();
    const enc = await call('GET', '/users/octocat/packages/container/v7%2Fbackend', T.classic);
    expect(enc.status).toBe(200);
    expect(enc.json!.name).toBe('v7/backend');
    expect(enc.json!.html_url).toBe(`${WEB}/users/octocat/packages/container/package/v7%2Fbackend`);
    expect((await call('GET', '/users/octocat/packages/container/v7/backend', T.classic)).status).toBe(404);
  });

  it('the package shows its linked repository, or says none with repository: null', async () => {
    fresh();
    expect(((await call('GET', '/user/packages/container/api', T.classic)).json!.repository as { full_name: string }).full_name).toBe('octocat/api');
    expect((await call('GET', '/user/packages/container/pub', T.classic)).json.repository).toBeNull();
  });

  it('a classic PAT without read:packages → 403 with X-Accepted-OAuth-Scopes', async () => {
    fresh();
    const r = await call('GET', '/user/packages/container/api', T.noScope);
    expect(r.status).toBe(403);
    expect(r.headers['x-accepted-oauth-scopes']).toBe('read:packages');
    expect(r.json!.message).toBe('You need at least read:packages scope to list packages.');
  });

  it('[1.4] fine-grained PATs are not accepted on the packages API', async () => {
    fresh();
    expect((await call('GET', '/user/packages?package_type=container', T.fine)).status).toBe(403);
  });

  it('[1.4] GITHUB_TOKEN listing org packages → 400 Invalid argument; its own linked package is readable', async () => {
    fresh();
    const list = await call('GET', '/orgs/acme/packages?package_type=container', T.job);
    expect(list.status).toBe(400);
    expect(list.json!.message).toBe('Invalid argument.');
    expect((await call('GET', '/orgs/acme/packages/container/api', T.job)).status).toBe(200);
    expect((await call('GET', '/orgs/acme/packages/container/other', T.job)).status).toBe(404);
  });

  it('[1.4] lists with a visibility filter; package_type is required', async () => {
    fresh();
    const all = await call('GET', '/user/packages?package_type=container', T.classic);
    expect((all.json as Array<{ name: string }>).map((p) => p.name).sort()).toEqual(['api', 'pub', 'v7/backend']);
    const pub = await call('GET', '/users/octocat/packages?package_type=container&visibility=public', T.classic);
    expect((pub.json as Array<{ name: string }>).map((p) => p.name)).toEqual(['pub']);
    expect((await call('GET', '/user/packages', T.classic)).status).toBe(422);
  });

  it('a private org package is 404 to a non-member; visible to a member', async () => {
    fresh();
    expect((await call('GET', '/orgs/acme/packages/container/api', T.outsider)).status).toBe(404);
    expect((await call('GET', '/orgs/acme/packages/container/api', T.readOnly)).status).toBe(200);
  });

  it('versions carry their tags; deleting needs delete:packages; deleted versions are listed with state=deleted; restore', async () => {
    fresh();
    const versions = await call('GET', '/user/packages/container/api/versions', T.readOnly);
    expect((versions.json as Array<{ metadata: { container: { tags: string[] } } }>).map((v) => v.metadata.container.tags)).toEqual([['latest', 'v2'], ['v1']]);
    const denied = await call('DELETE', '/user/packages/container/api/versions/1', T.readOnly);
    expect(denied.status).toBe(403);
    expect((await call('DELETE', '/user/packages/container/api/versions/1', T.classic)).status).toBe(204);
    expect(((await call('GET', '/user/packages/container/api/versions', T.classic)).json as unknown[]).length).toBe(1);
    expect(((await call('GET', '/user/packages/container/api/versions?state=deleted', T.classic)).json as Array<{ id: number }>)[0]!.id).toBe(1);
    expect((await call('POST', '/user/packages/container/api/versions/1/restore', T.classic)).status).toBe(204);
    expect(((await call('GET', '/user/packages/container/api/versions', T.classic)).json as unknown[]).length).toBe(2);
  });

  it('[0.3] there is no API to change visibility: PATCH is 404', async () => {
    fresh();
    expect((await call('PATCH', '/user/packages/container/api', T.classic, { visibility: 'public' })).status).toBe(404);
  });
});

describe('repository secrets [1.5]', () => {
  it('lists names (never values) and gets one secret', async () => {
    fresh();
    const list = await call('GET', '/repos/octocat/api/actions/secrets', T.classic);
    expect(list.json).toEqual({ total_count: 1, secrets: [{ name: 'GHCR_TOKEN', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' }] });
    expect((await call('GET', '/repos/octocat/api/actions/secrets/GHCR_TOKEN', T.classic)).status).toBe(200);
    expect((await call('GET', '/repos/octocat/api/actions/secrets/NOPE', T.classic)).status).toBe(404);
  });

  it('[1.5] PUT a sealed box: 201 created, then 204 updated with updated_at moved; the value decrypts with the repo key', async () => {
    fresh();
    const pk = await call('GET', '/repos/octocat/api/actions/secrets/public-key', T.classic);
    const { key_id, key } = pk.json as { key_id: string; key: string };
    const seal = (v: string) =>
      sodium.to_base64(
        sodium.crypto_box_seal(sodium.from_string(v), sodium.from_base64(key, sodium.base64_variants.ORIGINAL)),
        sodium.base64_variants.ORIGINAL,
      );
    const created = await call('PUT', '/repos/octocat/api/actions/secrets/NEW_SECRET', T.classic, { encrypted_value: seal('first'), key_id });
    expect(created.status).toBe(201);
    now += 60_000;
    const updated = await call('PUT', '/repos/octocat/api/actions/secrets/GHCR_TOKEN', T.classic, { encrypted_value: seal('ghp_rotated'), key_id });
    expect(updated.status).toBe(204);
    const s = w.repos[0]!.secrets!.find((x) => x.name === 'GHCR_TOKEN')!;
    expect(s.updatedAt).toBe('2026-11-30T00:01:00Z');
    const kp = await api.secretKeyPair('octocat/api');
    const opened = sodium.crypto_box_seal_open(sodium.from_base64(s.encryptedValue!, sodium.base64_variants.ORIGINAL), kp.publicKeyBytes, kp.privateKeyBytes);
    expect(sodium.to_string(opened)).toBe('ghp_rotated');
  });

  it('[1.5] a wrong key_id or a value not sealed with the repo key → 422', async () => {
    fresh();
    const { key_id } = (await call('GET', '/repos/octocat/api/actions/secrets/public-key', T.classic)).json as { key_id: string };
    expect((await call('PUT', '/repos/octocat/api/actions/secrets/X', T.classic, { encrypted_value: 'aGVsbG8=', key_id: 'nope' })).status).toBe(422);
    expect((await call('PUT', '/repos/octocat/api/actions/secrets/X', T.classic, { encrypted_value: 'aGVsbG8=', key_id })).status).toBe(422);
  });

  it('[1.5] classic tokens need repo (404 + X-Accepted-OAuth-Scopes: repo); non-admins 403; GITHUB_TOKEN 403', async () => {
    fresh();
    const noRepo = await call('GET', '/repos/octocat/api/actions/secrets', T.readOnly);
    expect(noRepo.status).toBe(404);
    expect(noRepo.headers['x-accepted-oauth-scopes']).toBe('repo');
    const outsider = await call('GET', '/repos/octocat/site/actions/secrets', T.outsider);
    expect(outsider.status).toBe(403);
    expect(outsider.json!.message).toBe('Must have admin rights to Repository.');
    expect((await call('GET', '/repos/acme/api/actions/secrets', T.job)).json!.message).toBe('Resource not accessible by integration');
  });

  it('a private repository the user cannot see is 404, and so is its secret (as on GitHub), not 403', async () => {
    fresh();
    expect((await call('GET', '/repos/octocat/api', T.outsider)).status).toBe(404);
    expect((await call('GET', '/repos/octocat/api/actions/secrets/GHCR_TOKEN', T.outsider)).status).toBe(404);
    expect((await call('GET', '/repos/octocat/api/actions/secrets', T.outsider)).status).toBe(404);
    expect((await call('GET', '/repos/octocat/api/actions/permissions/workflow', T.outsider)).status).toBe(404);
  });

  it('fine-grained tokens need the secrets permission', async () => {
    fresh();
    expect((await call('GET', '/repos/octocat/api/actions/secrets', T.fine)).status).toBe(200);
    const r = await call('GET', '/repos/octocat/api/actions/secrets', T.fineLong);
    expect(r.status).toBe(403);
    expect(r.headers['x-accepted-github-permissions']).toBe('secrets=read');
  });
});

describe('workflow permissions [1.5]', () => {
  it('GET shows the default; PUT write → 409 when the org enforces read-only', async () => {
    fresh();
    expect((await call('GET', '/repos/acme/api/actions/permissions/workflow', T.classic)).json).toEqual({
      default_workflow_permissions: 'read',
      can_approve_pull_request_reviews: false,
    });
    const r = await call('PUT', '/repos/acme/api/actions/permissions/workflow', T.classic, { default_workflow_permissions: 'write' });
    expect(r.status).toBe(409);
    expect(r.json!.message).toBe('Write permissions for workflows are disabled by the organization');
  });

  it('PUT on a user repo → 204 and the world changes', async () => {
    fresh();
    expect((await call('PUT', '/repos/octocat/api/actions/permissions/workflow', T.classic, { default_workflow_permissions: 'write' })).status).toBe(204);
    expect(w.repos[0]!.defaultWorkflowPermissions).toBe('write');
  });
});

describe('rate limit [1.1]', () => {
  it('counts down and answers 403 with x-ratelimit-remaining: 0 when exhausted', async () => {
    fresh();
    w.rateLimitRemaining = 1;
    const ok = await call('GET', '/user', T.classic);
    expect(ok.status).toBe(200);
    expect(ok.headers['x-ratelimit-remaining']).toBe('0');
    const limited = await call('GET', '/user', T.classic);
    expect(limited.status).toBe(403);
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    expect(limited.json!.message).toMatch(/^API rate limit exceeded/);
  });
});

describe('status page [1.6]', () => {
  it('summary.json with the real component ids, indicator from the worst component', () => {
    const w2 = world();
    const ok = JSON.parse(handleStatusRequest('/api/v2/summary.json', w2, now).body) as {
      status: { indicator: string };
      components: Array<{ id: string; status: string }>;
    };
    expect(ok.status.indicator).toBe('none');
    expect(ok.components.find((c) => c.id === PACKAGES_COMPONENT_ID)?.status).toBe('operational');
    w2.status = {
      components: [{ id: PACKAGES_COMPONENT_ID, status: 'major_outage' }],
      incidents: [{ name: 'Packages degraded', components: [PACKAGES_COMPONENT_ID] }],
    };
    const bad = JSON.parse(handleStatusRequest('/api/v2/summary.json', w2, now).body) as {
      status: { indicator: string };
      incidents: unknown[];
      components: Array<{ id: string; status: string }>;
    };
    expect(bad.status.indicator).toBe('major');
    expect(bad.incidents).toHaveLength(1);
    expect(bad.components.find((c) => c.id === PACKAGES_COMPONENT_ID)?.status).toBe('major_outage');
  });

  it('down → 503; html → an HTML page', () => {
    const w2 = world();
    w2.status = { mode: 'down' };
    expect(handleStatusRequest('/api/v2/summary.json', w2, now).status).toBe(503);
    w2.status = { mode: 'html' };
    expect(handleStatusRequest('/api/v2/summary.json', w2, now).headers['content-type']).toBe('text/html');
  });
});

describe('loadWorld', () => {
  it.each([
    [{ users: [], tokens: [{ value: 'x', owner: 'a', kind: 'pat' }] }, /tokens\[0\]\.kind is "pat"/],
    [{ users: [], tokens: [], packages: [{ owner: 'ghost', name: 'a', visibility: 'private' }] }, /packages\[0\]\.owner "ghost"/],
    [{ users: [{ login: 'a' }], tokens: [], packages: [{ owner: 'a', name: 'Api', visibility: 'private' }] }, /must be lowercase/],
    [{ users: [{ login: 'a' }], tokens: [{ value: 'x', owner: 'a', kind: 'actions' }] }, /tokens\[0\]\.repo is required/],
    [{ users: [{ login: 'a' }, { login: 'A' }], tokens: [] }, /defined twice/],
    [{ tokens: [] }, /world\.users must be an array/],
  ])('rejects %j', (input, message) => {
    expect(() => loadWorld(input)).toThrow(message);
  });
});

describe('answers as GitHub sends them (its OpenAPI description and recorded exchanges)', () => {
  it("an org package's owner url is /users/{org}, as in every simple-user; GET /orgs/{org} has no site_admin", async () => {
    fresh();
    const pkg = await call('GET', '/orgs/acme/packages/container/api', T.classic);
    expect(pkg.json.owner.url).toBe('https://api.github.test/users/acme');
    expect(pkg.json.owner.type).toBe('Organization');
    const org = await call('GET', '/orgs/acme', T.classic);
    expect(org.json).not.toHaveProperty('site_admin');
    expect(org.json.url).toBe('https://api.github.test/orgs/acme');
  });

  it('GET /orgs/{org} names the scopes that read it (recorded: "admin:org, read:org, repo, user, write:org"), not an empty header', async () => {
    fresh();
    expect((await call('GET', '/orgs/acme', T.classic)).headers['x-accepted-oauth-scopes']).toBe('admin:org, read:org, repo, user, write:org');
  });

  it('GET /rate_limit has every documented resource (search too) and nothing invented', async () => {
    fresh();
    const r = (await call('GET', '/rate_limit', T.classic)).json;
    expect(Object.keys(r.resources)).toEqual(expect.arrayContaining(['core', 'search']));
    expect(r.rate).not.toHaveProperty('resource');
    expect(r.rate).toMatchObject({ limit: 5000, remaining: expect.any(Number), used: expect.any(Number), reset: expect.any(Number) });
  });

  it('a version DELETE keeps its own accepted scopes: "delete:packages, read:packages"', async () => {
    fresh();
    const del = await call('DELETE', '/user/packages/container/api/versions/1', T.classic);
    expect(del.status).toBe(204);
    expect(del.headers['x-accepted-oauth-scopes']).toBe('delete:packages, read:packages');
  });

  it('a package and a repository of the same name have different ids; an internal package reads as private (the documented enum)', async () => {
    fresh();
    const pkg = (await call('GET', '/orgs/acme/packages/container/api', T.classic)).json;
    const repo = (await call('GET', '/repos/acme/api', T.classic)).json;
    expect(pkg.id).not.toBe(repo.id);
    expect(pkg.repository.id).toBe(repo.id);
    expect((await call('GET', '/orgs/acme/packages/container/other', T.classic)).json.visibility).toBe('private');
  });
});
