import type { DiagnosisContext } from '../diagnosis/context.js';
import type { CheckOutcome } from '../engine/types.js';
import { githubClient, type GitHubClient } from '../ghcr/github-api.js';
import { rateLimitedFinding } from './registry-common.js';

export interface ApiFailure {
  status: number;
  message?: string;
  headers: Headers;
}

/** An Octokit RequestError with an HTTP status; anything else (a bug, an abort) is not one. */
export function apiFailure(error: unknown): ApiFailure | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { status?: unknown; response?: { headers?: Record<string, unknown>; data?: unknown } };
  if (typeof e.status !== 'number' || e.status <= 0 || e.status === 500 && !e.response) return undefined;
  const headers = new Headers();
  for (const [k, v] of Object.entries(e.response?.headers ?? {})) if (v !== undefined && v !== null) headers.set(k, String(v));
  const message = (e.response?.data as { message?: unknown } | undefined)?.message;
  return { status: e.status, message: typeof message === 'string' ? message : undefined, headers };
}

/** Bound on each GitHub API request, inside the check's own timeout. */
export const API_REQUEST_TIMEOUT_MS = 10_000;

/** The check's signal plus the per-request bound. */
export function apiSignal(signal: AbortSignal): AbortSignal {
  return AbortSignal.any([signal, AbortSignal.timeout(API_REQUEST_TIMEOUT_MS)]);
}

/**
 * A GitHub API call that got no HTTP answer: the per-request timeout, or a network failure (Octokit
 * reports those as status 500 without a response). A cancelled check is not one: it is rethrown.
 */
export function apiNoAnswer(error: unknown, signal: AbortSignal): string | undefined {
  if (signal.aborted) return undefined;
  const e = error as { name?: unknown; status?: unknown; response?: unknown; message?: unknown; cause?: unknown };
  if (!e || typeof e !== 'object') return undefined;
  const names = [e.name, (e.cause as { name?: unknown } | undefined)?.name];
  if (names.includes('TimeoutError') || names.includes('AbortError')) return `no answer within ${API_REQUEST_TIMEOUT_MS / 1000}s`;
  if (e.status === 500 && !e.response) return `no answer (${typeof e.message === 'string' ? e.message.split('\n')[0] : 'network error'})`;
  return undefined;
}

export function isRateLimited(f: ApiFailure): boolean {
  return f.status === 429 || (f.status === 403 && f.headers.get('x-ratelimit-remaining') === '0');
}

/**
 * What every repo.* check makes of a failed GitHub API call before its own verdict: no HTTP answer
 * is a skip saying why, a rate limit a warning with the one rate-limit finding, and anything that is
 * not an API failure (a bug, a cancelled check) is rethrown. Any other failure is the check's to judge.
 */
export function triageApiError(
  ctx: DiagnosisContext,
  checkId: string,
  error: unknown,
  signal: AbortSignal,
): { outcome: CheckOutcome; failure?: undefined } | { outcome?: undefined; failure: ApiFailure } {
  const silent = apiNoAnswer(error, signal);
  if (silent) return { outcome: { status: 'skip', summary: ctx.redactor.redact(`the GitHub API gave ${silent}`) } };
  const failure = apiFailure(error);
  if (!failure) throw error;
  if (isRateLimited(failure)) {
    return { outcome: { status: 'warn', summary: 'the GitHub API is rate limiting', findings: [rateLimitedFinding(checkId, failure.headers, failure.status, 'the GitHub API')] } };
  }
  return { failure };
}

export function repoApi(ctx: DiagnosisContext): GitHubClient | undefined {
  const token = ctx.facts.token?.value;
  if (!token) return undefined;
  return githubClient({ apiUrl: ctx.inputs.apiUrl, token, fetch: ctx.io.fetch, retries: 0 });
}

export function repoName(ctx: DiagnosisContext): string | undefined {
  return ctx.inputs.repo ? `${ctx.inputs.repo.owner}/${ctx.inputs.repo.name}` : undefined;
}
