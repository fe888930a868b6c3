/** The lab's emulated GitHub REST API (src/sandbox/github-api.ts) as an in-process fetch. */
import { createGithubApi, type GithubApi } from '../../../src/sandbox/github-api.js';
import type { World } from '../../../src/sandbox/world.js';
import type { FetchLike } from '../../../src/io/types.js';

export const API = 'https://api.sandbox.test';

export function sandboxApi(world: World, now: () => number): { api: GithubApi; fetch: FetchLike & { calls: string[] } } {
  const api = createGithubApi({ world, now, apiUrl: API, webUrl: 'https://github.com' });
  const calls: string[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const req = input instanceof Request ? input : new Request(String(input), init);
    const url = new URL(req.url);
    const headers: Record<string, string> = {};
    req.headers.forEach((v, k) => {
      headers[k] = v;
    });
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await req.text();
    calls.push(`${req.method} ${url.pathname}`);
    const res = await api.handle({ method: req.method, url: url.pathname + url.search, headers, body });
    const nullBody = res.status === 204 || res.status === 304 || req.method === 'HEAD';
    return new Response(nullBody ? null : res.body, { status: res.status, headers: res.headers });
  }) as FetchLike & { calls: string[] };
  fetch.calls = calls;
  return { api, fetch };
}
