import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/engine/runner.js';
import { imageCheck } from '../../../src/checks/image.js';
import { statusCheck } from '../../../src/checks/status.js';
import { tokenDiscoveryCheck } from '../../../src/checks/token-discovery.js';
import { tokenTypeCheck } from '../../../src/checks/token-type.js';
import { tokenIdentityCheck } from '../../../src/checks/token-identity.js';
import { tokenScopesCheck } from '../../../src/checks/token-scopes.js';
import { tokenOrgCheck } from '../../../src/checks/token-org.js';
import { fakeFetch } from '../../helpers/fake-fetch.js';
import { testContext } from './context.js';

const CHECKS = [statusCheck, imageCheck, tokenDiscoveryCheck, tokenTypeCheck, tokenIdentityCheck, tokenScopesCheck, tokenOrgCheck];
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

/** GitHub for one token: /user answers with the token's owner and scopes; every other token is 401. */
function github(token: string, scopes: string | null) {
  return fakeFetch([
    { url: 'https://www.githubstatus.com/api/v2/summary.json', reply: { body: { components: [], incidents: [] } } },
    {
      url: 'https://api.github.com/user',
      reply: (req) =>
        req.headers.get('authorization') === `token ${token}`
          ? { headers: { ...JSON_HEADERS, ...(scopes === null ? {} : { 'x-oauth-scopes': scopes }) }, body: { login: 'octocat' } }
          : { status: 401, headers: JSON_HEADERS, body: { message: 'Bad credentials' } },
    },
    { url: 'https://api.github.com/users/acme', reply: { headers: JSON_HEADERS, body: { login: 'acme', type: 'User' } } },
  ]);
}

async function run(env: Record<string, string>, token: string, scopes: string | null = 'write:packages') {
  const ctx = testContext({ env, fetch: github(token, scopes) });
  const result = await runChecks(CHECKS, ctx, () => {});
  const status = Object.fromEntries(result.checks.map((c) => [c.id, c.status]));
  return { status, findings: result.findings.map((f) => f.id), ctx };
}

const GOOD = 'ghp_' + 'D4gT0ken'.repeat(4) + 'abcd';

describe('token checks as a DAG', () => {
  it('a good token: everything passes', async () => {
    const { status, findings } = await run({ GHCR_TOKEN: GOOD }, GOOD);
    expect(status).toMatchObject({
      'token.discovery': 'pass',
      'token.type': 'pass',
      'token.identity': 'pass',
      'token.scopes': 'pass',
      'token.org': 'pass',
      'status.github': 'pass',
    });
    expect(findings).toEqual([]);
  });

  it('malformed (CRLF) token: reported, and GitHub is asked with the cleaned value', async () => {
    const { status, findings } = await run({ GHCR_TOKEN: `${GOOD}\r\n` }, GOOD);
    expect(findings).toEqual(['token.malformed']);
    expect(status).toMatchObject({ 'token.discovery': 'fail', 'token.identity': 'pass', 'token.scopes': 'pass' });
  });

  it('fine-grained: identity still runs (login known), scopes skipped', async () => {
    const fine = 'github_pat_11ABCDEFG0' + 'x'.repeat(60);
    const { status, findings, ctx } = await run({ GHCR_TOKEN: fine }, fine, null);
    expect(findings).toEqual(['token.fine-grained']);
    expect(status).toMatchObject({ 'token.type': 'fail', 'token.identity': 'pass', 'token.scopes': 'skip' });
    expect(ctx.facts.identity!.login).toBe('octocat');
  });

  it('ghr_ refresh token: token.invalid, and GitHub is not asked', async () => {
    const refresh = 'ghr_' + 'r'.repeat(76);
    const { status, findings } = await run({ GHCR_TOKEN: refresh }, 'other');
    expect(findings).toEqual(['token.invalid']);
    expect(status).toMatchObject({ 'token.identity': 'skip', 'token.scopes': 'skip', 'token.org': 'skip' });
  });

  it('no token: not-found, and every token check after it is skipped', async () => {
    const { status, findings } = await run({}, GOOD);
    expect(findings).toEqual(['token.not-found']);
    expect(status).toMatchObject({
      'token.type': 'skip',
      'token.identity': 'skip',
      'token.scopes': 'skip',
      'token.org': 'skip',
      'status.github': 'pass',
      'image.reference': 'pass',
    });
  });

  it('an API that answers HTML: token.identity is an error with one line, not reported as a crash', async () => {
    const fetch = fakeFetch([
      { url: 'https://www.githubstatus.com/api/v2/summary.json', reply: { body: { components: [], incidents: [] } } },
      { url: 'https://api.github.com/user', reply: { headers: { 'content-type': 'text/html' }, body: '<html><body>Corporate proxy: sign in</body></html>' } },
    ]);
    const ctx = testContext({ env: { GHCR_TOKEN: GOOD }, fetch });
    const result = await runChecks(CHECKS, ctx, () => {});
    expect(result.checks.find((c) => c.id === 'token.identity')).toMatchObject({ status: 'error', summary: 'GET /user answered HTTP 200 with an HTML page' });
    expect(result.checks.find((c) => c.id === 'token.scopes')).toMatchObject({ status: 'skip', summary: 'skipped: depends on Token identity' });
  });
});
