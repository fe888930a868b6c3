import type { DiagnosisContext } from '../diagnosis/context.js';
import type { CheckOutcome } from '../engine/types.js';
import type { GithubReply } from '../ghcr/github-call.js';
import { apiRateLimitFinding } from './token-github.js';

/**
 * What every repo.* check makes of a reply before its own verdict: no HTTP answer is a skip saying why,
 * a rate limit a warning with the one rate-limit finding. undefined: the answer is the check's to judge.
 */
export function triageReply(
  ctx: DiagnosisContext,
  checkId: string,
  reply: GithubReply,
  what: string,
): { outcome: CheckOutcome; reply?: undefined } | { outcome?: undefined; reply: JudgedReply } {
  if (reply.kind === 'no-answer') return { outcome: { status: 'skip', summary: ctx.redactor.redact(`the GitHub API gave no answer: ${reply.reason}`) } };
  if (reply.kind === 'rate-limited') {
    return { outcome: { status: 'warn', summary: 'the GitHub API is rate limiting', findings: [apiRateLimitFinding(checkId, reply.answer, what)] } };
  }
  return { reply };
}

/** An HTTP answer left for the check to judge. */
export type JudgedReply = Extract<GithubReply, { kind: 'answer' | 'not-found' }>;

export function repoName(ctx: DiagnosisContext): string | undefined {
  return ctx.inputs.repo ? `${ctx.inputs.repo.owner}/${ctx.inputs.repo.name}` : undefined;
}
