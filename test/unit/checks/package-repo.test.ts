import { describe, expect, it } from 'vitest';
import { packageInfoCheck } from '../../../src/checks/package.js';
import { repoSecretCheck } from '../../../src/checks/repo-secret.js';
import { repoWorkflowPermissionsCheck } from '../../../src/checks/repo-workflow-permissions.js';
import { parseImageRef } from '../../../src/ghcr/image-ref.js';
import { fakeFetch, hangingFetch, networkError, type Route } from '../../helpers/fake-fetch.js';
import { ids, runCheck, tempHome, testContext } from './context.js';
import { withToken } from './ghcr-fixtures.js';

const API = 'https://api.github.com';
const notFound = { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };

function ctxWith(routes: Route[], inputs: NonNullable<Parameters<typeof testContext>[0]>['inputs'] = {}) {
  const fetch = fakeFetch(routes);
  return { ctx: withToken(testContext({ fetch, inputs })), fetch };
}

const pkg = (over: Record<string, unknown> = {}) => ({
  id: 1,
  name: 'api',
  package_type: 'container',
  visibility: 'private',
  html_url: 'https://github.com/orgs/acme/packages/container/package/api',
  owner: { login: 'acme', type: 'Organization' },
  repository: { full_name: 'acme/api' },
  ...over,
});

describe('package.info [1.4, D1, D2, C2]', () => {
  it('an org package linked to --repo: facts recorded, no finding', async () => {
    const { ctx, fetch } = ctxWith([{ url: `${API}/orgs/acme/packages/container/api`, reply: { body: pkg() } }], { repo: { owner: 'acme', name: 'api' } });
    const out = await runCheck(packageInfoCheck, ctx);
    expect(out.status).toBe('pass');
    expect(out.findings).toEqual([]);
    expect(ctx.facts.package).toEqual({ exists: true, visibility: 'private', repository: 'acme/api', ownerType: 'Organization' });
    expect(fetch.calls[0]!.headers.get('authorization')).toMatch(/^token |^bearer /i);
  });

  it('nested names are %2F-encoded; a user owner is found after orgs/ 404s', async () => {
    const { ctx, fetch } = ctxWith(
      [
        { url: `${API}/orgs/octo/packages/container/tools%2Fapi`, reply: notFound },
        {
          url: `${API}/users/octo/packages/container/tools%2Fapi`,
          reply: { body: pkg({ owner: { login: 'octo', type: 'User' }, repository: { full_name: 'octo/tools' } }) },
        },
      ],
      { image: parseImageRef('ghcr.io/octo/tools/api:1') },
    );
    const out = await runCheck(packageInfoCheck, ctx);
    expect(out.status).toBe('pass');
    expect(fetch.calls.map((c) => c.url.pathname)).toEqual(['/orgs/octo/packages/container/tools%2Fapi', '/users/octo/packages/container/tools%2Fapi']);
    expect(ctx.facts.package?.ownerType).toBe('User');
  });

  it('no repository → package.not-linked with the Manage Actions access URL', async () => {
    const { ctx } = ctxWith([{ url: `${API}/orgs/acme/packages/container/api`, reply: { body: pkg({ repository: null }) } }]);
    const out = await runCheck(packageInfoCheck, ctx);
    expect(out.status).toBe('warn');
    expect(ids(out)).toEqual(['package.not-linked']);
    expect(out.findings![0]!.evidence).toMatchObject({ repository: null, settingsUrl: 'https://github.com/orgs/acme/packages/container/api/settings' });
  });

  it('linked to another repo than --repo → package.not-linked', async () => {
    const { ctx } = ctxWith([{ url: `${API}/orgs/acme/packages/container/api`, reply: { body: pkg({ repository: { full_name: 'acme/old-name' } }) } }], {
      repo: { owner: 'acme', name: 'api' },
    });
    const out = await runCheck(packageInfoCheck, ctx);
    expect(out.findings![0]).toMatchObject({ id: 'package.not-linked', evidence: { repository: 'acme/old-name', expectedRepository: 'acme/api' } });
  });

  it("no repository key at all (GitHub's own org example) → unknown: no package.not-linked", async () => {
    const { repository: _, ...unlinkedUnknown } = pkg();
    const { ctx } = ctxWith([{ url: `${API}/orgs/acme/packages/container/api`, reply: { body: unlinkedUnknown } }], { repo: { owner: 'acme', name: 'api' } });
    const out = await runCheck(packageInfoCheck, ctx);
    expect(out.status).toBe('pass');
    expect(out.findings).toEqual([]);
    expect(ctx.facts.package?.repository).toBeUndefined();
    expect(out.summary).toMatch(/linked repository not stated/);
  });

  it("the token's own package is read through /user/packages/… (the documented route for the authenticated user)", async () => {
    const { ctx, fetch } = ctxWith(
      [
        {
          url: `${API}/user/packages/container/api`,
          reply: { body: pkg({ owner: { login: 'octocat', type: 'User' }, repository: { full_name: 'octocat/api' } }) },
        },
      ],
      {
        image: parseImageRef('ghcr.io/OctoCat/api:1'),
      },
    );
    const out = await runCheck(packageInfoCheck, ctx);
    expect(out.status).toBe('pass');
    expect(fetch.calls.map((c) => c.url.pathname)).toEqual(['/user/packages/container/api']);
    expect(ctx.facts.package).toMatchObject({ exists: true, ownerType: 'User' });
  });

  it('secondary rate limit (403 + retry-after) → registry.rate-limited, not "the packages API answered 403"', async () => {
    const { ctx } = ctxWith([
      {
        url: `${API}/orgs/acme/packages/container/api`,
        reply: {
          status: 403,
          headers: { 'retry-after': '30', 'x-ratelimit-remaining': '4321' },
          body: { message: 'You have exceeded a secondary rate limit.' },
        },
      },
    ]);
    const out = await runCheck(packageInfoCheck, ctx);
    expect(out).toMatchObject({ status: 'warn', dependantsMayRun: true });
    expect(ids(out)).toEqual(['registry.rate-limited']);
    expect(out.findings![0]!.evidence).toMatchObject({ retryAfterSeconds: 30 });
  });

  it('404 under orgs and users → package.not-found (info)', async () => {
    const { ctx } = ctxWith([{ url: /\/packages\/container\/api$/, reply: notFound }]);
    const out = await runCheck(packageInfoCheck, ctx);
    expect(out.findings!.map((f) => [f.id, f.severity])).toEqual([['package.not-found', 'info']]);
    expect(ctx.facts.package).toMatchObject({ exists: false });
    // A 404 does not prove the package is missing: a token that may not read it gets one too.
    expect(out.summary).toBe('no package acme/api visible to this token (404): not created yet, or not readable by it');
  });

  it('API rate limit (403, x-ratelimit-remaining: 0) → registry.rate-limited', async () => {
    const { ctx } = ctxWith([
      {
        url: `${API}/orgs/acme/packages/container/api`,
        reply: {
          status: 403,
          headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-limit': '5000', 'x-ratelimit-reset': '1790000000' },
          body: { message: 'API rate limit exceeded' },
        },
      },
    ]);
    const out = await runCheck(packageInfoCheck, ctx);
    expect(ids(out)).toEqual(['registry.rate-limited']);
    expect(out.findings![0]!.evidence).toMatchObject({ source: 'api', limit: 5000, resetAt: new Date(1790000000 * 1000).toISOString() });
  });

  it('SSO 403 is left to token.org: fail without a finding, dependants may run', async () => {
    const { ctx } = ctxWith([
      {
        url: `${API}/orgs/acme/packages/container/api`,
        reply: {
          status: 403,
          headers: { 'x-github-sso': 'required; url=https://github.com/orgs/acme/sso?authorization_request=x' },
          body: { message: 'Resource protected by organization SAML enforcement.' },
        },
      },
    ]);
    const out = await runCheck(packageInfoCheck, ctx);
    expect(out).toMatchObject({ status: 'fail', dependantsMayRun: true });
    expect(out.findings ?? []).toEqual([]);
  });
});

describe('GitHub API without an answer: a reason, never a crash', () => {
  it('package.info with the API refusing connections → fail with the reason, dependants may run', async () => {
    const { ctx } = ctxWith([{ url: /api\.github\.com/, reply: () => networkError('ECONNREFUSED') }]);
    const out = await runCheck(packageInfoCheck, ctx);
    expect(out).toMatchObject({ status: 'fail', dependantsMayRun: true });
    expect(out.summary).toMatch(/no answer/);
  });

  it('a cancelled check is rethrown, never read as "no answer"; the request bound sits inside the check timeout', async () => {
    const { callGithub, API_REQUEST_TIMEOUT_MS } = await import('../../../src/ghcr/github-call.js');
    expect(API_REQUEST_TIMEOUT_MS).toBeLessThan(repoSecretCheck.timeoutMs);
    const ac = new AbortController();
    let started!: () => void;
    const called = new Promise<void>((resolve) => (started = resolve));
    const fetch: typeof hangingFetch = (input, init) => {
      started();
      return hangingFetch(input, init);
    };
    const hung = callGithub({ apiUrl: API, token: 'ghp_x', fetch }, 'GET /user', {}, ac.signal);
    await called;
    ac.abort(new Error('cancelled by the user'));
    await expect(hung).rejects.toThrow('cancelled by the user');
  });
});

describe('package.info with an HTML answer', () => {
  it('is a failed check with a reason, not a false package.not-linked', async () => {
    const { ctx } = ctxWith([
      { url: `${API}/orgs/acme/packages/container/api`, reply: { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>login</html>' } },
    ]);
    const out = await runCheck(packageInfoCheck, ctx);
    expect(out.status).toBe('fail');
    expect(out.summary).toMatch(/did not answer with JSON/);
    expect(out.findings ?? []).toEqual([]);
  });
});

describe('repo.secret', () => {
  const url = `${API}/repos/acme/api/actions/secrets/GHCR_TOKEN`;
  it('present → pass', async () => {
    const { ctx } = ctxWith([{ url, reply: { body: { name: 'GHCR_TOKEN', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' } } }], {
      repo: { owner: 'acme', name: 'api' },
    });
    expect((await runCheck(repoSecretCheck, ctx)).status).toBe('pass');
  });
  const visibleRepo = { url: `${API}/repos/acme/api`, reply: { body: { id: 1, name: 'api', full_name: 'acme/api', private: true } } };
  it('404 for the secret of a repository the token sees → actions.secret-missing with gh secret set', async () => {
    const { ctx } = ctxWith([{ url: `${API}/repos/acme/api/actions/secrets/CR_PAT`, reply: notFound }, visibleRepo], {
      repo: { owner: 'acme', name: 'api' },
      secretName: 'CR_PAT',
    });
    ctx.facts.identity = { login: 'octocat', scopes: ['repo', 'write:packages'] }; // may read secrets
    const out = await runCheck(repoSecretCheck, ctx);
    expect(ids(out)).toEqual(['actions.secret-missing']);
    expect(out.findings![0]!.evidence).toMatchObject({ repo: 'acme/api', secret: 'CR_PAT' });
    expect(out.findings![0]!.fixes[0]!.commands[0]).toBe('gh secret set CR_PAT --repo acme/api < ~/.ghcr_token');
  });
  it('404 for the secret and for the repository (private, invisible to this token) → skip saying so, no false secret-missing', async () => {
    const { ctx, fetch } = ctxWith(
      [
        { url, reply: notFound },
        { url: `${API}/repos/acme/api`, reply: notFound },
      ],
      { repo: { owner: 'acme', name: 'api' } },
    );
    ctx.facts.identity = { login: 'octocat', scopes: ['repo', 'write:packages'] };
    const out = await runCheck(repoSecretCheck, ctx);
    expect(out.status).toBe('skip');
    expect(out.findings ?? []).toEqual([]);
    expect(out.summary).toMatch(/repository is not visible to this token/);
    expect(fetch.calls.map((c) => c.url.pathname)).toEqual(['/repos/acme/api/actions/secrets/GHCR_TOKEN', '/repos/acme/api']);
  });
  it('secondary rate limit (403 + retry-after, remaining above 0) → registry.rate-limited, not an access problem', async () => {
    const { ctx } = ctxWith(
      [
        {
          url,
          reply: {
            status: 403,
            headers: { 'retry-after': '60', 'x-ratelimit-remaining': '4000' },
            body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
          },
        },
      ],
      { repo: { owner: 'acme', name: 'api' } },
    );
    const out = await runCheck(repoSecretCheck, ctx);
    expect(out.status).toBe('warn');
    expect(ids(out)).toEqual(['registry.rate-limited']);
    expect(out.findings![0]!.evidence).toMatchObject({ status: 403, retryAfterSeconds: 60, source: 'api' });
  });
  it('404 with a token that lacks the repo scope → skip (GitHub answers 404 either way), no finding', async () => {
    const { ctx } = ctxWith([{ url, reply: notFound }, visibleRepo], { repo: { owner: 'acme', name: 'api' } });
    ctx.facts.identity = { login: 'octocat', scopes: ['write:packages', 'read:packages'] };
    const out = await runCheck(repoSecretCheck, ctx);
    expect(out.status).toBe('skip');
    expect(out.findings ?? []).toEqual([]);
    expect(out.summary).toMatch(/lacks the repo scope/);
    ctx.facts.identity = { login: 'octocat', scopes: ['repo', 'write:packages'] };
    expect(ids(await runCheck(repoSecretCheck, ctx))).toEqual(['actions.secret-missing']);
  });
  it('no --repo → skip without a request', async () => {
    const { ctx, fetch } = ctxWith([]);
    expect((await runCheck(repoSecretCheck, ctx)).status).toBe('skip');
    expect(fetch.calls).toEqual([]);
  });
  it("a 403 says GitHub's own reason (an SSO refusal is not cured by collaborator access or the repo scope)", async () => {
    const sso = { message: 'Resource protected by organization SAML enforcement. You must grant your personal token access to this organization.' };
    const { ctx } = ctxWith([{ url, reply: { status: 403, body: sso } }], { repo: { owner: 'acme', name: 'api' } });
    const out = await runCheck(repoSecretCheck, ctx);
    expect(out).toMatchObject({ status: 'skip', summary: `cannot read acme/api's secrets (403: ${sso.message})` });
    expect(out.summary).not.toMatch(/collaborator|repo scope/);
  });
  it('403 (no collaborator access) → skip with the reason', async () => {
    const { ctx } = ctxWith([{ url, reply: { status: 403, body: { message: 'Resource not accessible by personal access token' } } }], {
      repo: { owner: 'acme', name: 'api' },
    });
    const out = await runCheck(repoSecretCheck, ctx);
    expect(out.status).toBe('skip');
    expect(out.summary).toMatch(/403/);
  });
});

describe('repo.workflow-permissions', () => {
  const url = `${API}/repos/acme/api/actions/permissions/workflow`;
  it('read default but no workflows to read → pass without a finding (half the condition is unknown), says what to check', async () => {
    const { ctx } = ctxWith([{ url, reply: { body: { default_workflow_permissions: 'read', can_approve_pull_request_reviews: false } } }], {
      repo: { owner: 'acme', name: 'api' },
    });
    const out = await runCheck(repoWorkflowPermissionsCheck, ctx);
    expect(out.status).toBe('pass');
    expect(out.findings ?? []).toEqual([]);
    expect(out.summary).toMatch(/read-only by default.*packages: write/);
  });
  it("a 403 says GitHub's own reason (SSO is not cured by admin rights); a 404 says admin rights are needed", async () => {
    const sso = { message: 'Resource protected by organization SAML enforcement. You must grant your personal token access to this organization.' };
    for (const [reply, expected] of [
      [{ status: 403, body: sso }, `cannot read acme/api's Actions settings (403: ${sso.message})`],
      [
        { status: 403, body: { message: 'Must have admin rights to Repository.' } },
        "cannot read acme/api's Actions settings (403: Must have admin rights to Repository.)",
      ],
      [notFound, "cannot read acme/api's Actions settings (404): needs admin rights on the repository"],
    ] as const) {
      const { ctx } = ctxWith([{ url, reply }], { repo: { owner: 'acme', name: 'api' } });
      ctx.facts.identity = { login: 'octocat', scopes: ['repo', 'write:packages'] };
      const out = await runCheck(repoWorkflowPermissionsCheck, ctx);
      expect(out).toMatchObject({ status: 'skip', summary: expected });
    }
  });
  it('a 404 to a classic token without the repo scope says the scope, not admin rights (an admin gets that 404 too)', async () => {
    const { ctx } = ctxWith([{ url, reply: notFound }], { repo: { owner: 'acme', name: 'api' } });
    ctx.facts.identity = { login: 'octocat', scopes: ['read:packages'] };
    expect(await runCheck(repoWorkflowPermissionsCheck, ctx)).toMatchObject({
      status: 'skip',
      summary: "cannot read acme/api's Actions settings (404): this token lacks the repo scope that reading them needs",
    });
    ctx.facts.identity = { login: 'octocat', scopes: ['repo', 'read:packages'] };
    expect((await runCheck(repoWorkflowPermissionsCheck, ctx)).summary).toBe(
      "cannot read acme/api's Actions settings (404): needs admin rights on the repository",
    );
  });
  const PUSH_NO_BLOCK = `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/login-action@v3
        with:
          registry: ghcr.io
          username: \${{ github.actor }}
          password: \${{ secrets.GITHUB_TOKEN }}
      - run: docker push ghcr.io/acme/api:latest
`;
  const PUSH_WITH_WRITE = `on: push
permissions:
  contents: read
  packages: write
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: docker push ghcr.io/acme/api:latest
`;
  const readDefault = { url, reply: { body: { default_workflow_permissions: 'read', can_approve_pull_request_reviews: false } } };

  it('read default + a pushing job with no permissions block → the finding names file, job and line', async () => {
    const home = await tempHome({ 'wf/build.yml': PUSH_NO_BLOCK, 'wf/ok.yml': PUSH_WITH_WRITE });
    try {
      const { ctx } = ctxWith([readDefault], { repo: { owner: 'acme', name: 'api' }, workflowsDir: `${home.dir}/wf` });
      const out = await runCheck(repoWorkflowPermissionsCheck, ctx);
      expect(ids(out)).toEqual(['actions.default-token-read-only']);
      expect(out.findings![0]!.evidence.jobs).toEqual([{ file: `${home.dir}/wf/build.yml`, job: 'build', line: 3, packages: 'default' }]);
      expect(out.findings![0]!.detail).toContain('build.yml:3 (build, no permissions block)');
    } finally {
      await home.cleanup();
    }
  });

  it('read default but every pushing job declares packages: write → pass, no finding', async () => {
    const home = await tempHome({ 'wf/ok.yml': PUSH_WITH_WRITE });
    try {
      const { ctx } = ctxWith([readDefault], { repo: { owner: 'acme', name: 'api' }, workflowsDir: `${home.dir}/wf` });
      const out = await runCheck(repoWorkflowPermissionsCheck, ctx);
      expect(out.status).toBe('pass');
      expect(out.findings ?? []).toEqual([]);
    } finally {
      await home.cleanup();
    }
  });

  it('write → pass', async () => {
    const { ctx } = ctxWith([{ url, reply: { body: { default_workflow_permissions: 'write', can_approve_pull_request_reviews: false } } }], {
      repo: { owner: 'acme', name: 'api' },
    });
    expect((await runCheck(repoWorkflowPermissionsCheck, ctx)).status).toBe('pass');
  });
});
