import { describe, expect, it } from 'vitest';
import { registryLoginCheck } from '../../../src/checks/registry-login.js';
import { registryPingCheck } from '../../../src/checks/registry-ping.js';
import type { DiagnosisCheck, DiagnosisContext } from '../../../src/diagnosis/context.js';
import { runChecks } from '../../../src/engine/runner.js';
import { fakeFetch, hangingFetch, networkError } from '../../helpers/fake-fetch.js';
import { ids, runCheck, testContext } from './context.js';
import { BEARER, TOKEN, basicPassword, registryError, tokenRoute, v2Route, withToken } from './ghcr-fixtures.js';

/** registry.ping then registry.login, as the runner orders them: the outcome of the one that decided. */
async function pingThenLogin(ctx: DiagnosisContext) {
  const ping = await runCheck(registryPingCheck, ctx);
  if (ping.status !== 'pass') return ping;
  return runCheck(registryLoginCheck, ctx);
}

describe('registry.ping + registry.login [1.3, A3, F6]', () => {
  it('exchanges Basic user:token for a pull,push bearer and records realm, service and the bearer', async () => {
    const fetch = fakeFetch([v2Route, tokenRoute()]);
    const ctx = withToken(testContext({ fetch }));
    const out = await pingThenLogin(ctx);
    expect(out.status).toBe('pass');
    expect(ctx.facts.registry).toEqual({ realm: 'https://ghcr.io/token', service: 'ghcr.io' });
    expect(ctx.facts.registryBearer).toBe(BEARER);
    expect(fetch.calls.map((c) => `${c.method} ${c.url.pathname}`)).toEqual(['GET /v2/', 'GET /token']);
    const tokenCall = fetch.calls.find((c) => c.url.pathname === '/token')!;
    expect(tokenCall.url.searchParams.get('scope')).toBe('repository:acme/api:pull,push');
    expect(tokenCall.url.searchParams.get('service')).toBe('ghcr.io');
    expect(basicPassword(tokenCall)).toBe(TOKEN);
    expect(tokenCall.headers.get('authorization')).toMatch(/^Basic /);
    // the bearer and the base64 user:token are registered secrets
    expect(ctx.redactor.redact(`x ${BEARER} ${Buffer.from(`octocat:${TOKEN}`).toString('base64')}`)).not.toMatch(/djE6|b2N0b2Nh/);
  });

  it('lowercases owner/name in the scope (uppercase paths 404 at GHCR)', async () => {
    const fetch = fakeFetch([v2Route, tokenRoute()]);
    const ctx = withToken(testContext({ fetch, inputs: { image: (await import('../../../src/ghcr/image-ref.js')).parseImageRef('ghcr.io/Acme/API:1') } }));
    await pingThenLogin(ctx);
    expect(fetch.calls.find((c) => c.url.pathname === '/token')!.url.searchParams.get('scope')).toBe('repository:acme/api:pull,push');
  });

  it('uses --user, then the token owner login, for Basic auth', async () => {
    const fetch = fakeFetch([v2Route, tokenRoute()]);
    const ctx = withToken(testContext({ fetch, inputs: { user: 'deploy-bot' } }));
    await pingThenLogin(ctx);
    const auth = fetch.calls.find((c) => c.url.pathname === '/token')!.headers.get('authorization')!;
    expect(Buffer.from(auth.slice(6), 'base64').toString()).toBe(`deploy-bot:${TOKEN}`);
  });

  it('an installation token (no user) logs in as x-access-token', async () => {
    const fetch = fakeFetch([v2Route, tokenRoute()]);
    const ctx = withToken(testContext({ fetch }), { kind: 'app-installation' });
    ctx.facts.identity = undefined;
    await pingThenLogin(ctx);
    const auth = fetch.calls.find((c) => c.url.pathname === '/token')!.headers.get('authorization')!;
    expect(Buffer.from(auth.slice(6), 'base64').toString()).toBe(`x-access-token:${TOKEN}`);
  });

  it('a refused token is registry.login-rejected with status, code and message', async () => {
    const fetch = fakeFetch([v2Route, tokenRoute({ valid: ['something-else'] })]);
    const ctx = withToken(testContext({ fetch }));
    const out = await pingThenLogin(ctx);
    expect(out.status).toBe('fail');
    expect(ids(out)).toEqual(['registry.login-rejected']);
    expect(out.findings![0]!.evidence).toMatchObject({ status: 403, code: 'DENIED', message: 'denied', user: 'octocat' });
    expect(out.findings![0]!.detail).toMatch(/expired, revoked or mistyped/);
    expect(ctx.facts.registryBearer).toBeUndefined();
  });

  it('401 unauthenticated from the token endpoint names a fine-grained token as the cause', async () => {
    const fetch = fakeFetch([
      v2Route,
      { url: 'https://ghcr.io/token', reply: registryError(401, 'UNAUTHORIZED', 'unauthenticated: User cannot be authenticated with the token provided.') },
    ]);
    const ctx = withToken(testContext({ fetch }), { kind: 'fine-grained' });
    const out = await pingThenLogin(ctx);
    expect(out.findings![0]).toMatchObject({ id: 'registry.login-rejected', evidence: { status: 401, code: 'UNAUTHORIZED' } });
    expect(out.findings![0]!.detail).toMatch(/classic PATs only/);
  });

  it.each([
    ['ENOTFOUND', 'dns'],
    ['EAI_AGAIN', 'dns'],
    ['ECONNREFUSED', 'connect'],
    ['ECONNRESET', 'connect'],
    ['EHOSTUNREACH', 'connect'],
    ['ENETUNREACH', 'connect'],
    ['CERT_HAS_EXPIRED', 'tls'],
  ])('%s at /v2/ is registry.unreachable kind %s', async (code, kind) => {
    const fetch = fakeFetch([{ url: 'https://ghcr.io/v2/', reply: () => networkError(code) }]);
    const out = await pingThenLogin(withToken(testContext({ fetch })));
    expect(out.status).toBe('fail');
    expect(ids(out)).toEqual(['registry.unreachable']);
    expect(out.findings![0]!.evidence).toMatchObject({ kind, code, host: 'ghcr.io' });
  });

  it('a TLS trust failure names the issuer and how to trust a corporate CA', async () => {
    const fetch = fakeFetch([
      { url: 'https://ghcr.io/v2/', reply: () => networkError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain') },
    ]);
    const ctx = withToken(testContext({ fetch }));
    ctx.io.inspectTls = async (host, port) => {
      expect([host, port]).toEqual(['ghcr.io', 443]);
      return { issuer: 'Acme Corp Inspection CA' };
    };
    const out = await pingThenLogin(ctx);
    const f = out.findings![0]!;
    expect(f.evidence).toMatchObject({ kind: 'tls', issuer: 'Acme Corp Inspection CA' });
    expect(f.detail).toMatch(/Acme Corp Inspection CA/);
    expect(f.detail).toMatch(/NODE_EXTRA_CA_CERTS/);
    expect(f.fixes[0]!.commands.join('\n')).toMatch(/certs\.d\/ghcr\.io\/ca\.crt/);
  });

  it('a hung registry is registry.unreachable kind timeout, bounded per request', async () => {
    const ctx = withToken(testContext({ fetch: hangingFetch }));
    const common = await import('../../../src/checks/registry-common.js');
    expect(common.REGISTRY_REQUEST_TIMEOUT_MS).toBeLessThan(registryLoginCheck.timeoutMs);
    // Shorten the wait: the client reads the bound at construction through the module constant.
    const { RegistryClient } = await import('../../../src/ghcr/registry-client.js');
    const client = new RegistryClient({ registry: 'ghcr.io', fetch: hangingFetch, signal: new AbortController().signal, requestTimeoutMs: 50 });
    const err = await client.ping().catch((e: unknown) => e);
    const f = await common.unreachableFinding(ctx, 'registry.login', err as never, new AbortController().signal);
    expect(f.evidence).toMatchObject({ kind: 'timeout', code: 'TimeoutError' });
  });

  it('a refusing proxy is kind proxy', async () => {
    const fetch = fakeFetch([{ url: 'https://ghcr.io/v2/', reply: () => networkError('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.1:3128') }]);
    const out = await pingThenLogin(withToken(testContext({ fetch, env: { HTTPS_PROXY: 'http://user:pw@10.0.0.1:3128' } })));
    expect(out.findings![0]!.evidence).toMatchObject({ kind: 'proxy', proxy: 'http://user:****@10.0.0.1:3128' });
  });

  it('an HTML 403 page at /v2/ (typo host, proxy) is a clear finding, not a crash', async () => {
    const fetch = fakeFetch([
      {
        url: 'https://ghcr.io/v2/',
        reply: {
          status: 403,
          headers: { 'content-type': 'text/html' },
          body: '<html><body><h1>403 Forbidden</h1>\nRequest forbidden by administrative rules.\n</body></html>',
        },
      },
    ]);
    const out = await pingThenLogin(withToken(testContext({ fetch })));
    expect(out.status).toBe('fail');
    const f = out.findings![0]!;
    expect(f.id).toBe('registry.unreachable');
    expect(f.evidence).toMatchObject({ status: 403, notRegistry: true, contentType: 'text/html' });
    expect(f.detail).toMatch(/403 Forbidden Request forbidden by administrative rules/);
  });

  it('HTML where the token JSON was expected is a clear finding, not a crash', async () => {
    const fetch = fakeFetch([
      v2Route,
      { url: 'https://ghcr.io/token', reply: { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>captive portal</html>' } },
    ]);
    const out = await pingThenLogin(withToken(testContext({ fetch })));
    expect(out.status).toBe('fail');
    expect(out.findings![0]!.evidence).toMatchObject({ notRegistry: true, body: 'captive portal' });
  });

  it('429 at the token endpoint is registry.rate-limited with the retry time', async () => {
    const fetch = fakeFetch([v2Route, { url: 'https://ghcr.io/token', reply: registryError(429, 'TOOMANYREQUESTS', 'retry later', { 'retry-after': '30' }) }]);
    const out = await pingThenLogin(withToken(testContext({ fetch })));
    expect(ids(out)).toEqual(['registry.rate-limited']);
    expect(out.findings![0]!.evidence).toMatchObject({ status: 429, source: 'registry', retryAfterSeconds: 30 });
  });

  it('a registry that answers /v2/ with 200 needs no login: no token request, Date still recorded', async () => {
    const fetch = fakeFetch([{ url: 'https://ghcr.io/v2/', reply: { status: 200, headers: { date: 'Sun, 20 Sep 2026 09:00:00 GMT' }, body: {} } }]);
    const ctx = withToken(testContext({ fetch }));
    const out = await pingThenLogin(ctx);
    expect(out.status).toBe('pass');
    expect(ctx.facts.registry).toEqual({ realm: '', service: '' });
    expect(fetch.calls.map((c) => c.url.pathname)).toEqual(['/v2/']);
  });

  it('a 401 without a Bearer challenge is not taken for a registry login page', async () => {
    const fetch = fakeFetch([{ url: 'https://ghcr.io/v2/', reply: { status: 401, headers: { 'www-authenticate': 'Basic realm="corp"' }, body: 'no' } }]);
    const out = await pingThenLogin(withToken(testContext({ fetch })));
    expect(out.status).toBe('fail');
    expect(out.findings![0]).toMatchObject({ id: 'registry.unreachable', evidence: { notRegistry: true, status: 401 } });
  });

  it('skips without a token or an image', async () => {
    expect((await runCheck(registryLoginCheck, testContext())).status).toBe('skip');
    expect((await pingThenLogin(withToken(testContext({ inputs: { image: undefined } })))).status).toBe('skip');
  });

  it('honours its AbortSignal (cancelled runs are not reported as unreachable)', async () => {
    const ctx = withToken(testContext({ fetch: hangingFetch }));
    const ac = new AbortController();
    const p = registryPingCheck.run(ctx, ac.signal);
    ac.abort(new Error('cancelled by test'));
    await expect(p).rejects.toThrow('cancelled by test');
  });
});

describe('registry.login in the DAG: with --user the token exchange does not wait for GET /user', () => {
  /** ping and login as the runner runs them, beside a token.identity that answers when the test says. */
  function dag(user: string | undefined, identity: 'pass' | 'fail') {
    const fetch = fakeFetch([v2Route, tokenRoute()]);
    const ctx = withToken(testContext({ fetch, inputs: { user } }));
    ctx.facts.identity = undefined;
    let answer!: () => void;
    const answered = new Promise<void>((r) => (answer = r));
    const tokenChecks: DiagnosisCheck[] = [
      { id: 'token.discovery', title: 'Token', dependsOn: [], writes: [], timeoutMs: 1000, run: async () => ({ status: 'pass', summary: '' }) },
      {
        id: 'token.identity',
        title: 'Token identity',
        dependsOn: ['token.discovery'],
        writes: [],
        timeoutMs: 5000,
        run: async () => {
          await answered;
          if (identity === 'fail') return { status: 'fail', summary: 'GET /user answered 401' };
          ctx.facts.identity = { login: 'octocat', scopes: ['write:packages'] };
          return { status: 'pass', summary: '' };
        },
      },
    ];
    const image: DiagnosisCheck = {
      id: 'image.reference',
      title: 'Image',
      dependsOn: [],
      writes: [],
      timeoutMs: 1000,
      run: async () => ({ status: 'pass', summary: '' }),
    };
    const result = runChecks([image, ...tokenChecks, registryPingCheck, registryLoginCheck], ctx, () => {});
    const tokenAsked = () => fetch.calls.filter((c) => c.url.pathname === '/token').length;
    return { result, answer, tokenAsked, fetch };
  }

  it('--user: GET /token goes out while GET /user is still unanswered; the verdict waits for token.identity', async () => {
    const { result, answer, tokenAsked } = dag('deploy-bot', 'pass');
    await new Promise((r) => setTimeout(r, 20));
    expect(tokenAsked()).toBe(1);
    answer();
    const login = (await result).checks.find((c) => c.id === 'registry.login')!;
    expect(login).toMatchObject({ status: 'pass', summary: 'ghcr.io issued a token to deploy-bot for acme/api' });
    expect(tokenAsked()).toBe(1);
  });

  it('--user and a token GitHub calls invalid: the login is skipped as without --user (reported once)', async () => {
    const { result, answer } = dag('deploy-bot', 'fail');
    answer();
    const login = (await result).checks.find((c) => c.id === 'registry.login')!;
    expect(login).toMatchObject({ status: 'skip', summary: 'skipped: depends on Token identity' });
    expect((await result).findings).toEqual([]);
  });

  it('without --user: the Basic user is the token owner login, so GET /token waits for GET /user', async () => {
    const { result, answer, tokenAsked, fetch } = dag(undefined, 'pass');
    await new Promise((r) => setTimeout(r, 20));
    expect(tokenAsked()).toBe(0);
    answer();
    expect((await result).checks.find((c) => c.id === 'registry.login')).toMatchObject({
      status: 'pass',
      summary: 'ghcr.io issued a token to octocat for acme/api',
    });
    expect(basicPassword(fetch.calls.find((c) => c.url.pathname === '/token')!)).toBe(TOKEN);
  });
});
