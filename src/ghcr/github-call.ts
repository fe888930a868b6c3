import type { FetchLike } from '../io/types.js';
import { githubClient } from './github-api.js';
import { sanitizeDeep } from '../engine/sanitize.js';
import { clipText, firstLine } from '../engine/text.js';

/** A GitHub REST answer, success or HTTP error alike. */
export interface ApiAnswer {
  status: number;
  /** Lower-case header names, as Octokit hands them over. */
  headers: Record<string, string | undefined>;
  data: unknown;
}

/**
 * What one GitHub API call came to, the same way for every check, so one answer means one thing:
 * - `answer`: any HTTP answer that is neither of the next two (2xx, 401, a policy 403, a 5xx, HTML…);
 * - `not-found`: 404, which GitHub also gives for what the token may not see;
 * - `rate-limited`: primary (remaining 0) or secondary (429, 403 with retry-after or the secondary
 *   rate-limit message) limit: never an access or scope problem;
 * - `no-answer`: no HTTP answer at all (DNS, refused, TLS, the per-request timeout).
 */
export type GithubReply =
  | { kind: 'answer'; answer: ApiAnswer }
  | { kind: 'not-found'; answer: ApiAnswer }
  | { kind: 'rate-limited'; answer: ApiAnswer }
  | { kind: 'no-answer'; reason: string };

export interface GithubConnection {
  apiUrl: string;
  /** Absent: an anonymous call. */
  token?: string;
  fetch: FetchLike;
}

/** Bound on each GitHub API request, inside the calling check's own timeout. */
export const API_REQUEST_TIMEOUT_MS = 10_000;

/** GitHub's `{"message": …}`, or undefined when the body is not GitHub JSON (a proxy's HTML page, garbage). */
export function apiMessage(answer: ApiAnswer): string | undefined {
  const d = answer.data;
  // Clipped: GitHub's messages are a sentence, and every finding that quotes one would carry all of it.
  return d && typeof d === 'object' && 'message' in d && typeof (d as { message: unknown }).message === 'string'
    ? clipText((d as { message: string }).message)
    : undefined;
}

/**
 * GitHub's rate limits as its REST docs describe them: primary = 403/429 with `x-ratelimit-remaining: 0`;
 * secondary = 429, or 403 with `retry-after`, or 403 whose message names the secondary rate limit
 * ("You have exceeded a secondary rate limit", formerly "abuse detection mechanism").
 */
export function isRateLimited(answer: ApiAnswer): boolean {
  if (answer.status === 429) return true;
  if (answer.status !== 403) return false;
  if (answer.headers['x-ratelimit-remaining'] === '0') return true;
  if (answer.headers['retry-after'] !== undefined) return true;
  return /secondary rate limit|abuse detection/i.test(apiMessage(answer) ?? '');
}

/** Walks `cause` to the innermost message and code (undici nests them: "fetch failed" → ECONNREFUSED). */
export function innermostReason(error: unknown): string {
  let e: unknown = error;
  let best = error instanceof Error ? error.message : String(error);
  for (let depth = 0; depth < 6 && e && typeof e === 'object'; depth++) {
    const c = e as { message?: unknown; code?: unknown; cause?: unknown; name?: unknown };
    if (c.name === 'TimeoutError' || c.name === 'AbortError') best = 'timed out';
    else if (typeof c.code === 'string')
      best =
        typeof c.message === 'string' && c.message.includes(c.code)
          ? c.message
          : `${c.code}${typeof c.message === 'string' && c.message ? `: ${c.message}` : ''}`;
    else if (typeof c.message === 'string' && c.message && c.message !== 'fetch failed') best = c.message;
    e = c.cause;
  }
  return firstLine(best);
}

/** Sorts an HTTP answer into the reply kinds above. */
export function classifyAnswer(raw: ApiAnswer): GithubReply {
  // Where GitHub's words enter: every text in the body and headers is sanitised once, here.
  const answer: ApiAnswer = { status: raw.status, headers: sanitizeDeep(raw.headers), data: sanitizeDeep(raw.data) };
  if (isRateLimited(answer)) return { kind: 'rate-limited', answer };
  if (answer.status === 404) return { kind: 'not-found', answer };
  return { kind: 'answer', answer };
}

/**
 * The one way ghcr-doctor calls the GitHub REST API: `route` is Octokit's `METHOD /path/{param}`
 * (path parameters are encoded, so a nested package name travels as `%2F`). Each request is bounded by
 * API_REQUEST_TIMEOUT_MS; a cancelled `signal` is rethrown, never turned into a reply.
 */
export async function callGithub(conn: GithubConnection, route: string, params: Record<string, unknown>, signal: AbortSignal): Promise<GithubReply> {
  // No retries: Octokit's retry would also repeat a cancelled or timed-out request and a failed fetch, a
  // PUT or DELETE is never repeated blindly, and a 404 or 403 is an answer.
  const client = githubClient({ apiUrl: conn.apiUrl, token: conn.token, fetch: conn.fetch });
  const bounded = AbortSignal.any([signal, AbortSignal.timeout(API_REQUEST_TIMEOUT_MS)]);
  try {
    const res = await client.request(route, { ...params, request: { signal: bounded } });
    return classifyAnswer({ status: res.status, headers: res.headers as ApiAnswer['headers'], data: res.data });
  } catch (error) {
    if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('cancelled');
    const e = error as { status?: unknown; response?: { status: number; headers: ApiAnswer['headers']; data: unknown } };
    if (e && typeof e === 'object' && e.response && typeof e.response.status === 'number') {
      return classifyAnswer({ status: e.response.status, headers: e.response.headers ?? {}, data: e.response.data });
    }
    // Octokit reports a failed fetch as a RequestError with a status and no response; anything else is a bug.
    if (!bounded.aborted && (!e || typeof e !== 'object' || typeof e.status !== 'number')) throw error;
    if (bounded.aborted) return { kind: 'no-answer', reason: `no answer within ${API_REQUEST_TIMEOUT_MS / 1000}s` };
    return { kind: 'no-answer', reason: innermostReason(error) };
  }
}
