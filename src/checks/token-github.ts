import { rateLimitFinding as sharedRateLimitFinding } from './rate-limit.js';
import type { DiagnosisContext } from '../diagnosis/context.js';
import type { Finding } from '../engine/types.js';
import { githubClient } from '../ghcr/github-api.js';

/** A GitHub REST answer, success or HTTP error alike; network failures throw a one-line Error instead. */
export interface ApiAnswer {
  status: number;
  /** Lower-case header names, as Octokit hands them over. */
  headers: Record<string, string | undefined>;
  data: unknown;
}

/**
 * An answer the check cannot judge (HTML, garbage, a 5xx): the check ends as `error` with this one line.
 * `expected` tells the runner this is not a crash of ghcr-doctor.
 */
export class ApiAnswerError extends Error {
  readonly expected = true;
}

/** Below HTTP: DNS, refused, TLS, timeout. The message names the API and the innermost cause. */
export class ApiUnreachableError extends ApiAnswerError {}

/** Walks `cause` to the innermost message and code (undici nests them: "fetch failed" → ECONNREFUSED). */
export function innermostReason(error: unknown): string {
  let e: unknown = error;
  let best = error instanceof Error ? error.message : String(error);
  for (let depth = 0; depth < 6 && e && typeof e === 'object'; depth++) {
    const c = e as { message?: unknown; code?: unknown; cause?: unknown; name?: unknown };
    if (c.name === 'TimeoutError' || c.name === 'AbortError') best = 'timed out';
    else if (typeof c.code === 'string') best = typeof c.message === 'string' && c.message.includes(c.code) ? c.message : `${c.code}${typeof c.message === 'string' && c.message ? `: ${c.message}` : ''}`;
    else if (typeof c.message === 'string' && c.message && c.message !== 'fetch failed') best = c.message;
    e = c.cause;
  }
  return best.split('\n')[0]!;
}

/** GET on the GitHub API with the diagnosed token, through the injectable fetch. */
export async function githubGet(
  ctx: DiagnosisContext,
  route: string,
  params: Record<string, string>,
  signal: AbortSignal,
): Promise<ApiAnswer> {
  const client = githubClient({ apiUrl: ctx.inputs.apiUrl, token: ctx.facts.token?.value, fetch: ctx.io.fetch });
  try {
    const res = await client.request(`GET ${route}`, { ...params, request: { signal } });
    return { status: res.status, headers: res.headers as ApiAnswer['headers'], data: res.data };
  } catch (error) {
    const e = error as { status?: number; response?: { status: number; headers: ApiAnswer['headers']; data: unknown } };
    if (e.response) return { status: e.response.status, headers: e.response.headers, data: e.response.data };
    if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('cancelled');
    throw new ApiUnreachableError(`could not reach the GitHub API at ${ctx.inputs.apiUrl}: ${innermostReason(error)}`);
  }
}

/** GitHub's `{"message": …}`, or undefined when the body is not GitHub JSON (a proxy's HTML page, garbage). */
export function apiMessage(answer: ApiAnswer): string | undefined {
  const d = answer.data;
  return d && typeof d === 'object' && 'message' in d && typeof (d as { message: unknown }).message === 'string'
    ? (d as { message: string }).message
    : undefined;
}

/** One line saying what came back when it is not what GitHub sends. */
export function describeUnexpected(answer: ApiAnswer, what: string): string {
  const type = answer.headers['content-type']?.split(';')[0] ?? 'no content type';
  const msg = apiMessage(answer);
  if (msg) return `${what} answered HTTP ${answer.status}: ${msg}`;
  const text = typeof answer.data === 'string' ? answer.data : '';
  const kind = /<html|<!doctype/i.test(text) ? 'an HTML page' : type === 'application/json' ? 'unexpected JSON' : `${type} that is not GitHub JSON`;
  return `${what} answered HTTP ${answer.status} with ${kind}`;
}

/** Primary (403 + x-ratelimit-remaining: 0) or secondary (429, or 403 + retry-after) rate limit. */
export function isRateLimited(answer: ApiAnswer): boolean {
  if (answer.status === 429) return true;
  if (answer.status !== 403) return false;
  if (answer.headers['x-ratelimit-remaining'] === '0') return true;
  return answer.headers['retry-after'] !== undefined && /rate limit/i.test(apiMessage(answer) ?? '');
}

export function rateLimitFinding(check: string, answer: ApiAnswer, what: string): Finding {
  return sharedRateLimitFinding(check, { status: answer.status, header: (n) => answer.headers[n] }, what, 'api');
}
