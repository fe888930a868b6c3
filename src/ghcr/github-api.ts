import { Octokit } from '@octokit/core';
import type { FetchLike } from '../io/types.js';
import { VERSION } from '../engine/version.js';

export type GitHubClient = Octokit;

export interface GitHubClientOptions {
  apiUrl: string;
  token?: string;
  fetch: FetchLike;
}

/**
 * Octokit's core (`request(route, params)`: routes, auth, errors) wired to ghcr-doctor's injectable
 * fetch, so unit tests answer from a table and lab tests reach the lab. Nothing more: no retries (a
 * 404 or 403 is an answer, a PUT is never repeated blindly, a rate limit is reported, not waited out),
 * so neither the retry and throttling plugins (a scheduler on every request) nor the generated
 * endpoint methods of @octokit/rest (100 KB parsed on every run) are loaded. Octokit's own console
 * logging is silenced: libraries must not print past the redaction layer.
 */
export function githubClient(opts: GitHubClientOptions): GitHubClient {
  const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
  return new Octokit({
    auth: opts.token,
    baseUrl: opts.apiUrl,
    userAgent: `ghcr-doctor/${VERSION}`,
    request: { fetch: opts.fetch },
    log: silent,
  });
}
