import { describe, expect, it } from 'vitest';
import { tokenIdentityCheck, parseTokenExpiration, parseScopes } from '../../../src/checks/token-identity.js';
import { fakeFetch, networkError, type FakeReply } from '../../helpers/fake-fetch.js';
import { ids, NOW, runCheck, testContext } from './context.js';
import type { TokenFacts } from '../../../src/diagnosis/facts.js';

const TOKEN = 'ghp_' + 'Zx9'.repeat(12);
const classic: TokenFacts = { value: TOKEN, source: 'GHCR_TOKEN', kind: 'classic' };

/** Headers GitHub sends on GET /user for a classic PAT. */
function userHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'content-type': 'application/json; charset=utf-8',
    'x-github-media-type': 'github.v3; format=json',
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    'x-ratelimit-reset': '1790000000',
    'x-ratelimit-used': '1',
    'x-ratelimit-resource': 'core',
    'x-accepted-oauth-scopes': '',
    'x-github-request-id': 'C0DE:1234:5678:9ABC:DEF0',
    ...extra,
  };
}
const USER = { login: 'octocat', id: 583231, type: 'User', site_admin: false };

function ctxWith(reply: FakeReply | ((...a: never[]) => never), token: TokenFacts = classic, apiUrl = 'https://api.github.com') {
  const fetch = fakeFetch([{ url: `${apiUrl}/user`, reply: reply as FakeReply }]);
  const ctx = testContext({ fetch, inputs: { apiUrl } });
  ctx.facts.token = token;
  return { ctx, fetch };
}

describe('token.identity: GET /user', () => {
  it('200: login, scopes from X-OAuth-Scopes and the token is sent as Authorization', async () => {
    const { ctx, fetch } = ctxWith({ body: USER, headers: userHeaders({ 'x-oauth-scopes': 'read:org, repo, write:packages' }) });
    const out = await runCheck(tokenIdentityCheck, ctx);
    expect(out.status).toBe('pass');
    expect(ctx.facts.identity).toEqual({ login: 'octocat', scopes: ['read:org', 'repo', 'write:packages'], expiresAt: undefined });
    expect(fetch.calls[0]!.headers.get('authorization')).toBe(`token ${TOKEN}`);
    expect(out.summary).not.toContain(TOKEN);
  });

  it('GHES base URL https://HOST/api/v3 → https://HOST/api/v3/user', async () => {
    const { ctx, fetch } = ctxWith({ body: USER, headers: userHeaders({ 'x-oauth-scopes': 'write:packages' }) }, classic, 'https://github.example.com/api/v3');
    await runCheck(tokenIdentityCheck, ctx);
    expect(fetch.calls[0]!.url.toString()).toBe('https://github.example.com/api/v3/user');
    expect(ctx.facts.identity!.login).toBe('octocat');
  });

  it('no X-OAuth-Scopes header (fine-grained) → scopes null; an empty header → []', async () => {
    const a = ctxWith({ body: USER, headers: userHeaders() }, { ...classic, kind: 'fine-grained' });
    await runCheck(tokenIdentityCheck, a.ctx);
    expect(a.ctx.facts.identity!.scopes).toBeNull();
    const b = ctxWith({ body: USER, headers: userHeaders({ 'x-oauth-scopes': '' }) });
    await runCheck(tokenIdentityCheck, b.ctx);
    expect(b.ctx.facts.identity!.scopes).toEqual([]);
  });

  it('401 Bad credentials → token.invalid (error), dependants blocked', async () => {
    const { ctx } = ctxWith({
      status: 401,
      headers: { 'content-type': 'application/json; charset=utf-8', 'x-github-media-type': 'github.v3; format=json' },
      body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' },
    });
    const out = await runCheck(tokenIdentityCheck, ctx);
    expect(out.status).toBe('fail');
    expect(out.dependantsMayRun).toBeFalsy();
    expect(ids(out)).toEqual(['token.invalid']);
    expect(out.findings![0]!.evidence).toMatchObject({ status: 401, message: 'Bad credentials' });
    expect(ctx.facts.identity).toBeUndefined();
  });

  it('401 for an installation token (ghs_) says it expired with its job, not "a year unused"', async () => {
    const ghs: TokenFacts = { value: 'ghs_' + 'test'.repeat(9), source: 'GHCR_TOKEN', kind: 'app-installation' };
    const { ctx } = ctxWith({ status: 401, headers: { 'content-type': 'application/json' }, body: { message: 'Bad credentials' } }, ghs);
    const detail = (await runCheck(tokenIdentityCheck, ctx)).findings![0]!.detail;
    expect(detail).toMatch(/installation token \(ghs_\) from GHCR_TOKEN has expired \(it lives an hour at most, or until its job ends\)/);
    expect(detail).not.toMatch(/a year unused/);
  });

  it('403 with x-ratelimit-remaining: 0 → registry.rate-limited (warning), not an auth finding', async () => {
    const { ctx } = ctxWith({
      status: 403,
      headers: userHeaders({ 'x-ratelimit-remaining': '0', 'x-ratelimit-used': '5000', 'x-ratelimit-reset': '1790003600' }),
      body: { message: 'API rate limit exceeded for user ID 583231.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api' },
    });
    const out = await runCheck(tokenIdentityCheck, ctx);
    expect(out.status).toBe('warn');
    expect(out.findings).toHaveLength(1);
    expect(out.findings![0]).toMatchObject({
      id: 'registry.rate-limited',
      severity: 'warning',
      evidence: { limit: 5000, resetAt: new Date(1790003600 * 1000).toISOString() },
    });
  });

  it('429 with retry-after → registry.rate-limited', async () => {
    const { ctx } = ctxWith({
      status: 429,
      headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': '60' },
      body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
    });
    const out = await runCheck(tokenIdentityCheck, ctx);
    expect(ids(out)).toEqual(['registry.rate-limited']);
    expect(out.findings![0]!.evidence.retryAfterSeconds).toBe(60);
  });

  it('an HTML page (a proxy) → check error with a one-line reason', async () => {
    const { ctx } = ctxWith({
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: '<!DOCTYPE html><html><body><h1>Sign in to the proxy</h1></body></html>',
    });
    await expect(runCheck(tokenIdentityCheck, ctx)).rejects.toThrow(/^GET \/user answered HTTP 200 with an HTML page$/);
  });

  it('garbage JSON content → check error', async () => {
    const { ctx } = ctxWith({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"login": ' });
    await expect(runCheck(tokenIdentityCheck, ctx)).rejects.toThrow(/GET \/user answered HTTP 200/);
  });

  it('502 from GitHub → check error naming the status', async () => {
    const { ctx } = ctxWith({ status: 502, headers: { 'content-type': 'text/html' }, body: '<html><body>502 Bad Gateway</body></html>' });
    await expect(runCheck(tokenIdentityCheck, ctx)).rejects.toThrow(/HTTP 502/);
  }, 20_000);

  it('connection refused → check error naming the API and the cause', async () => {
    const { ctx } = ctxWith((() => networkError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9')) as never);
    await expect(runCheck(tokenIdentityCheck, ctx)).rejects.toThrow(/could not reach the GitHub API at https:\/\/api\.github\.com: .*ECONNREFUSED/);
  }, 20_000);
});

describe('token.expiring', () => {
  const at = (header: string, token: TokenFacts = classic) =>
    ctxWith({ body: USER, headers: userHeaders({ 'x-oauth-scopes': 'write:packages', 'github-authentication-token-expiration': header }) }, token);

  it('parses both the UTC and the numeric-offset forms', () => {
    expect(parseTokenExpiration('2026-09-30 09:00:00 UTC')).toBe('2026-09-30T09:00:00.000Z');
    expect(parseTokenExpiration('2026-09-30 09:00:00 +0900')).toBe('2026-09-30T00:00:00.000Z');
    expect(parseTokenExpiration('2026-09-30 09:00:00 -0530')).toBe('2026-09-30T14:30:00.000Z');
    expect(parseTokenExpiration('next tuesday')).toBeUndefined();
    expect(parseScopes(undefined)).toBeNull();
  });

  it('10 days left (UTC form) → token.expiring warning', async () => {
    const { ctx } = at('2026-09-30 09:00:00 UTC');
    const out = await runCheck(tokenIdentityCheck, ctx);
    expect(out.status).toBe('warn');
    expect(out.findings![0]).toMatchObject({ id: 'token.expiring', severity: 'warning', evidence: { expiresAt: '2026-09-30T09:00:00.000Z', daysLeft: 10 } });
  });

  it('offset form: 2026-09-20 08:00:00 +0900 is 10 hours before now → expired counts too', async () => {
    const { ctx } = at('2026-09-20 08:00:00 +0900');
    const out = await runCheck(tokenIdentityCheck, ctx);
    expect(ids(out)).toEqual(['token.expiring']);
    expect(out.findings![0]!.title).toBe('The token has expired');
  });

  it('20 days left → no finding; no header → no finding', async () => {
    const a = at('2026-10-10 09:00:00 UTC');
    const outA = await runCheck(tokenIdentityCheck, a.ctx);
    expect(ids(outA)).toEqual([]);
    expect(outA.summary).toContain('expires 2026-10-10');
    const b = ctxWith({ body: USER, headers: userHeaders({ 'x-oauth-scopes': 'write:packages' }) });
    expect(ids(await runCheck(tokenIdentityCheck, b.ctx))).toEqual([]);
  });

  it('exactly at the boundary: 13 days 23 h → warning, uses the injected clock', async () => {
    const { ctx } = at(
      new Date(NOW + 14 * 86400_000 - 3600_000)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC'),
    );
    expect(ids(await runCheck(tokenIdentityCheck, ctx))).toEqual(['token.expiring']);
  });

  it('fine-grained tokens: the header is not trusted (go-github#3708)', async () => {
    const { ctx } = at('2026-09-20 09:00:00 UTC', { ...classic, kind: 'fine-grained', value: 'github_pat_11AAAA_bbbb' });
    expect(ids(await runCheck(tokenIdentityCheck, ctx))).toEqual([]);
  });
});

describe('token.identity with an App installation token (Actions GITHUB_TOKEN)', () => {
  it('403 "Resource not accessible by integration" on /user is expected: pass without identity, nothing blocked', async () => {
    const { ctx } = ctxWith(
      {
        status: 403,
        headers: { 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-remaining': '999', 'x-accepted-github-permissions': '' },
        body: {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
          status: '403',
        },
      },
      { ...classic, kind: 'app-installation', value: 'ghs_' + 'q'.repeat(36), source: 'GITHUB_TOKEN' },
    );
    const out = await runCheck(tokenIdentityCheck, ctx);
    expect(out.status).toBe('pass');
    expect(ids(out)).toEqual([]);
    expect(ctx.facts.identity).toBeUndefined();
  });

  it("another 403 on /user is still an error with GitHub's message", async () => {
    const { ctx } = ctxWith({ status: 403, headers: { 'content-type': 'application/json' }, body: { message: 'Forbidden' } });
    await expect(runCheck(tokenIdentityCheck, ctx)).rejects.toThrow('GET /user answered HTTP 403: Forbidden');
  });
});
