import type { CheckOutcome } from '../engine/types.js';
import { localFixEnv } from './fix-env.js';
import type { DiagnosisCheck, DiagnosisContext } from '../diagnosis/context.js';
import { finding } from '../engine/findings.js';
import { fix } from '../engine/fixes.js';
import { RegistryUnreachableError, describeReply, replyEvidence, type RegistryReply, type TokenReply } from '../ghcr/registry-client.js';
import { REGISTRY_PING_ID } from './registry-ping.js';
import {
  REGISTRY_CHECK_TIMEOUT_MS,
  notARegistryFinding,
  registryRateLimitFinding,
  registryClientFor,
  registryRepository,
  registryUser,
  typoHostReason,
  unreachableFinding,
} from './registry-common.js';

export const REGISTRY_LOGIN_ID = 'registry.login';

/**
 * The registry's own verdict on the credentials: the token endpoint named by the `/v2/`
 * challenge (registry.ping), with Basic user:token for pull,push on the image's repository. Records
 * the bearer token (registered with the redactor) for the pull and push checks.
 */
export const registryLoginCheck: DiagnosisCheck = {
  id: REGISTRY_LOGIN_ID,
  title: 'Registry login',
  dependsOn: [REGISTRY_PING_ID, 'token.discovery'],
  writes: ['registryBearer'],
  // token.identity: the Basic user is the token owner's login when --user is not given (deterministic
  // output), and a token GitHub calls invalid is reported there once instead of twice. But a GitHub API
  // that cannot be reached must not leave the registry unjudged: the registry decides for itself.
  after: ['token.identity'],
  timeoutMs: REGISTRY_CHECK_TIMEOUT_MS,
  waitsOn: 'the registry',
  // With --user the Basic user is known before token.identity answers: the token exchange starts as
  // soon as the challenge and the token are known, and its round trip overlaps GET /user. The verdict
  // still waits for token.identity (skipped when that says the token is invalid, as without --user).
  prepare(ctx, signal) {
    const plan = loginPlan(ctx);
    const user = ctx.inputs.user;
    if (!user || !('realm' in plan)) return undefined;
    return exchange(ctx, plan, user, signal);
  },
  async run(ctx, signal, prepared): Promise<CheckOutcome> {
    const plan = loginPlan(ctx);
    if (!('realm' in plan)) return plan;
    const { realm, repository } = plan;
    const user = registryUser(ctx);
    try {
      const early = prepared ? await prepared : undefined;
      const { reply, token: bearer } = isExchange(early) && early.user === user ? early.answer : (await exchange(ctx, plan, user, signal)).answer;
      if (bearer) {
        ctx.redactor.addSecret(bearer);
        ctx.facts.registryBearer = bearer;
        return { status: 'pass', summary: `${new URL(realm).host} issued a token to ${user} for ${repository}` };
      }
      if (reply.status === 429) return rateLimited(this.id, reply, `the token endpoint ${new URL(realm).host}`);
      if (reply.status === 401 || reply.status === 403 || (reply.status === 200 && !reply.notJson)) {
        const f = rejected(ctx, this.id, reply, user);
        return { status: 'fail', summary: f.title, findings: [f] };
      }
      const f = notARegistryFinding(ctx, this.id, reply, realm);
      return { status: 'fail', summary: f.title, findings: [f] };
    } catch (error) {
      if (error instanceof RegistryUnreachableError) {
        const f = await unreachableFinding(ctx, this.id, error, signal);
        return { status: 'fail', summary: f.title, findings: [f] };
      }
      throw error;
    }
  },
};

interface LoginPlan {
  token: string;
  realm: string;
  service: string;
  repository: string;
}

/** What the token exchange needs, or the outcome when it cannot happen (the same in prepare() and run()). */
function loginPlan(ctx: DiagnosisContext): LoginPlan | CheckOutcome {
  const ref = ctx.inputs.image;
  if (!ref) return { status: 'skip', summary: 'no image given' };
  const token = ctx.facts.token?.value;
  if (!token) return { status: 'skip', summary: 'no token to log in with' };
  const reg = ctx.facts.registry;
  if (!reg) return { status: 'skip', summary: 'the registry endpoint gave no challenge' };
  if (!reg.realm) return { status: 'pass', summary: `${ref.registry} needs no login` };
  const noCredentials = typoHostReason(ctx);
  if (noCredentials) return { status: 'skip', summary: `no credential sent to ${ref.registry}: ${noCredentials}` };
  return { token, realm: reg.realm, service: reg.service, repository: registryRepository(ctx) };
}

/** One token exchange and the Basic user it was made with. */
interface Exchange {
  user: string;
  answer: TokenReply;
}

function isExchange(value: unknown): value is Exchange {
  return typeof value === 'object' && value !== null && typeof (value as Exchange).user === 'string' && 'answer' in value;
}

async function exchange(ctx: DiagnosisContext, plan: LoginPlan, user: string, signal: AbortSignal): Promise<Exchange> {
  ctx.redactor.addSecret(plan.token, user);
  const answer = await registryClientFor(ctx, signal).fetchToken({
    realm: plan.realm,
    service: plan.service || undefined,
    scopes: [`repository:${plan.repository}:pull,push`],
    credentials: { user, password: plan.token },
  });
  return { user, answer };
}

function rateLimited(checkId: string, reply: RegistryReply, where: string): CheckOutcome {
  const f = registryRateLimitFinding(checkId, reply.headers, reply.status, where);
  return { status: 'fail', summary: `${where} is rate limiting`, findings: [f] };
}

/** Why the token endpoint may refuse: the token's kind and the registry's words say most. */
function rejected(ctx: DiagnosisContext, checkId: string, reply: RegistryReply, user: string) {
  const registry = ctx.inputs.image!.registry;
  const kind = ctx.facts.token?.kind;
  const source = ctx.facts.token?.source;
  const causes: string[] = [];
  if (kind === 'fine-grained') causes.push('it is a fine-grained token (github_pat_), and GHCR accepts classic PATs only');
  else if (kind === 'app-installation') causes.push('it is an installation token (ghs_), which dies with the job that minted it');
  else causes.push('the token is expired, revoked or mistyped (a stray space, CR or quote counts)');
  const detail = `${registry} refused the credentials of ${user}${source ? ` (token from ${source})` : ''}: ${describeReply(reply)}. Most likely ${causes.join('; ')}.`;
  return finding('registry.login-rejected', checkId, {
    title: `${registry} refuses the token (${reply.status}${reply.errors[0] ? ` ${reply.errors[0].code}` : ''})`,
    detail,
    evidence: { ...replyEvidence(reply), user },
    fixes: [
      fix('token.create-classic', localFixEnv(ctx), { scopes: ['write:packages'] }),
      fix('registry.relogin', localFixEnv(ctx), { registry, user, fromFile: true }),
    ],
  });
}
