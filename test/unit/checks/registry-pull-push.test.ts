import { describe, expect, it } from 'vitest';
import { registryPullCheck } from '../../../src/checks/registry-pull.js';
import { registryPushCheck } from '../../../src/checks/registry-push.js';
import { fakeFetch, networkError, type FakeReply, type Route } from '../../helpers/fake-fetch.js';
import { ids, runCheck, testContext } from './context.js';
import { BEARER, OK, UNAUTH, manifestRoute, registryError, tokenRoute, withToken } from './ghcr-fixtures.js';
import type { DiagnosisContext } from '../../../src/diagnosis/context.js';

function loggedIn(routes: Route[], inputs: Parameters<typeof testContext>[0] = {}) {
  const fetch = fakeFetch(routes);
  const ctx = withToken(testContext({ ...inputs, fetch }));
  ctx.facts.registry = { realm: 'https://ghcr.io/token', service: 'ghcr.io' };
  ctx.facts.registryBearer = BEARER;
  return { ctx, fetch };
}

const MANIFEST = 'acme/api/manifests/latest';

describe('registry.pull [1.3, A2, D1, E4]', () => {
  it('200 with our bearer passes; the anonymous probe finds a public package (no package.private)', async () => {
    const { ctx, fetch } = loggedIn([tokenRoute({ anonymous: true }), manifestRoute(MANIFEST, { authed: OK, anonymous: OK })]);
    const out = await runCheck(registryPullCheck, ctx);
    expect(out.status).toBe('pass');
    expect(out.findings).toEqual([]);
    const get = fetch.calls.find(
      (c) => c.method === 'GET' && c.url.pathname.endsWith('/manifests/latest') && c.headers.get('authorization') === `Bearer ${BEARER}`,
    )!;
    expect(get.headers.get('accept')).toContain('application/vnd.oci.image.index.v1+json');
    expect(get.headers.get('accept')).toContain('application/vnd.docker.distribution.manifest.list.v2+json');
    expect(get.headers.get('accept')).toContain('application/vnd.docker.distribution.manifest.v2+json');
    expect(get.headers.get('accept')).toContain('application/vnd.oci.image.manifest.v1+json');
    // GET, never HEAD: Node's fetch closes the connection after every HEAD (a new TLS handshake each time).
    expect(fetch.calls.filter((c) => c.method === 'HEAD')).toEqual([]);
  });

  it('a private package: anonymous 401 → package.private (info)', async () => {
    const { ctx } = loggedIn([tokenRoute({ anonymous: true }), manifestRoute(MANIFEST, { authed: OK, anonymous: UNAUTH })]);
    const out = await runCheck(registryPullCheck, ctx);
    expect(out.status).toBe('pass');
    expect(out.findings!.map((f) => [f.id, f.severity])).toEqual([['package.private', 'info']]);
    expect(out.findings![0]!.evidence).toMatchObject({ anonymousPull: false, basis: 'anonymous pull refused' });
  });

  it('--expect-public raises package.private to error', async () => {
    const { ctx } = loggedIn([tokenRoute({ anonymous: true }), manifestRoute(MANIFEST, { authed: OK, anonymous: UNAUTH })], { inputs: { expectPublic: true } });
    const out = await runCheck(registryPullCheck, ctx);
    expect(out.status).toBe('fail');
    expect(out.findings![0]).toMatchObject({ id: 'package.private', severity: 'error' });
    // The owner's type is unknown here (no token.org, no package.info facts): a guessed orgs/ URL would 404 for a user.
    expect(out.findings![0]!.evidence.settingsUrl).toBe('https://github.com/acme?tab=packages');
    ctx.facts.ownerType = 'Organization';
    const known = await runCheck(registryPullCheck, ctx);
    expect(known.findings![0]!.evidence.settingsUrl).toBe('https://github.com/orgs/acme/packages/container/api/settings');
  });

  it('tag missing (anonymous probe cannot tell) but the API says private → package.private from visibility', async () => {
    const missing = registryError(404, 'MANIFEST_UNKNOWN', 'manifest unknown');
    const { ctx } = loggedIn([tokenRoute({ anonymous: true }), manifestRoute(MANIFEST, { authed: missing, anonymous: missing })], {
      inputs: { expectPublic: true },
    });
    ctx.facts.package = { exists: true, visibility: 'private', repository: 'acme/api', ownerType: 'Organization' };
    const out = await runCheck(registryPullCheck, ctx);
    expect(ids(out)).toEqual(['registry.tag-missing', 'package.private']);
    expect(out.findings![1]).toMatchObject({ severity: 'error', evidence: { anonymousPull: null, basis: 'visibility private' } });
  });

  it('anonymous token refused at /token also means private', async () => {
    const { ctx } = loggedIn([tokenRoute({ anonymous: false }), manifestRoute(MANIFEST, { authed: OK, anonymous: UNAUTH })]);
    const out = await runCheck(registryPullCheck, ctx);
    expect(ids(out)).toEqual(['package.private']);
    expect(out.findings![0]!.evidence).toMatchObject({ anonymousPull: false, basis: 'anonymous pull refused' });
  });

  it('403 DENIED with our bearer is registry.pull-denied, its code read from the same GET (one request per probe)', async () => {
    const denied = registryError(403, 'DENIED', 'permission_denied: read_package');
    const { ctx, fetch } = loggedIn([tokenRoute({ anonymous: true }), manifestRoute(MANIFEST, { authed: denied, anonymous: UNAUTH })]);
    const out = await runCheck(registryPullCheck, ctx);
    expect(out.status).toBe('fail');
    expect(ids(out)).toEqual(['registry.pull-denied', 'package.private']);
    expect(out.findings![0]!.evidence).toMatchObject({ status: 403, code: 'DENIED', message: 'permission_denied: read_package' });
    // One GET with the bearer, one anonymous: the error code comes with the first answer, no second request.
    expect(fetch.calls.filter((c) => c.url.pathname.endsWith('/manifests/latest')).map((c) => c.method)).toEqual(['GET', 'GET']);
  });

  it("a workflow token the registry refuses ('installation not allowed to Read') gets the package's Manage Actions access page as its fix", async () => {
    const denied = registryError(403, 'DENIED', 'installation not allowed to Read organization package');
    const { ctx } = loggedIn([tokenRoute({ anonymous: true }), manifestRoute(MANIFEST, { authed: denied, anonymous: UNAUTH })]);
    ctx.facts.ownerType = 'Organization';
    const f = (await runCheck(registryPullCheck, ctx)).findings![0]!;
    expect(f.id).toBe('registry.pull-denied');
    expect(f.fixes.map((x) => [x.id, x.links])).toEqual([['package.grant-read', ['https://github.com/orgs/acme/packages/container/api/settings']]]);
    expect(f.evidence.settingsUrl).toBe('https://github.com/orgs/acme/packages/container/api/settings');
    // Any other denial names no such place (an SSO or policy refusal is fixed at its root finding).
    const other = loggedIn([tokenRoute({ anonymous: true }), manifestRoute(MANIFEST, { authed: registryError(403, 'DENIED', 'denied'), anonymous: UNAUTH })]);
    expect((await runCheck(registryPullCheck, other.ctx)).findings![0]!.fixes).toEqual([]);
  });

  it('missing read:packages is named as the cause', async () => {
    const { ctx } = loggedIn([tokenRoute({ anonymous: true }), manifestRoute(MANIFEST, { authed: UNAUTH, anonymous: UNAUTH })]);
    ctx.facts.identity = { login: 'octocat', scopes: ['repo'] };
    const out = await runCheck(registryPullCheck, ctx);
    expect(out.findings![0]!.detail).toMatch(/lacks read:packages/);
  });

  it('404 MANIFEST_UNKNOWN is registry.tag-missing (warning, not auth)', async () => {
    const missing = registryError(404, 'MANIFEST_UNKNOWN', 'manifest unknown');
    const { ctx } = loggedIn([tokenRoute({ anonymous: true }), manifestRoute(MANIFEST, { authed: missing, anonymous: missing })]);
    const out = await runCheck(registryPullCheck, ctx);
    expect(out.status).toBe('warn');
    expect(out.findings!.map((f) => [f.id, f.severity])).toEqual([['registry.tag-missing', 'warning']]);
    expect(out.findings![0]!.evidence).toMatchObject({ code: 'MANIFEST_UNKNOWN', reference: 'latest' });
  });

  it('429 is registry.rate-limited', async () => {
    const limited = registryError(429, 'TOOMANYREQUESTS', 'rate limited', { 'retry-after': '60' });
    const { ctx } = loggedIn([tokenRoute({ anonymous: true }), manifestRoute(MANIFEST, { authed: limited, anonymous: OK })]);
    const out = await runCheck(registryPullCheck, ctx);
    expect(ids(out)).toEqual(['registry.rate-limited']);
    expect(out.findings![0]!.evidence).toMatchObject({ source: 'registry', retryAfterSeconds: 60 });
  });

  it('a connection reset mid-check is registry.unreachable', async () => {
    const { ctx } = loggedIn([tokenRoute({ anonymous: true }), { url: /manifests/, reply: () => networkError('ECONNRESET') }]);
    const out = await runCheck(registryPullCheck, ctx);
    expect(out.findings![0]!.evidence).toMatchObject({ kind: 'connect', code: 'ECONNRESET' });
  });
});

function pushRoutes(reply: FakeReply): Route[] {
  return [{ method: 'POST', url: 'https://ghcr.io/v2/acme/api/blobs/uploads/', reply }];
}

function withPackage(ctx: DiagnosisContext, pkg: DiagnosisContext['facts']['package']) {
  ctx.facts.package = pkg;
  return ctx;
}

describe('registry.push --probe session [1.3 step 4, A2, C1, C2, B3, E3]', () => {
  it('202 proves push rights; the session is cancelled; nothing else is called', async () => {
    const { ctx, fetch } = loggedIn([
      {
        method: 'POST',
        url: 'https://ghcr.io/v2/acme/api/blobs/uploads/',
        reply: { status: 202, headers: { location: '/v2/acme/api/blobs/uploads/abc-123' } },
      },
      { method: 'DELETE', url: 'https://ghcr.io/v2/acme/api/blobs/uploads/abc-123', reply: registryError(405, 'UNSUPPORTED', 'The operation is unsupported.') },
    ]);
    const out = await runCheck(registryPushCheck, ctx);
    expect(out.status).toBe('pass');
    expect(fetch.calls.map((c) => c.method)).toEqual(['POST', 'DELETE']);
    expect(fetch.calls[0]!.headers.get('authorization')).toBe(`Bearer ${BEARER}`);
  });

  it('--probe none skips without a request', async () => {
    const { ctx, fetch } = loggedIn([], { inputs: { probe: 'none' } });
    expect((await runCheck(registryPushCheck, ctx)).status).toBe('skip');
    expect(fetch.calls).toEqual([]);
  });

  it('scope mismatch → registry.push-denied joined with the missing write:packages', async () => {
    const { ctx } = loggedIn(pushRoutes(registryError(403, 'DENIED', 'permission_denied: The token provided does not match expected scopes.')));
    ctx.facts.identity = { login: 'octocat', scopes: ['read:packages'] };
    const out = await runCheck(registryPushCheck, ctx);
    expect(out.status).toBe('fail');
    const f = out.findings![0]!;
    expect(f.id).toBe('registry.push-denied');
    expect(f.evidence).toMatchObject({ status: 403, code: 'DENIED', message: 'permission_denied: The token provided does not match expected scopes.' });
    expect(f.detail).toMatch(/token\.missing-scope/);
    expect(f.fixes[0]!.links[0]).toBe('https://github.com/settings/tokens/new?scopes=write:packages&description=ghcr-doctor');
  });

  it('write_package on a package not linked to --repo → Manage Actions access URL (nested name %2F)', async () => {
    const { ctx } = loggedIn(
      [{ method: 'POST', url: 'https://ghcr.io/v2/acme/tools/api/blobs/uploads/', reply: registryError(403, 'DENIED', 'permission_denied: write_package') }],
      { inputs: { image: (await import('../../../src/ghcr/image-ref.js')).parseImageRef('ghcr.io/acme/tools/api:1'), repo: { owner: 'acme', name: 'tools' } } },
    );
    withPackage(ctx, { exists: true, visibility: 'private', repository: 'acme/other', ownerType: 'Organization' });
    const out = await runCheck(registryPushCheck, ctx);
    const f = out.findings![0]!;
    expect(f.id).toBe('registry.push-denied');
    expect(f.evidence.settingsUrl).toBe('https://github.com/orgs/acme/packages/container/tools%2Fapi/settings');
    expect(f.detail).toMatch(/linked to acme\/other/);
  });

  it('user-owned package uses the users/ settings URL', async () => {
    const { ctx } = loggedIn(pushRoutes(registryError(403, 'DENIED', 'permission_denied: write_package')));
    withPackage(ctx, { exists: true, repository: null, ownerType: 'User' });
    const out = await runCheck(registryPushCheck, ctx);
    expect(out.findings![0]!.evidence.settingsUrl).toBe('https://github.com/users/acme/packages/container/api/settings');
  });

  it('"installation not allowed to Create organization package" on a missing package → package.creation-restricted', async () => {
    const { ctx } = loggedIn(pushRoutes(registryError(403, 'DENIED', 'installation not allowed to Create organization package')));
    withPackage(ctx, { exists: false });
    const out = await runCheck(registryPushCheck, ctx);
    expect(ids(out)).toEqual(['package.creation-restricted']);
    expect(out.findings![0]!.evidence).toMatchObject({
      code: 'DENIED',
      message: 'installation not allowed to Create organization package',
      packageExists: false,
    });
  });

  it('"installation not allowed to Write organization package" on an existing package → push-denied', async () => {
    const { ctx } = loggedIn(pushRoutes(registryError(403, 'DENIED', 'installation not allowed to Write organization package')));
    withPackage(ctx, { exists: true, repository: 'acme/api', ownerType: 'Organization' });
    const out = await runCheck(registryPushCheck, ctx);
    expect(ids(out)).toEqual(['registry.push-denied']);
    expect(out.findings![0]!.detail).toMatch(/Manage Actions access/);
  });

  it("another owner's namespace with a good token: push-denied names it", async () => {
    const { ctx } = loggedIn(pushRoutes(registryError(401, 'UNAUTHORIZED', 'authentication required')));
    const out = await runCheck(registryPushCheck, ctx);
    expect(out.findings![0]!.detail).toMatch(/another owner's namespace/);
  });

  it('429 → rate-limited; ECONNREFUSED → unreachable', async () => {
    const a = loggedIn(pushRoutes(registryError(429, 'TOOMANYREQUESTS', 'slow down')));
    expect(ids(await runCheck(registryPushCheck, a.ctx))).toEqual(['registry.rate-limited']);
    const b = loggedIn([{ url: /uploads/, reply: () => networkError('ECONNREFUSED') }]);
    expect(ids(await runCheck(registryPushCheck, b.ctx))).toEqual(['registry.unreachable']);
  });
});
