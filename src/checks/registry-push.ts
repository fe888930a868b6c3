import type { Check, CheckOutcome, Finding } from '../engine/types.js';
import type { DiagnosisContext } from '../diagnosis/context.js';
import { finding } from '../engine/findings.js';
import { fix } from '../engine/fixes.js';
import { localFixEnv } from './fix-env.js';
import { CredentialRefusedError, RegistryUnreachableError, describeReply, replyEvidence, type RegistryReply } from '../ghcr/registry-client.js';
import { REGISTRY_CHECK_TIMEOUT_MS, rateLimitedFinding, registryClientFor, registryRepository, unreachableFinding } from './registry-common.js';
import { REGISTRY_LOGIN_ID } from './registry-login.js';
import { PACKAGE_INFO_ID, packageSettingsUrl } from './package.js';
import { runPushProbe } from './registry-push-probe.js';
import { pushSkipReason } from './intent.js';

/**
 * Push rights [1.3 step 4]. `--probe session` opens a blob upload session with the pull,push bearer:
 * 202 proves push rights and creates nothing. `--probe push` pushes a tiny artifact (registry-push-probe.ts).
 * Waits for package.info so a denial can be joined with the package's link and existence.
 */
export const registryPushCheck: Check<DiagnosisContext> = {
  id: 'registry.push',
  title: 'Push access',
  dependsOn: [REGISTRY_LOGIN_ID, PACKAGE_INFO_ID],
  // The owner's type (token.org) decides which settings URL a denial points at; wait for it.
  after: ['token.org'],
  timeoutMs: REGISTRY_CHECK_TIMEOUT_MS,
  waitsOn: 'the registry',
  async run(ctx, signal): Promise<CheckOutcome> {
    const ref = ctx.inputs.image;
    const reg = ctx.facts.registry;
    const skipReason = pushSkipReason(ctx.inputs.probe, ctx.inputs.intent);
    if (skipReason) return { status: 'skip', summary: skipReason };
    if (!ref || !reg) return { status: 'skip', summary: 'no registry login to push with' };
    const client = registryClientFor(ctx, signal);
    const repository = registryRepository(ctx);
    try {
      const reply = await client.openUploadSession(repository, reg.bearer);
      if (reply.status === 202) {
        const location = reply.headers.get('location');
        // GHCR answers 405 to DELETE and expires the session itself; other registries free it now.
        // A Location on another origin or on http:// gets no bearer token (CredentialRefusedError): that
        // ends this check without a verdict rather than passing over a hostile answer.
        if (location) {
          await client
            .request('DELETE', new URL(location, client.baseUrl).toString(), { headers: reg.bearer ? { authorization: `Bearer ${reg.bearer}` } : {} })
            .catch((error: unknown) => {
              if (error instanceof CredentialRefusedError) throw error;
            });
        }
        if (ctx.inputs.probe === 'push') return await runPushProbe(ctx, this.id, client, repository, signal);
        return { status: 'pass', summary: `an upload session to ${repository} opened (push allowed; nothing created)` };
      }
      if (reply.status === 429) {
        const f = rateLimitedFinding(this.id, reply.headers, reply.status, `POST /v2/${repository}/blobs/uploads/`);
        return { status: 'warn', summary: 'the registry is rate limiting', findings: [f] };
      }
      if (reply.status === 401 || reply.status === 403) {
        ctx.facts.pushDenied = { code: reply.errors[0]?.code, message: reply.errors[0]?.message };
        const f = pushDenied(ctx, this.id, reply);
        return { status: 'fail', summary: `push denied: ${describeReply(reply)}`, findings: [f] };
      }
      return { status: 'fail', summary: `opening an upload session answered ${describeReply(reply)}` };
    } catch (error) {
      if (error instanceof RegistryUnreachableError) {
        const f = await unreachableFinding(ctx, this.id, error, signal);
        return { status: 'fail', summary: f.title, findings: [f] };
      }
      throw error;
    }
  },
};

/**
 * `--intent pull`: the same check, judged before any dependency (the contract wants the reason shown,
 * not "depends on the login"), so it is skipped saying why pushing is not checked.
 */
export const registryPushNotNeededCheck: Check<DiagnosisContext> = {
  ...registryPushCheck,
  dependsOn: [],
  after: [],
  async run(ctx) {
    return { status: 'skip', summary: pushSkipReason(ctx.inputs.probe, 'pull')! };
  },
};

/**
 * The registry's words plus what other checks learned name the root cause [5: error index]:
 * scopes [A2], org package creation [B3, C1, A6], Manage Actions access / linking [C2, D2], namespace [E3].
 */
export function pushDenied(ctx: DiagnosisContext, checkId: string, reply: RegistryReply): Finding {
  const ref = ctx.inputs.image!;
  const message = reply.errors[0]?.message ?? '';
  const evidence: Record<string, unknown> = replyEvidence(reply);
  const pkg = ctx.facts.package;
  const scopes = ctx.facts.identity?.scopes;
  const kind = ctx.facts.token?.kind;
  const settingsUrl = packageSettingsUrl(ctx);

  if (/installation not allowed to Create organization package/i.test(message) && pkg?.exists !== true) {
    return finding('package.creation-restricted', checkId, {
      detail: `${ref.owner} does not let this ${kind === 'app-installation' ? 'GitHub App installation' : 'member or workflow'} create the package ${ref.name} (${describeReply(reply)}). An org owner allows it under Settings → Packages → Package creation (public/private/internal)${kind === 'app-installation' ? '; App installation tokens cannot create org packages at all: use GITHUB_TOKEN or a classic PAT' : ''}.`,
      evidence: { ...evidence, packageExists: pkg?.exists ?? null },
      fixes: [fix('package.allow-creation', localFixEnv(ctx), { owner: ref.owner })],
    });
  }

  const causes: string[] = [];
  const fixes = [];
  if (scopes && !scopes.includes('write:packages')) {
    causes.push('the token lacks write:packages (see token.missing-scope)');
    fixes.push(fix('token.create-classic', localFixEnv(ctx), { scopes: ['write:packages'] }));
  } else if (/does not match expected scopes/i.test(message)) {
    causes.push('the token lacks write:packages');
    fixes.push(fix('token.create-classic', localFixEnv(ctx), { scopes: ['write:packages'] }));
  }
  if (/write_package|installation not allowed to (Write|Create)/i.test(message)) {
    const repo = ctx.inputs.repo ? `${ctx.inputs.repo.owner}/${ctx.inputs.repo.name}` : undefined;
    if (pkg?.exists && (pkg.repository == null || (repo && pkg.repository.toLowerCase() !== repo.toLowerCase()))) {
      causes.push(`the package is ${pkg.repository ? `linked to ${pkg.repository}` : 'not linked to a repository'}, so a workflow's GITHUB_TOKEN${repo ? ` in ${repo}` : ''} needs a Write role in the package's Manage Actions access`);
    } else {
      causes.push("the workflow's repository needs a Write role in the package's Manage Actions access, the job needs permissions: packages: write, or the ref names another owner's namespace");
    }
    // ghs_ is both the workflow's GITHUB_TOKEN and any App's installation token; only the latter is hopeless.
    if (kind === 'app-installation') causes.push('if this is not the workflow\'s own GITHUB_TOKEN but a GitHub App installation token, it cannot write org packages at all');
    evidence.settingsUrl = settingsUrl;
    fixes.push(fix('package.manage-actions-access', localFixEnv(ctx), { settingsUrls: [settingsUrl], repo }));
  }
  if (causes.length === 0) causes.push(`these credentials may not write ${ref.owner.toLowerCase()}/${ref.name.toLowerCase()}: another owner's namespace, or no write role on the package`);
  return finding('registry.push-denied', checkId, {
    title: `Pushing to ${ref.owner.toLowerCase()}/${ref.name.toLowerCase()} is denied (${reply.status}${reply.errors[0] ? ` ${reply.errors[0].code}` : ''})`,
    detail: `Opening an upload session for ${ref.canonical} is denied: ${describeReply(reply)}. Cause: ${causes.join('; ')}.`,
    evidence,
    fixes,
  });
}
