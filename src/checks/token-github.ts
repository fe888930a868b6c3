import { rateLimitFinding } from './rate-limit.js';
import type { DiagnosisContext } from '../diagnosis/context.js';
import type { Finding } from '../engine/types.js';
import { apiMessage, callGithub, type ApiAnswer, type GithubReply } from '../ghcr/github-call.js';

export { apiMessage, innermostReason, isRateLimited, type ApiAnswer, type GithubReply } from '../ghcr/github-call.js';

/**
 * An answer the check cannot judge (HTML, garbage, a 5xx): the check ends as `error` with this one line.
 * `expected` tells the runner this is not a crash of ghcr-doctor.
 */
export class ApiAnswerError extends Error {
  readonly expected = true;
}

/** Below HTTP: DNS, refused, TLS, timeout. The message names the API and the innermost cause. */
export class ApiUnreachableError extends ApiAnswerError {}

/** The GitHub API with the diagnosed token (anonymous when there is none), through the injectable fetch. */
export function githubCall(ctx: DiagnosisContext, route: string, params: Record<string, unknown>, signal: AbortSignal): Promise<GithubReply> {
  return callGithub({ apiUrl: ctx.inputs.apiUrl, token: ctx.facts.token?.value, fetch: ctx.io.fetch }, route, params, signal);
}

/** The HTTP answer of a reply, or ApiUnreachableError (naming the API) when there was none. */
export function answerOrThrow(ctx: DiagnosisContext, reply: GithubReply): ApiAnswer {
  if (reply.kind === 'no-answer') throw new ApiUnreachableError(`could not reach the GitHub API at ${ctx.inputs.apiUrl}: ${reply.reason}`);
  return reply.answer;
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

/** `registry.rate-limited` for a GitHub API answer (the one builder is in rate-limit.ts). */
export function apiRateLimitFinding(check: string, answer: ApiAnswer, what: string): Finding {
  return rateLimitFinding(check, { status: answer.status, header: (n) => answer.headers[n] }, what, 'api');
}
