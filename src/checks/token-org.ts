import type { CheckOutcome } from '../engine/types.js';
import type { DiagnosisCheck } from '../diagnosis/context.js';
import { finding } from '../engine/findings.js';
import { fix } from '../engine/fixes.js';
import { answerOrThrow, ApiAnswerError, apiMessage, describeUnexpected, githubCall, apiRateLimitFinding, type ApiAnswer } from './token-github.js';

/** `X-GitHub-SSO: required; url=https://github.com/orgs/acme/sso?authorization_request=…` → the url. */
export function ssoRequiredUrl(header: string | undefined): string | undefined {
  if (!header || !/^\s*required\b/i.test(header)) return undefined;
  return /url=(\S+)/i.exec(header)?.[1]?.replace(/[;,]$/, '');
}

/** The REST 403 bodies of org token policies. */
const POLICY_PATTERNS: Array<{ re: RegExp; policy: 'classic-forbidden' | 'fine-grained-forbidden' | 'lifetime' }> = [
  { re: /lifetime is greater than/i, policy: 'lifetime' },
  // GitHub words these in the singular ("a personal access token (classic)") and the plural ("personal
  // access tokens (classic) are forbidden", as git over HTTPS says): both are the same policy.
  {
    re: /forbids access via (?:an? )?personal access tokens? \(classic\)|personal access tokens? \(classic\) (?:are|is) forbidden/i,
    policy: 'classic-forbidden',
  },
  {
    re: /forbids access via (?:an? )?(?:fine-grained personal access tokens?|personal access tokens? with fine-grained permissions)/i,
    policy: 'fine-grained-forbidden',
  },
];

/** What each policy means for ghcr.io, which takes classic personal tokens only. */
const POLICY_ADVICE: Record<(typeof POLICY_PATTERNS)[number]['policy'], string> = {
  'classic-forbidden': 'ghcr.io needs a classic token, and this organization forbids them: only an organization owner can allow them.',
  'fine-grained-forbidden': 'ghcr.io needs a classic token; an organization owner must allow classic tokens (or a shorter lifetime must be used).',
  lifetime: "The token's lifetime is longer than the organization allows: use one with a shorter expiry, or an owner raises the limit.",
};

/** Turns an SSO or policy 403 into its finding; undefined when the answer is neither. */
function orgRefusal(check: string, owner: string, answer: ApiAnswer, apiUrl: string): CheckOutcome | undefined {
  if (answer.status !== 403) return undefined;
  const url = ssoRequiredUrl(answer.headers['x-github-sso']);
  const message = apiMessage(answer);
  if (url) {
    return {
      status: 'fail',
      // The registry checks wait for the owner's type (after), and must still judge the token themselves.
      dependantsMayRun: true,
      summary: `${owner} enforces SAML SSO; the token is not authorized for it`,
      findings: [
        finding('token.sso-unauthorized', check, {
          title: `The token is not authorized for ${owner}'s SAML single sign-on`,
          detail: `${owner} enforces SAML SSO and this token has not been authorized for it, so GitHub and the registry refuse it for ${owner}'s packages. Open the link, sign in with SSO and authorize the token (or Settings → Developer settings → the token → Configure SSO).`,
          evidence: { owner, url, message },
          fixes: [fix('token.authorize-sso', { apiUrl }, { owner, url })],
        }),
      ],
    };
  }
  const policy = message ? POLICY_PATTERNS.find((p) => p.re.test(message))?.policy : undefined;
  if (policy) {
    return {
      status: 'fail',
      dependantsMayRun: true,
      summary: `${owner}'s token policy refuses this token`,
      findings: [
        finding('token.org-policy', check, {
          title: `${owner}'s policy forbids this token`,
          detail: `GitHub answered: "${message}". ${POLICY_ADVICE[policy]} Inside Actions, GITHUB_TOKEN is not affected.`,
          evidence: { owner, policy, message },
          // A new classic token is refused again where classic tokens are forbidden: not offered there.
          fixes: [
            fix('token.org-policy-settings', { apiUrl }, { owner, policy }),
            ...(policy === 'classic-forbidden' ? [] : [fix('token.create-classic', { apiUrl }, { scopes: ['write:packages', 'read:packages'] })]),
          ],
        }),
      ],
    };
  }
  return undefined;
}

/**
 * Whether the image owner is an organization that refuses this token: SAML SSO not authorized or
 * a personal-access-token policy. Reads `GET /users/{owner}` for the type, then `GET /orgs/{owner}`.
 */
export const tokenOrgCheck: DiagnosisCheck = {
  id: 'token.org',
  title: 'Organization access',
  dependsOn: ['token.identity', 'image.reference'],
  writes: ['ownerType'],
  timeoutMs: 15000,
  waitsOn: 'GitHub API',
  async run(ctx, signal) {
    const image = ctx.inputs.image;
    const identity = ctx.facts.identity;
    if (!image) return { status: 'skip', summary: 'no image given' };
    // No identity with a token: an installation token (GET /user is refused by design) or a rate-limited
    // API. The owner's type is still worth asking for: settings URLs differ for users and orgs.
    if (!identity && !ctx.facts.token) return { status: 'skip', summary: 'no token' };
    if (!identity && ctx.facts.apiRateLimited) return { status: 'skip', summary: 'the GitHub API is rate limiting (reported by token.identity)' };
    const owner = image.owner.toLowerCase();
    if (identity && owner === identity.login.toLowerCase()) {
      ctx.facts.ownerType = 'User';
      return { status: 'pass', summary: `${owner} is the token's own account` };
    }

    const userReply = await githubCall(ctx, 'GET /users/{username}', { username: owner }, signal);
    const user = answerOrThrow(ctx, userReply);
    if (userReply.kind === 'rate-limited')
      return { status: 'warn', summary: 'rate limited by the GitHub API', findings: [apiRateLimitFinding(this.id, user, `GET /users/${owner}`)] };
    const refused = orgRefusal(this.id, owner, user, ctx.inputs.apiUrl);
    if (refused) return refused;
    if (userReply.kind === 'not-found') return { status: 'skip', summary: `no GitHub account or organization named ${owner}` };
    const type = (user.data as { type?: unknown } | undefined)?.type;
    if (user.status !== 200 || (type !== 'User' && type !== 'Organization')) throw new ApiAnswerError(describeUnexpected(user, `GET /users/${owner}`));
    ctx.facts.ownerType = type;
    if (type === 'User') return { status: 'pass', summary: `${owner} is a user account${identity ? ` (not ${identity.login})` : ''}` };

    const orgReply = await githubCall(ctx, 'GET /orgs/{org}', { org: owner }, signal);
    const org = answerOrThrow(ctx, orgReply);
    if (orgReply.kind === 'rate-limited')
      return { status: 'warn', summary: 'rate limited by the GitHub API', findings: [apiRateLimitFinding(this.id, org, `GET /orgs/${owner}`)] };
    const orgRefused = orgRefusal(this.id, owner, org, ctx.inputs.apiUrl);
    if (orgRefused) return orgRefused;
    if (org.status !== 200) throw new ApiAnswerError(describeUnexpected(org, `GET /orgs/${owner}`));
    return { status: 'pass', summary: `${owner} is an organization; the token is accepted there` };
  },
};
