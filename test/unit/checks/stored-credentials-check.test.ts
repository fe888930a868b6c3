import { afterEach, describe, expect, it } from 'vitest';
import { storedCredentialsCheck } from '../../../src/checks/stored-credentials.js';
import { fakeFetch, networkError } from '../../helpers/fake-fetch.js';
import { ids, runCheck, tempHome, testContext } from './context.js';
import { TOKEN, basicPassword, tokenRoute } from './ghcr-fixtures.js';
import type { DiagnosisContext } from '../../../src/diagnosis/context.js';

/** What registry.ping leaves for this check. */
function pinged(ctx: DiagnosisContext): DiagnosisContext {
  ctx.facts.registry = { realm: 'https://ghcr.io/token', service: 'ghcr.io' };
  return ctx;
}

const STALE = 'ghp_' + 'Z'.repeat(36);
const b64 = (s: string) => Buffer.from(s).toString('base64');
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('token.stale-stored', () => {
  it('names each rejected credential with its file; valid ones pass; the token is never in the output', async () => {
    const home = await tempHome({
      '.docker/config.json': { auths: { 'ghcr.io': { auth: b64(`octocat:${STALE}`) }, 'docker.io': { auth: b64('x:y') } } },
      '.config/containers/auth.json': { auths: { 'ghcr.io': { auth: b64(`octocat:${TOKEN}`) } } },
    });
    cleanup = home.cleanup;
    const fetch = fakeFetch([tokenRoute({ valid: [TOKEN] })]);
    const ctx = pinged(testContext({ fetch, homedir: home.dir }));
    const out = await runCheck(storedCredentialsCheck, ctx);
    expect(out.status).toBe('fail');
    expect(ids(out)).toEqual(['token.stale-stored']);
    const f = out.findings![0]!;
    expect(f.evidence).toMatchObject({ file: `${home.dir}/.docker/config.json`, key: 'ghcr.io', user: 'octocat', status: 403, code: 'DENIED' });
    expect(f.fixes[0]!.commands).toContain('docker logout ghcr.io');
    // validated scope-less (what docker login asks), one request per stored credential
    const tokenCalls = fetch.calls.filter((c) => c.url.pathname === '/token');
    expect(tokenCalls.map(basicPassword).sort()).toEqual([STALE, TOKEN].sort());
    expect(tokenCalls.every((c) => !c.url.searchParams.has('scope'))).toBe(true);
    expect(ctx.redactor.redact(JSON.stringify(out))).not.toContain(STALE.slice(4));
    expect(ctx.redactor.redact(b64(`octocat:${STALE}`))).toBe('****');
  });

  it('a stale podman auth.json gets podman logout with its --authfile', async () => {
    const home = await tempHome({ '.config/containers/auth.json': { auths: { 'ghcr.io': { auth: b64(`octocat:${STALE}`) } } } });
    cleanup = home.cleanup;
    const ctx = pinged(testContext({ fetch: fakeFetch([tokenRoute()]), homedir: home.dir }));
    const out = await runCheck(storedCredentialsCheck, ctx);
    expect(out.findings![0]!.fixes[0]!.commands).toEqual([
      'podman logout ghcr.io',
      `podman logout --authfile ${home.dir}/.config/containers/auth.json ghcr.io`,
    ]);
  });

  it('nothing stored → pass without a request', async () => {
    const home = await tempHome({});
    cleanup = home.cleanup;
    const fetch = fakeFetch([]);
    const out = await runCheck(storedCredentialsCheck, testContext({ fetch, homedir: home.dir }));
    expect(out.status).toBe('pass');
    expect(fetch.calls).toEqual([]);
  });

  it('helper entries are not run (pass, said so)', async () => {
    const home = await tempHome({ '.docker/config.json': { auths: { 'ghcr.io': {} }, credsStore: 'desktop' } });
    cleanup = home.cleanup;
    const fetch = fakeFetch([]);
    const out = await runCheck(storedCredentialsCheck, pinged(testContext({ fetch, homedir: home.dir })));
    expect(out.status).toBe('pass');
    expect(out.summary).toMatch(/helper/);
    expect(fetch.calls).toEqual([]);
  });

  it('a network failure at the token endpoint is registry.unreachable, not a crash', async () => {
    const home = await tempHome({ '.docker/config.json': { auths: { 'ghcr.io': { auth: b64(`u:${STALE}`) } } } });
    cleanup = home.cleanup;
    const fetch = fakeFetch([{ url: 'https://ghcr.io/token', reply: () => networkError('ECONNRESET') }]);
    const out = await runCheck(storedCredentialsCheck, pinged(testContext({ fetch, homedir: home.dir })));
    expect(out.findings!.map((f) => [f.id, f.evidence.kind])).toEqual([['registry.unreachable', 'connect']]);
  });
});
