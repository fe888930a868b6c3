import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWorld, type World } from '../../../src/sandbox/world.js';
import { gateRegistryRequest, GrantStore, handleTokenRequest } from '../../../src/sandbox/token-service.js';
import { createGithubApi } from '../../../src/sandbox/github-api.js';

/** The example worlds in test/lab/worlds load, and each one produces the failure it is named after. */
const DIR = join(import.meta.dirname, '../../lab/worlds');
const NOW = Date.parse('2026-11-30T00:00:00Z');
const load = (name: string): World => loadWorld(readFileSync(join(DIR, `${name}.json`), 'utf8'));

function registry(w: World, token: string | null, repository: string, method: 'GET' | 'POST') {
  const grants = new GrantStore();
  const opts = { world: w, grants, now: () => NOW };
  const auth = token ? `Basic ${Buffer.from(`x:${token}`).toString('base64')}` : undefined;
  const tok = handleTokenRequest({ authorization: auth, scopes: [`repository:${repository}:pull,push`] }, opts);
  if (tok.status !== 200)
    return { status: tok.status, message: (JSON.parse(tok.body) as { errors: Array<{ message: string }> }).errors[0]!.message, at: 'token' };
  const bearer = (JSON.parse(tok.body) as { token: string }).token;
  const path = method === 'POST' ? `/v2/${repository}/blobs/uploads/` : `/v2/${repository}/manifests/latest`;
  const r = gateRegistryRequest({ method, path, authorization: `Bearer ${bearer}` }, { ...opts, realm: 'https://x/token' });
  if (r.allow) return { status: 200, message: '', at: 'registry' };
  return { status: r.response.status, message: (JSON.parse(r.response.body) as { errors: Array<{ message: string }> }).errors[0]!.message, at: 'registry' };
}

describe('example worlds', () => {
  it.each(readdirSync(DIR).filter((f) => f.endsWith('.json')))('%s is a valid world', (file) => {
    expect(() => loadWorld(readFileSync(join(DIR, file), 'utf8'))).not.toThrow();
  });

  it('healthy: the classic PAT pulls and pushes', () => {
    const w = load('healthy');
    expect(registry(w, w.tokens[0]!.value, 'octocat/api', 'GET').status).toBe(200);
    expect(registry(w, w.tokens[0]!.value, 'octocat/api', 'POST').status).toBe(200);
  });

  it('missing-scope: push denied, pull fine', () => {
    const w = load('missing-scope');
    expect(registry(w, w.tokens[0]!.value, 'octocat/api', 'GET').status).toBe(200);
    expect(registry(w, w.tokens[0]!.value, 'octocat/api', 'POST').message).toBe('permission_denied: The token provided does not match expected scopes.');
  });

  it('fine-grained: refused at /token, no X-OAuth-Scopes on /user', async () => {
    const w = load('fine-grained');
    expect(registry(w, w.tokens[0]!.value, 'octocat/api', 'GET')).toMatchObject({ status: 403, at: 'token' });
    const api = createGithubApi({ world: w, now: () => NOW, webUrl: 'https://github.test', apiUrl: 'https://api.test' });
    const r = await api.handle({ method: 'GET', url: '/user', headers: { authorization: `token ${w.tokens[0]!.value}` } });
    expect(r.status).toBe(200);
    expect(r.headers).not.toHaveProperty('x-oauth-scopes');
  });

  it('expired: both tokens are refused at /token even for the public package', () => {
    const w = load('expired');
    for (const t of w.tokens) expect(registry(w, t.value, 'octocat/api', 'GET')).toMatchObject({ status: 403, at: 'token' });
    expect(registry(w, null, 'octocat/api', 'GET').status).toBe(200);
  });

  it('sso: the unauthorized PAT is denied, the authorized one pushes', () => {
    const w = load('sso');
    expect(registry(w, w.tokens[0]!.value, 'acme/api', 'GET').status).toBe(403);
    expect(registry(w, w.tokens[1]!.value, 'acme/api', 'POST').status).toBe(200);
  });

  it('private-anonymous: anonymous pull of the private package is 401, the public one is fine', () => {
    const w = load('private-anonymous');
    expect(registry(w, null, 'octocat/api', 'GET')).toMatchObject({ status: 401, message: 'authentication required' });
    expect(registry(w, null, 'octocat/web', 'GET').status).toBe(200);
  });

  it('not-linked: the job token cannot write either org package', () => {
    const w = load('not-linked');
    expect(registry(w, w.tokens[0]!.value, 'acme/api', 'POST').message).toBe('installation not allowed to Write organization package');
    expect(registry(w, w.tokens[0]!.value, 'acme/worker', 'POST').message).toBe('installation not allowed to Write organization package');
    expect(registry(w, w.tokens[0]!.value, 'acme/worker', 'GET').status).toBe(200);
    expect(registry(w, w.tokens[1]!.value, 'acme/new', 'POST').message).toBe('installation not allowed to Create organization package');
  });

  it("seed-runbook: the server's stored job token is dead (403 at /token); the PAT pulls the nested package", () => {
    const w = load('seed-runbook');
    expect(registry(w, w.tokens[1]!.value, 'hellocplusplus0/v7/backend', 'GET')).toMatchObject({ status: 403, at: 'token' });
    expect(registry(w, w.tokens[0]!.value, 'hellocplusplus0/v7/backend', 'GET').status).toBe(200);
    expect(registry(w, null, 'hellocplusplus0/v7/backend', 'GET').status).toBe(401);
  });
});
