/**
 * Real exchanges with api.github.com recorded by @octokit/fixtures (raw recordings, pinned), replayed
 * through ghcr-doctor's own API helper and parsing: the organization answer, its rate-limit headers, a
 * renamed repository's 301 redirect, an error body.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tokenOrgCheck } from '../../src/checks/token-org.js';
import { describeUnexpected, apiRateLimitFinding } from '../../src/checks/token-github.js';
import { inProcessFetch } from '../../src/demo/in-process-fetch.js';
import { MemoryHeaders, MemoryResponse } from '../../src/demo/memory-http.js';
import { apiMessage, callGithub, type GithubReply } from '../../src/ghcr/github-call.js';
import { parseImageRef } from '../../src/ghcr/image-ref.js';
import { runCheck, testContext } from '../unit/checks/context.js';

interface Exchange {
  method: string;
  path: string;
  status: number;
  response: unknown;
  rawHeaders: string[];
}

const FIXTURES = join(dirname(createRequire(import.meta.url).resolve('@octokit/fixtures/package.json')), 'scenarios', 'api.github.com');
const API = 'https://api.github.com';
const TOKEN = 'ghp_' + 'r'.repeat(36);

function recorded(scenario: string): Exchange[] {
  return JSON.parse(readFileSync(join(FIXTURES, scenario, 'raw-fixture.json'), 'utf8')) as Exchange[];
}

/** api.github.com answering from the recording (each exchange once, in order); fetch follows redirects as undici does. */
function replay(exchanges: Exchange[], extra: Record<string, { status: number; body: unknown }> = {}) {
  const left = [...exchanges];
  return inProcessFetch({
    'api.github.com': (request) => {
      const url = new URL(request.url);
      const key = `${request.method} ${url.pathname}`;
      const i = left.findIndex((e) => `${e.method.toUpperCase()} ${e.path.split('?')[0]}` === key);
      if (i < 0) {
        const stand = extra[key];
        if (!stand) throw new Error(`not recorded: ${key}`);
        return new MemoryResponse(JSON.stringify(stand.body), { status: stand.status, headers: { 'content-type': 'application/json; charset=utf-8' } });
      }
      const [e] = left.splice(i, 1);
      const headers = new MemoryHeaders();
      for (let h = 0; h + 1 < e!.rawHeaders.length; h += 2) headers.append(e!.rawHeaders[h]!, e!.rawHeaders[h + 1]!);
      const body = e!.status === 204 ? null : typeof e!.response === 'string' ? e!.response : JSON.stringify(e!.response);
      return new MemoryResponse(body, { status: e!.status, headers });
    },
  });
}

const conn = (fetch: ReturnType<typeof replay>) => ({ apiUrl: API, token: TOKEN, fetch });
const answerOf = (r: GithubReply) => {
  if (r.kind === 'no-answer') throw new Error(r.reason);
  return r.answer;
};

describe("recorded GitHub exchanges (@octokit/fixtures) through ghcr-doctor's own code", () => {
  it('GET /orgs/{org}: an answer (not a rate limit, not a refusal); token.org says the org accepts the token', async () => {
    const org = recorded('get-organization').find((e) => e.path === '/orgs/octokit-fixture-org')!;
    const reply = await callGithub(conn(replay([org])), 'GET /orgs/{org}', { org: 'octokit-fixture-org' }, new AbortController().signal);
    expect(reply.kind).toBe('answer');
    expect(answerOf(reply)).toMatchObject({ status: 200, data: { login: 'octokit-fixture-org', type: 'Organization' } });

    // Not recorded: GET /users/{org}, which token.org asks first; stood in with what GitHub says of an org there.
    const users = { 'GET /users/octokit-fixture-org': { status: 200, body: { login: 'octokit-fixture-org', id: 31898100, type: 'Organization' } } };
    const ctx = testContext({ fetch: replay([org], users), inputs: { apiUrl: API, image: parseImageRef('ghcr.io/octokit-fixture-org/app:1') } });
    ctx.facts.token = { value: TOKEN, source: 'GHCR_TOKEN', kind: 'classic' };
    ctx.facts.identity = { login: 'octocat', scopes: ['read:packages'] };
    const out = await runCheck(tokenOrgCheck, ctx);
    expect(out).toMatchObject({ status: 'pass' });
    expect(out.findings ?? []).toEqual([]);
    expect(ctx.facts.ownerType).toBe('Organization');
  });

  it('the recorded rate-limit headers: remaining above 0 is no rate limit; limit and reset read as GitHub means them', async () => {
    const org = recorded('get-organization').find((e) => e.path === '/orgs/octokit-fixture-org')!;
    const answer = answerOf(await callGithub(conn(replay([org])), 'GET /orgs/{org}', { org: 'octokit-fixture-org' }, new AbortController().signal));
    expect(Number(answer.headers['x-ratelimit-remaining'])).toBeGreaterThan(0);
    // The same headers on a refusal would be reported with GitHub's limit and reset (epoch seconds).
    const f = apiRateLimitFinding('token.org', { ...answer, status: 403 }, 'GET /orgs/octokit-fixture-org');
    expect(f.evidence).toMatchObject({
      limit: Number(answer.headers['x-ratelimit-limit']),
      resetAt: new Date(Number(answer.headers['x-ratelimit-reset']) * 1000).toISOString(),
    });
    expect(String(f.evidence.resetAt)).toMatch(/^20\d\d-/);
  });

  it('a renamed repository: the recorded 301 is followed to /repositories/{id} and its answer is read', async () => {
    const exchanges = recorded('rename-repository').filter((e) => e.method.toLowerCase() === 'get');
    const old = exchanges.find((e) => e.status === 301)!;
    const [, , owner, repo] = old.path.split('/');
    const reply = await callGithub(conn(replay(exchanges)), 'GET /repos/{owner}/{repo}', { owner, repo }, new AbortController().signal);
    expect(reply.kind).toBe('answer');
    const answer = answerOf(reply);
    expect(answer.status).toBe(200);
    expect((answer.data as { full_name: string }).full_name).toBe(`${owner}/${repo}-newname`);
  });

  it("an error body (422 Validation Failed) is an answer with GitHub's message, said in one line", async () => {
    const failed = recorded('errors').find((e) => e.status === 422)!;
    const [, , owner, repo] = failed.path.split('/');
    const reply = await callGithub(
      conn(replay([failed])),
      'POST /repos/{owner}/{repo}/labels',
      { owner, repo, name: 'x', color: 'invalid' },
      new AbortController().signal,
    );
    expect(reply.kind).toBe('answer');
    expect(apiMessage(answerOf(reply))).toBe('Validation Failed');
    expect(describeUnexpected(answerOf(reply), 'POST labels')).toBe('POST labels answered HTTP 422: Validation Failed');
  });
});
