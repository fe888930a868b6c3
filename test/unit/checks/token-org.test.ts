import { describe, expect, it } from 'vitest';
import { tokenOrgCheck, ssoRequiredUrl } from '../../../src/checks/token-org.js';
import { parseImageRef } from '../../../src/ghcr/image-ref.js';
import { fakeFetch, type Route } from '../../helpers/fake-fetch.js';
import { ids, runCheck, testContext } from './context.js';

const API = 'https://api.github.com';
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'x-github-media-type': 'github.v3; format=json' };
const ORG_USER = { login: 'acme', id: 9919, type: 'Organization' };
const SSO_URL = 'https://github.com/orgs/acme/sso?authorization_request=A5AQ2MCHDPOKZ3OWOUZ3UNTJX5BFBA5PN5ZGOYLONF5GC3TJPFQWX5BAMNZSCRLU';

function ctxFor(routes: Route[], image = 'ghcr.io/acme/api:latest') {
  const ctx = testContext({ fetch: fakeFetch(routes), inputs: { image: parseImageRef(image) } });
  ctx.facts.token = { value: 'ghp_' + 'k'.repeat(36), source: 'GHCR_TOKEN', kind: 'classic' };
  ctx.facts.identity = { login: 'octocat', scopes: ['write:packages'] };
  return ctx;
}

describe('token.org', () => {
  it("owner is the token's own login → User, no API call", async () => {
    const ctx = ctxFor([], 'ghcr.io/OctoCat/app');
    expect(await runCheck(tokenOrgCheck, ctx)).toMatchObject({ status: 'pass' });
    expect(ctx.facts.ownerType).toBe('User');
  });

  it('another user account → ownerType User', async () => {
    const ctx = ctxFor([{ url: `${API}/users/acme`, reply: { headers: JSON_HEADERS, body: { login: 'acme', type: 'User' } } }]);
    expect((await runCheck(tokenOrgCheck, ctx)).status).toBe('pass');
    expect(ctx.facts.ownerType).toBe('User');
  });

  it('organization that accepts the token → pass, ownerType Organization', async () => {
    const ctx = ctxFor([
      { url: `${API}/users/acme`, reply: { headers: JSON_HEADERS, body: ORG_USER } },
      { url: `${API}/orgs/acme`, reply: { headers: JSON_HEADERS, body: { login: 'acme', id: 9919 } } },
    ]);
    expect(await runCheck(tokenOrgCheck, ctx)).toMatchObject({ status: 'pass' });
    expect(ctx.facts.ownerType).toBe('Organization');
  });

  it('403 with X-GitHub-SSO: required; url=… → token.sso-unauthorized with the URL as evidence and fix link', async () => {
    const ctx = ctxFor([
      { url: `${API}/users/acme`, reply: { headers: JSON_HEADERS, body: ORG_USER } },
      {
        url: `${API}/orgs/acme`,
        reply: {
          status: 403,
          headers: { ...JSON_HEADERS, 'x-github-sso': `required; url=${SSO_URL}` },
          body: {
            message: 'Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.',
            documentation_url: 'https://docs.github.com/articles/authenticating-to-a-github-organization-with-saml-single-sign-on/',
          },
        },
      },
    ]);
    const out = await runCheck(tokenOrgCheck, ctx);
    expect(out.status).toBe('fail');
    expect(out.findings![0]).toMatchObject({ id: 'token.sso-unauthorized', severity: 'error', evidence: { url: SSO_URL, owner: 'acme' } });
    expect(out.findings![0]!.fixes[0]!.links).toEqual([SSO_URL]);
  });

  it.each([
    [
      'classic-forbidden',
      '`acme` forbids access via a personal access token (classic). Please use a GitHub App, OAuth App, or a personal access token with fine-grained permissions.',
    ],
    ['classic-forbidden', '`acme` forbids access via personal access tokens (classic).'],
    ['classic-forbidden', 'Personal access tokens (classic) are forbidden from accessing this repository.'],
    ['fine-grained-forbidden', '`acme` forbids access via a personal access token with fine-grained permissions.'],
    ['fine-grained-forbidden', '`acme` forbids access via fine-grained personal access tokens.'],
    ['lifetime', "The 'acme' organization forbids access via a fine-grained personal access tokens if the token's lifetime is greater than 90 days."],
  ])('403 policy body (%s) → token.org-policy', async (policy, message) => {
    const ctx = ctxFor([
      { url: `${API}/users/acme`, reply: { headers: JSON_HEADERS, body: ORG_USER } },
      {
        url: `${API}/orgs/acme`,
        reply: {
          status: 403,
          headers: JSON_HEADERS,
          body: { message, documentation_url: 'https://docs.github.com/rest/orgs/orgs#get-an-organization', status: '403' },
        },
      },
    ]);
    const out = await runCheck(tokenOrgCheck, ctx);
    expect(ids(out)).toEqual(['token.org-policy']);
    expect(out.findings![0]!.evidence).toMatchObject({ policy, message });
    // Where classic tokens are forbidden, neither a new classic token nor a shorter-lived one is offered as the cure.
    const fixes = out.findings![0]!.fixes;
    if (policy === 'classic-forbidden') {
      expect(fixes.map((f) => f.id)).toEqual(['token.org-policy-settings']);
      expect(fixes[0]!.title).toBe(
        'Ask an owner of acme to allow classic tokens (ghcr.io takes no other personal token); inside Actions, GITHUB_TOKEN is not affected',
      );
      expect(out.findings![0]!.detail).not.toMatch(/shorter/);
    } else {
      expect(fixes.map((f) => f.id)).toEqual(['token.org-policy-settings', 'token.create-classic']);
    }
    if (policy === 'lifetime') expect(fixes[0]!.title).toMatch(/^Use a token whose expiry is within acme's maximum lifetime/);
  });

  it('a policy 403 already on GET /users/{owner} is recognised too', async () => {
    const ctx = ctxFor([
      {
        url: `${API}/users/acme`,
        reply: { status: 403, headers: JSON_HEADERS, body: { message: '`acme` forbids access via a personal access token (classic).' } },
      },
    ]);
    expect(ids(await runCheck(tokenOrgCheck, ctx))).toEqual(['token.org-policy']);
  });

  it('an unrelated 403 (no SSO header, no policy text) is not called SSO or policy', async () => {
    const ctx = ctxFor([
      { url: `${API}/users/acme`, reply: { headers: JSON_HEADERS, body: ORG_USER } },
      { url: `${API}/orgs/acme`, reply: { status: 403, headers: JSON_HEADERS, body: { message: 'Must have admin rights to Repository.' } } },
    ]);
    await expect(runCheck(tokenOrgCheck, ctx)).rejects.toThrow('GET /orgs/acme answered HTTP 403: Must have admin rights to Repository.');
  });

  it('rate limited → registry.rate-limited', async () => {
    const ctx = ctxFor([
      {
        url: `${API}/users/acme`,
        reply: {
          status: 403,
          headers: { ...JSON_HEADERS, 'x-ratelimit-remaining': '0', 'x-ratelimit-limit': '60' },
          body: { message: 'API rate limit exceeded' },
        },
      },
    ]);
    expect(ids(await runCheck(tokenOrgCheck, ctx))).toEqual(['registry.rate-limited']);
  });

  it('unknown owner (404) → skip, no finding', async () => {
    const ctx = ctxFor([{ url: `${API}/users/acme`, reply: { status: 404, headers: JSON_HEADERS, body: { message: 'Not Found' } } }]);
    expect(await runCheck(tokenOrgCheck, ctx)).toMatchObject({ status: 'skip' });
  });

  it('ssoRequiredUrl ignores partial-results', () => {
    expect(ssoRequiredUrl('partial-results; organizations=21955855,20582480')).toBeUndefined();
    expect(ssoRequiredUrl(`required; url=${SSO_URL}`)).toBe(SSO_URL);
  });
});
