import type { Finding } from '../engine/types.js';
import { localFixEnv } from './fix-env.js';
import type { DiagnosisCheck } from '../diagnosis/context.js';
import { finding } from '../engine/findings.js';
import { fix } from '../engine/fixes.js';
import { neededScopes } from './token-discovery.js';
import { answerOrThrow, ApiAnswerError, apiMessage, describeUnexpected, githubCall, apiRateLimitFinding } from './token-github.js';

const DAY_MS = 24 * 60 * 60 * 1000;
export const EXPIRY_WARNING_DAYS = 14;

/**
 * `GitHub-Authentication-Token-Expiration` as GitHub sends it: `2026-09-30 09:00:00 UTC`, also seen with a
 * numeric offset (`2026-09-30 09:00:00 +0900`). Returns an ISO instant, or undefined for anything else.
 */
export function parseTokenExpiration(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})\s*(UTC|GMT|Z|[+-]\d{2}:?\d{2})?$/i.exec(header.trim());
  if (!m) return undefined;
  const zone = !m[7] || /^(UTC|GMT|Z)$/i.test(m[7]) ? 'Z' : `${m[7].slice(0, 3)}:${m[7].slice(-2)}`;
  const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** `X-OAuth-Scopes: repo, write:packages` → list; absent → null (fine-grained and App tokens send none). */
export function parseScopes(header: string | undefined): string[] | null {
  if (header === undefined) return null;
  return header
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Who the token belongs to: `GET /user`. 401 is a bad token; a rate limit is not an auth problem;
 * anything that is not GitHub's JSON (a proxy page, a 5xx) makes this check an error with one line.
 */
export const tokenIdentityCheck: DiagnosisCheck = {
  id: 'token.identity',
  title: 'Token identity',
  dependsOn: ['token.type'],
  writes: ['identity', 'apiRateLimited'],
  timeoutMs: 15000,
  waitsOn: 'GitHub API',
  async run(ctx, signal) {
    const token = ctx.facts.token;
    if (!token) return { status: 'skip', summary: 'no token' };
    const reply = await githubCall(ctx, 'GET /user', {}, signal);
    const answer = answerOrThrow(ctx, reply);
    const scopes = neededScopes(ctx);

    if (answer.status === 401) {
      return {
        status: 'fail',
        summary: `GitHub rejected the token: ${apiMessage(answer) ?? 'HTTP 401'}`,
        findings: [
          finding('token.invalid', this.id, {
            title: 'GitHub rejects this token (401 Bad credentials)',
            detail: `GET /user answered 401 "${apiMessage(answer) ?? 'Unauthorized'}": ${whyRejected(token.kind, token.source)} Create a new one and update every copy (CI secrets, servers).`,
            evidence: { status: 401, message: apiMessage(answer), source: token.source },
            fixes: [fix('token.create-classic', localFixEnv(ctx), { scopes })],
          }),
        ],
      };
    }
    if (reply.kind === 'rate-limited') {
      ctx.facts.apiRateLimited = true;
      return { status: 'warn', summary: 'rate limited by the GitHub API', findings: [apiRateLimitFinding(this.id, answer, 'GET /user')] };
    }
    if (answer.status === 403 && /not accessible by integration/i.test(apiMessage(answer) ?? '')) {
      // App installation tokens (the Actions GITHUB_TOKEN too) have no user behind them: GET /user is
      // refused by design. Not a failure: the registry checks still judge the token itself.
      return { status: 'pass', summary: `an installation token has no user account (GET /user: ${apiMessage(answer)})` };
    }
    const data = answer.data as { login?: unknown } | undefined;
    if (answer.status !== 200 || !data || typeof data !== 'object' || typeof data.login !== 'string') {
      throw new ApiAnswerError(describeUnexpected(answer, 'GET /user'));
    }

    const expiresAt = parseTokenExpiration(answer.headers['github-authentication-token-expiration']);
    ctx.facts.identity = { login: data.login, scopes: parseScopes(answer.headers['x-oauth-scopes']) };

    const findings: Finding[] = [];
    // go-github#3708: for fine-grained tokens the header has been seen holding the server's current time.
    if (expiresAt && token.kind !== 'fine-grained') {
      const left = Date.parse(expiresAt) - ctx.io.clock.now();
      if (left < EXPIRY_WARNING_DAYS * DAY_MS) {
        const days = Math.floor(left / DAY_MS);
        const when = left <= 0 ? `expired on ${expiresAt}` : `expires on ${expiresAt} (${days === 0 ? 'today' : `in ${days} day${days === 1 ? '' : 's'}`})`;
        findings.push(
          finding('token.expiring', this.id, {
            title: left <= 0 ? 'The token has expired' : `The token expires in ${days === 0 ? 'less than a day' : `${days} day${days === 1 ? '' : 's'}`}`,
            detail: `The token ${when}. Regenerate it (same scopes) and update every stored copy: CI secrets, deploy servers, docker/podman logins.`,
            evidence: { expiresAt, daysLeft: days },
            fixes: [fix('token.create-classic', localFixEnv(ctx), { scopes })],
          }),
        );
      }
    }
    const scopeText = ctx.facts.identity.scopes === null ? 'no scopes header' : `scopes: ${ctx.facts.identity.scopes.join(', ') || '(none)'}`;
    const expiryText = expiresAt ? `, expires ${expiresAt.slice(0, 10)}` : '';
    return { status: findings.length ? 'warn' : 'pass', summary: `${data.login} (${scopeText}${expiryText})`, findings };
  },
};

/**
 * Why GitHub answers 401 for this kind of token. An installation token (ghs_, the job's GITHUB_TOKEN
 * too) lives an hour at most: a year unused or a leak is not the likely story for it.
 */
function whyRejected(kind: string, source: string): string {
  if (kind === 'app-installation')
    return `the installation token (ghs_) from ${source} has expired (it lives an hour at most, or until its job ends) or was revoked; anything that runs outside that job needs a classic token.`;
  return `the token from ${source} is expired, revoked (also automatically, after a year unused or when pushed to a public repository) or mistyped.`;
}
