import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { FetchLike } from '../io/types.js';
import { VERSION } from '../cli/version.js';

const GhOctokit = Octokit.plugin(retry, throttling);
export type GitHubClient = InstanceType<typeof GhOctokit>;

export interface GitHubClientOptions {
  apiUrl: string;
  token?: string;
  fetch: FetchLike;
  /** Retries only where it cannot make a diagnosis wrong (5xx, secondary rate limits once). */
  retries?: number;
}

/**
 * Octokit wired to ghcr-doctor's injectable fetch, so unit tests answer from a table and lab tests
 * reach the lab. Octokit's own console logging is silenced: libraries must not print past the
 * redaction layer.
 */
export function githubClient(opts: GitHubClientOptions): GitHubClient {
  const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
  return new GhOctokit({
    auth: opts.token,
    baseUrl: opts.apiUrl,
    userAgent: `ghcr-doctor/${VERSION}`,
    request: { fetch: opts.fetch, retries: opts.retries ?? 1 },
    log: silent,
    retry: { doNotRetry: [400, 401, 403, 404, 409, 410, 422, 429, 451] },
    throttle: {
      onRateLimit: () => false,
      onSecondaryRateLimit: () => false,
    },
  });
}

/** The web host that belongs to an API URL: api.github.com → github.com; GHES https://HOST/api/v3 → HOST. */
export function webBaseUrl(apiUrl: string): string {
  const u = new URL(apiUrl);
  if (u.hostname === 'api.github.com') return 'https://github.com';
  if (u.hostname.startsWith('api.')) return `${u.protocol}//${u.host.slice(4)}`;
  return `${u.protocol}//${u.host}`;
}

/** `https://github.com/settings/tokens/new?scopes=…&description=ghcr-doctor` (GHES: the same on its host). */
export function newTokenUrl(apiUrl: string, scopes: string[]): string {
  return `${webBaseUrl(apiUrl)}/settings/tokens/new?scopes=${scopes.join(',')}&description=ghcr-doctor`;
}
