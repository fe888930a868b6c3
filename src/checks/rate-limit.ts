import { finding } from '../engine/findings.js';
import type { Finding } from '../engine/types.js';

/**
 * The one `registry.rate-limited` builder, for the GitHub API (403 with x-ratelimit-remaining: 0, or 429)
 * and the registry (429 TOOMANYREQUESTS) alike, so the evidence has one shape.
 */
export function rateLimitFinding(
  checkId: string,
  answer: { status: number; header(name: string): string | undefined },
  where: string,
  source: 'api' | 'registry',
): Finding {
  const evidence: Record<string, unknown> = { status: answer.status, source, where };
  const limit = Number(answer.header('x-ratelimit-limit') ?? answer.header('ratelimit-limit'));
  if (Number.isFinite(limit) && limit > 0) evidence.limit = limit;
  const reset = answer.header('x-ratelimit-reset');
  const resetAt = reset && /^\d+$/.test(reset) ? new Date(Number(reset) * 1000).toISOString() : undefined;
  if (resetAt) evidence.resetAt = resetAt;
  const retryAfter = answer.header('retry-after');
  if (retryAfter) evidence.retryAfterSeconds = /^\d+$/.test(retryAfter) ? Number(retryAfter) : retryAfter;
  const when = resetAt ? ` until ${resetAt}` : retryAfter ? ` (retry after ${retryAfter}${/^\d+$/.test(retryAfter) ? ' s' : ''})` : '';
  return finding('registry.rate-limited', checkId, {
    title: source === 'api' ? 'The GitHub API is rate limiting this token' : 'The registry is rate limiting these requests',
    detail: `${where} was refused by a rate limit (HTTP ${answer.status})${when}. This is not an authentication problem; run again later.`,
    evidence,
  });
}
