/**
 * The emulated GitHub REST API (src/sandbox/github-api.ts) as an in-process request handler.
 */
import type { GithubApi } from '../sandbox/github-api.js';
import type { World } from '../sandbox/world.js';
import { toResponse } from './sandbox-response.js';
import { adoptCreatedToken } from './created-tokens.js';
import type { RequestHandler } from './in-process-fetch.js';

export function githubApiHandler(
  world: World,
  now: () => number,
  apiUrl: string,
  webUrl = 'https://github.com',
  /** Told about a token the demo user "created" (see created-tokens.ts), so output redacts it. */
  onCreated: (token: string) => void = () => undefined,
): RequestHandler {
  // Loaded on the first API request: it brings libsodium (secrets), which the first frame does not need.
  let api: Promise<GithubApi> | undefined;
  const load = () => (api ??= import('../sandbox/github-api.js').then(({ createGithubApi }) => createGithubApi({ world, now, apiUrl, webUrl })));
  return async (request) => {
    const created = adoptCreatedToken(world, request.headers.get('authorization'), now());
    if (created) onCreated(created);
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => {
      headers[key] = value;
    });
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.text();
    return toResponse(await (await load()).handle({ method: request.method, url: url.pathname + url.search, headers, body }));
  };
}
