import { describe, expect, it } from 'vitest';
import { loadWorld, type World } from '../../../src/sandbox/world.js';
import {
  gateRegistryRequest,
  GrantStore,
  handleTokenRequest,
  parseRegistryPath,
  parseScopes,
  type SandboxResponse,
} from '../../../src/sandbox/token-service.js';

const NOW = Date.parse('2026-11-30T00:00:00Z');
const REALM = 'https://ghcr.test/token';

const T = {
  write: 'ghp_write000000000000000000000000000000001',
  read: 'ghp_read0000000000000000000000000000000002',
  noPkg: 'ghp_repoonly00000000000000000000000000003',
  expired: 'ghp_expired000000000000000000000000000004',
  revoked: 'ghp_revoked000000000000000000000000000005',
  fine: 'github_pat_11AAAA_fine0000000000000000000000000000000006',
  job: 'ghs_job0000000000000000000000000000000007',
  jobRead: 'ghs_jobread00000000000000000000000000008',
  jobOther: 'ghs_jobother0000000000000000000000000009',
  app: 'ghs_app0000000000000000000000000000000010',
  ssoNo: 'ghp_ssono000000000000000000000000000000011',
  ssoYes: 'ghp_ssoyes00000000000000000000000000000012',
  outsider: 'ghp_outsider0000000000000000000000000000013',
  jobExpired: 'ghs_jobexpired00000000000000000000000014',
};

function world(): World {
  return loadWorld({
    users: [{ login: 'octocat' }, { login: 'hubot' }, { login: 'github-actions[bot]' }, { login: 'app[bot]' }],
    orgs: [
      { login: 'acme', members: ['octocat'], owners: ['octocat'], packageCreation: { private: true } },
      { login: 'strict', members: ['octocat'], packageCreation: { public: true, private: false } },
      { login: 'samlcorp', members: ['octocat'], ssoEnforced: true },
    ],
    tokens: [
      { value: T.write, owner: 'octocat', kind: 'classic', scopes: ['write:packages'] },
      { value: T.read, owner: 'octocat', kind: 'classic', scopes: ['read:packages'] },
      { value: T.noPkg, owner: 'octocat', kind: 'classic', scopes: ['repo'] },
      { value: T.expired, owner: 'octocat', kind: 'classic', scopes: ['write:packages'], expiresAt: '2026-01-01T00:00:00Z' },
      { value: T.revoked, owner: 'octocat', kind: 'classic', scopes: ['write:packages'], revoked: true },
      { value: T.fine, owner: 'octocat', kind: 'fine-grained' },
      { value: T.job, owner: 'github-actions[bot]', kind: 'actions', repo: 'acme/api' },
      { value: T.jobRead, owner: 'github-actions[bot]', kind: 'actions', repo: 'acme/api', packagesPermission: 'read' },
      { value: T.jobOther, owner: 'github-actions[bot]', kind: 'actions', repo: 'acme/other' },
      { value: T.jobExpired, owner: 'github-actions[bot]', kind: 'actions', repo: 'acme/api', expiresAt: '2026-11-29T06:00:00Z' },
      { value: T.app, owner: 'app[bot]', kind: 'app-installation', repo: 'acme/api' },
      { value: T.ssoNo, owner: 'octocat', kind: 'classic', scopes: ['write:packages'] },
      { value: T.ssoYes, owner: 'octocat', kind: 'classic', scopes: ['write:packages'], ssoAuthorizedOrgs: ['samlcorp'] },
      { value: T.outsider, owner: 'hubot', kind: 'classic', scopes: ['write:packages'] },
    ],
    packages: [
      { owner: 'octocat', name: 'api', visibility: 'private' },
      { owner: 'octocat', name: 'pub', visibility: 'public' },
      { owner: 'octocat', name: 'v7/backend', visibility: 'private' },
      { owner: 'acme', name: 'api', visibility: 'private', repository: 'acme/api' },
      { owner: 'acme', name: 'unlinked', visibility: 'private', repository: null },
      { owner: 'acme', name: 'readonly-access', visibility: 'private', actionsAccess: [{ repo: 'acme/api', role: 'read' }] },
      { owner: 'acme', name: 'write-access', visibility: 'private', actionsAccess: [{ repo: 'acme/other', role: 'write' }] },
      { owner: 'samlcorp', name: 'api', visibility: 'private', memberRole: 'write' },
    ],
    repos: [],
  });
}

const basic = (token: string, user = 'anyone') => `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}`;
const body = (r: SandboxResponse) => JSON.parse(r.body) as { token?: string; errors?: Array<{ code: string; message: string }> };

/** Runs the whole client flow: /token for pull,push then the registry request; returns the registry answer. */
function attempt(w: World, token: string | null, repository: string, method: 'HEAD' | 'GET' | 'POST', kind = 'manifests/latest') {
  const grants = new GrantStore();
  const opts = { world: w, grants, now: () => NOW };
  const tok = handleTokenRequest({ authorization: token ? basic(token) : undefined, scopes: [`repository:${repository}:pull,push`] }, opts);
  expect(tok.status).toBe(200);
  const bearer = body(tok).token!;
  const path = method === 'POST' ? `/v2/${repository}/blobs/uploads/` : `/v2/${repository}/${kind}`;
  return gateRegistryRequest({ method, path, authorization: `Bearer ${bearer}` }, { ...opts, realm: REALM });
}

function denial(result: ReturnType<typeof attempt>): { status: number; code?: string; message?: string; challenge?: string } {
  if (result.allow) return { status: 200 };
  const e = body(result.response).errors?.[0];
  return { status: result.response.status, code: e?.code, message: e?.message, challenge: result.response.headers['www-authenticate'] };
}

describe('ghcr.io /token [1.3]', () => {
  it('[1.3] Bearer sent to /token is 401; Basic user:PAT works', () => {
    const opts = { world: world(), grants: new GrantStore(), now: () => NOW };
    const bearer = handleTokenRequest({ authorization: `Bearer ${T.write}`, scopes: ['repository:octocat/api:pull'] }, opts);
    expect(bearer.status).toBe(401);
    expect(body(bearer).errors?.[0]?.code).toBe('UNAUTHORIZED');
    const ok = handleTokenRequest({ authorization: basic(T.write), scopes: ['repository:octocat/api:pull'] }, opts);
    expect(ok.status).toBe(200);
    // GHCR returns no expires_in, and the token is opaque (not a JWT).
    expect(Object.keys(JSON.parse(ok.body) as object)).toEqual(['token']);
    expect(body(ok).token!.split('.').length).not.toBe(3);
  });

  it.each([
    ['expired', T.expired],
    ['revoked', T.revoked],
    ['unknown / mistyped', 'ghp_typo'],
    ['fine-grained', T.fine],
    ['job token after the job ended', T.jobExpired],
  ])('invalid credentials at /token are 403 DENIED "denied" — %s', (_label, token) => {
    const r = handleTokenRequest(
      { authorization: basic(token), scopes: ['repository:octocat/pub:pull'] },
      { world: world(), grants: new GrantStore(), now: () => NOW },
    );
    expect(r.status).toBe(403);
    expect(body(r).errors).toEqual([{ code: 'DENIED', message: 'denied' }]);
  });

  it('GHCR does not fall back to anonymous: stale creds fail even for a public package', () => {
    const r = handleTokenRequest(
      { authorization: basic(T.revoked), scopes: ['repository:octocat/pub:pull'] },
      { world: world(), grants: new GrantStore(), now: () => NOW },
    );
    expect(r.status).toBe(403);
  });

  it('the username is ignored for a PAT', () => {
    const r = handleTokenRequest({ authorization: basic(T.write, 'not-the-owner'), scopes: [] }, { world: world(), grants: new GrantStore(), now: () => NOW });
    expect(r.status).toBe(200);
  });

  it('parses repository scopes, nested names and several scope parameters', () => {
    expect(parseScopes(['repository:octocat/v7/backend:pull,push', 'repository:a/b:pull registry:catalog:*'])).toEqual([
      { repository: 'octocat/v7/backend', actions: ['pull', 'push'] },
      { repository: 'a/b', actions: ['pull'] },
    ]);
    expect(parseRegistryPath('/v2/octocat/v7/backend/manifests/latest')).toEqual({ repository: 'octocat/v7/backend', kind: 'manifests', rest: 'latest' });
    expect(parseRegistryPath('/v2/o/n/blobs/uploads/')).toEqual({ repository: 'o/n', kind: 'uploads', rest: '' });
    expect(parseRegistryPath('/v2/')).toBeNull();
  });
});

describe('registry answers [1.3]', () => {
  it('[1.3] /v2/ without a token: 401, placeholder scope, distribution header', () => {
    const r = gateRegistryRequest({ method: 'GET', path: '/v2/' }, { world: world(), grants: new GrantStore(), now: () => NOW, realm: REALM });
    expect(r.allow).toBe(false);
    if (r.allow) return;
    expect(r.response.status).toBe(401);
    expect(r.response.headers['www-authenticate']).toBe(`Bearer realm="${REALM}",service="ghcr.io",scope="repository:user/image:pull"`);
    expect(r.response.headers['docker-distribution-api-version']).toBe('registry/2.0');
    expect(body(r.response).errors).toEqual([{ code: 'UNAUTHORIZED', message: 'authentication required' }]);
  });

  it('[1.3] a repository path challenges with its real scope; push paths ask for pull,push', () => {
    const opts = { world: world(), grants: new GrantStore(), now: () => NOW, realm: REALM };
    const pull = gateRegistryRequest({ method: 'HEAD', path: '/v2/octocat/api/manifests/latest' }, opts);
    const push = gateRegistryRequest({ method: 'POST', path: '/v2/octocat/api/blobs/uploads/' }, opts);
    expect(!pull.allow && pull.response.headers['www-authenticate']).toContain('scope="repository:octocat/api:pull"');
    expect(!push.allow && push.response.headers['www-authenticate']).toContain('scope="repository:octocat/api:pull,push"');
  });

  it('[1.3] empty bearer: "authentication token not provided"; unknown bearer: unauthenticated', () => {
    const opts = { world: world(), grants: new GrantStore(), now: () => NOW, realm: REALM };
    const empty = gateRegistryRequest({ method: 'GET', path: '/v2/', authorization: 'Bearer ' }, opts);
    expect(!empty.allow && body(empty.response).errors?.[0]?.message).toBe('authentication token not provided');
    const unknown = gateRegistryRequest({ method: 'GET', path: '/v2/', authorization: 'Bearer djE6bogus' }, opts);
    expect(!unknown.allow && body(unknown.response).errors?.[0]?.message).toBe('unauthenticated: User cannot be authenticated with the token provided.');
  });

  it('a token revoked after the registry token was issued: "unauthenticated: User cannot be authenticated…"', () => {
    const w = world();
    const grants = new GrantStore();
    const opts = { world: w, grants, now: () => NOW };
    const bearer = body(handleTokenRequest({ authorization: basic(T.write), scopes: ['repository:octocat/api:pull,push'] }, opts)).token!;
    w.tokens.find((t) => t.value === T.write)!.revoked = true;
    const r = gateRegistryRequest({ method: 'POST', path: '/v2/octocat/api/blobs/uploads/', authorization: `Bearer ${bearer}` }, { ...opts, realm: REALM });
    expect(denial(r)).toMatchObject({ status: 401, code: 'UNAUTHORIZED', message: 'unauthenticated: User cannot be authenticated with the token provided.' });
  });

  it('[1.3] DELETE of an upload session is 405 Unsupported', () => {
    const w = world();
    const grants = new GrantStore();
    const bearer = body(
      handleTokenRequest({ authorization: basic(T.write), scopes: ['repository:octocat/api:pull,push'] }, { world: w, grants, now: () => NOW }),
    ).token!;
    const r = gateRegistryRequest(
      { method: 'DELETE', path: '/v2/octocat/api/blobs/uploads/abc', authorization: `Bearer ${bearer}` },
      { world: w, grants, now: () => NOW, realm: REALM },
    );
    expect(denial(r)).toMatchObject({ status: 405, code: 'UNSUPPORTED' });
  });

  it('[1.3] a granted subset: pull allowed, push refused on the same token', () => {
    const w = world();
    expect(attempt(w, T.read, 'octocat/api', 'GET').allow).toBe(true);
    expect(denial(attempt(w, T.read, 'octocat/api', 'POST')).status).toBe(403);
  });

  it('a scope the token was never issued for makes the client re-authenticate (401 + challenge)', () => {
    const w = world();
    const grants = new GrantStore();
    const bearer = body(handleTokenRequest({ authorization: basic(T.write), scopes: ['repository:octocat/api:pull'] }, { world: w, grants, now: () => NOW }))
      .token!;
    const r = gateRegistryRequest(
      { method: 'GET', path: '/v2/octocat/pub/manifests/x', authorization: `Bearer ${bearer}` },
      { world: w, grants, now: () => NOW, realm: REALM },
    );
    expect(denial(r)).toMatchObject({ status: 401, challenge: expect.stringContaining('repository:octocat/pub:pull') });
  });
});

describe("who may pull and push, with GHCR's words", () => {
  const cases: Array<[string, string | null, string, 'GET' | 'POST', { status: number; code?: string; message?: string }]> = [
    ['[1.3] anonymous pull of a public package', null, 'octocat/pub', 'GET', { status: 200 }],
    ['anonymous pull of a private package', null, 'octocat/api', 'GET', { status: 401, code: 'UNAUTHORIZED', message: 'authentication required' }],
    ['anonymous push', null, 'octocat/pub', 'POST', { status: 401, code: 'UNAUTHORIZED', message: 'authentication required' }],
    [
      'classic PAT without write:packages pushing',
      T.read,
      'octocat/api',
      'POST',
      { status: 403, code: 'DENIED', message: 'permission_denied: The token provided does not match expected scopes.' },
    ],
    [
      'classic PAT without read:packages pulling a private package',
      T.noPkg,
      'octocat/api',
      'GET',
      { status: 403, code: 'DENIED', message: 'permission_denied: read_package' },
    ],
    ['write:packages implies read', T.write, 'octocat/api', 'GET', { status: 200 }],
    ['[1.3] classic PAT with write:packages pushing to its own namespace', T.write, 'octocat/api', 'POST', { status: 200 }],
    ["pushing into another user's namespace", T.outsider, 'octocat/new', 'POST', { status: 403, code: 'DENIED', message: 'permission_denied: write_package' }],
    ['a non-member pushing to an org', T.outsider, 'acme/new', 'POST', { status: 403, code: 'DENIED', message: 'permission_denied: write_package' }],
    ['a non-member pulling a private org package', T.outsider, 'acme/api', 'GET', { status: 403, code: 'DENIED', message: 'permission_denied: read_package' }],
    [
      'org package creation forbids private packages',
      T.write,
      'strict/new',
      'POST',
      { status: 403, code: 'DENIED', message: 'installation not allowed to Create organization package' },
    ],
    ['classic PAT not authorized for SAML SSO (registry text UNCONFIRMED)', T.ssoNo, 'samlcorp/api', 'GET', { status: 403, code: 'DENIED', message: 'denied' }],
    ['the same PAT once SSO-authorized', T.ssoYes, 'samlcorp/api', 'POST', { status: 200 }],
    ['GITHUB_TOKEN of the linked repository pushing', T.job, 'acme/api', 'POST', { status: 200 }],
    [
      'GITHUB_TOKEN, package not linked and no Actions access',
      T.job,
      'acme/unlinked',
      'POST',
      { status: 403, code: 'DENIED', message: 'installation not allowed to Write organization package' },
    ],
    [
      'GITHUB_TOKEN whose repo has only Read under Manage Actions access',
      T.job,
      'acme/readonly-access',
      'POST',
      { status: 403, code: 'DENIED', message: 'installation not allowed to Write organization package' },
    ],
    ['Manage Actions access Write lets another repo push', T.jobOther, 'acme/write-access', 'POST', { status: 200 }],
    [
      'job without packages: write pushing an existing org package',
      T.jobRead,
      'acme/api',
      'POST',
      { status: 403, code: 'DENIED', message: 'installation not allowed to Write organization package' },
    ],
    [
      'job without packages: write creating an org package',
      T.jobRead,
      'acme/brand-new',
      'POST',
      { status: 403, code: 'DENIED', message: 'installation not allowed to Create organization package' },
    ],
    ['job creating a package in its own org', T.job, 'acme/brand-new', 'POST', { status: 200 }],
    [
      'job pushing a user-owned package it has no access to',
      T.job,
      'octocat/api',
      'POST',
      { status: 403, code: 'DENIED', message: 'permission_denied: write_package' },
    ],
    [
      'job pulling a private org package its repo cannot read',
      T.job,
      'acme/unlinked',
      'GET',
      { status: 403, code: 'DENIED', message: 'installation not allowed to Read organization package' },
    ],
    ['Read under Manage Actions access allows the pull', T.job, 'acme/readonly-access', 'GET', { status: 200 }],
    [
      'App installation token creating an org package',
      T.app,
      'acme/brand-new',
      'POST',
      { status: 403, code: 'DENIED', message: 'installation not allowed to Create organization package' },
    ],
    [
      'App installation token writing an existing org package',
      T.app,
      'acme/api',
      'POST',
      { status: 403, code: 'DENIED', message: 'installation not allowed to Write organization package' },
    ],
    ['App installation token pulling a private repo-linked package', T.app, 'acme/api', 'GET', { status: 403, code: 'DENIED', message: 'denied' }],
    ['[1.4] nested names are one package', T.read, 'octocat/v7/backend', 'GET', { status: 200 }],
  ];
  it.each(cases)('%s', (_label, token, repository, method, expected) => {
    expect(denial(attempt(world(), token, repository, method))).toMatchObject(expected);
  });

  it("a denied push's blob HEAD is 404, so the client reaches the upload and gets the denial there", () => {
    const head = denial(attempt(world(), T.job, 'acme/unlinked', 'HEAD', 'blobs/sha256:abc'));
    expect(head.status).toBe(404);
  });
});
