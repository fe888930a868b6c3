import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/diagnosis/diagnose.js';
import { Redactor } from '../../../src/engine/redact.js';
import { exitCodeFor, outcomeFor } from '../../../src/engine/outcome.js';
import { fakeFetch, networkError, type Route } from '../../helpers/fake-fetch.js';
import { baseInputs, testContext } from '../checks/context.js';
import { TOKEN } from '../checks/ghcr-fixtures.js';
import { parseImageRef } from '../../../src/ghcr/image-ref.js';

const API = 'https://api.github.com';
const githubRoutes: Route[] = [
  { url: `${API}/user`, reply: { headers: { 'x-oauth-scopes': 'read:packages, write:packages' }, body: { login: 'octocat', id: 1, type: 'User' } } },
  { url: `${API}/users/acme`, reply: { body: { login: 'acme', id: 2, type: 'Organization' } } },
  { url: `${API}/orgs/acme`, reply: { body: { login: 'acme', id: 2 } } },
  {
    url: `${API}/orgs/acme/packages/container/api`,
    reply: { body: { name: 'api', visibility: 'private', repository: { full_name: 'acme/api' }, owner: { login: 'acme', type: 'Organization' } } },
  },
];

async function run(registry: Route['reply']) {
  const fetch = fakeFetch([...githubRoutes, { url: /^https:\/\/ghcr\.io\//, reply: registry }]);
  const io = testContext({ fetch, env: { GHCR_TOKEN: TOKEN } }).io;
  const result = await diagnose(baseInputs({ statusUrl: null }), io, { listener: () => {}, redactor: new Redactor() });
  return { result, code: exitCodeFor(result.findings) };
}

describe('an unreachable registry makes the run inconclusive (exit 3)', () => {
  it('ECONNREFUSED at ghcr.io with a healthy token → only registry.unreachable → exit 3', async () => {
    const { result, code } = await run(() => networkError('ECONNREFUSED', 'connect ECONNREFUSED 140.82.112.34:443'));
    const errors = result.findings.filter((f) => f.severity === 'error').map((f) => f.id);
    expect(errors).toEqual(['registry.unreachable']);
    expect(code).toBe(3);
    expect(outcomeFor(code)).toBe('inconclusive');
    const byId = Object.fromEntries(result.checks.map((c) => [c.id, c.status]));
    expect(byId['registry.ping']).toBe('fail');
    expect(byId['token.identity']).toBe('pass');
    for (const id of ['registry.login', 'registry.pull', 'registry.push', 'token.stored-credentials']) expect([id, byId[id]]).toEqual([id, 'skip']);
  });

  it('a registry on another port: the firewall advice names that port, not 443', async () => {
    const fetch = fakeFetch([
      ...githubRoutes,
      { url: /^https:\/\/registry\.example:5000\//, reply: () => networkError('ECONNREFUSED', 'connect ECONNREFUSED 192.0.2.1:5000') },
    ]);
    const io = testContext({ fetch, env: { GHCR_TOKEN: TOKEN } }).io;
    const result = await diagnose(baseInputs({ statusUrl: null, image: parseImageRef('registry.example:5000/acme/api:latest') }), io, {
      listener: () => {},
      redactor: new Redactor(),
    });
    const detail = result.findings.find((f) => f.id === 'registry.unreachable')!.detail;
    expect(detail).toContain('must allow registry.example:5000 ');
  });

  it('the same run with a registry that refuses the token → exit 1 (problems), not 3', async () => {
    const { code, result } = await run((req) =>
      req.url.pathname === '/v2/'
        ? {
            status: 401,
            headers: { 'www-authenticate': 'Bearer realm="https://ghcr.io/token",service="ghcr.io"' },
            body: { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] },
          }
        : { status: 403, body: { errors: [{ code: 'DENIED', message: 'denied' }] } },
    );
    expect(result.findings.map((f) => f.id)).toContain('registry.login-rejected');
    expect(code).toBe(1);
  });
});
