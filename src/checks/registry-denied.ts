/**
 * What a registry denial means, for a pull (registry.pull) and for a push (registry.push and its
 * probe): the registry's words plus what other checks learned name the root cause.
 */
import type { Finding } from '../engine/types.js';
import type { DiagnosisContext } from '../diagnosis/context.js';
import { finding } from '../engine/findings.js';
import { fix } from '../engine/fixes.js';
import { describeReply, replyEvidence, type RegistryReply } from '../ghcr/registry-client.js';
import { localFixEnv } from './fix-env.js';
import { packageSettingsUrl } from './package.js';

export function pullDenied(ctx: DiagnosisContext, checkId: string, reply: RegistryReply): Finding {
  const ref = ctx.inputs.image!;
  const scopes = ctx.facts.identity?.scopes;
  const causes: string[] = [];
  if (scopes && !scopes.includes('read:packages') && !scopes.includes('write:packages')) causes.push('the token lacks read:packages');
  const message = reply.errors[0]?.message ?? '';
  const evidence: Record<string, unknown> = replyEvidence(reply);
  const fixes = [];
  if (/installation not allowed to Read/i.test(message)) {
    causes.push("the workflow's repository has no Read role in the package's Manage Actions access");
    // The registry named the cause itself: the place to grant it is the first thing to do (a root cause without a fix showed nothing to do).
    const settingsUrl = packageSettingsUrl(ctx);
    evidence.settingsUrl = settingsUrl;
    fixes.push(fix('package.grant-read', localFixEnv(ctx), { settingsUrls: [settingsUrl] }));
  }
  if (causes.length === 0) causes.push('the token has read:packages but no access to this package (another owner, or a private package it was never granted)');
  return finding('registry.pull-denied', checkId, {
    title: `Reading ${ref.canonical} is denied (${reply.status}${reply.errors[0] ? ` ${reply.errors[0].code}` : ''})`,
    detail: `With valid credentials, reading ${ref.canonical} is denied: ${describeReply(reply)}. Likely: ${causes.join('; ')}.`,
    evidence,
    fixes,
  });
}

/**
 * The registry's words plus what other checks learned name the root cause:
 * scopes, org package creation, Manage Actions access / linking, namespace.
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
      causes.push(
        `the package is ${pkg.repository ? `linked to ${pkg.repository}` : 'not linked to a repository'}, so a workflow's GITHUB_TOKEN${repo ? ` in ${repo}` : ''} needs a Write role in the package's Manage Actions access`,
      );
    } else {
      causes.push(
        "the workflow's repository needs a Write role in the package's Manage Actions access, the job needs permissions: packages: write, or the ref names another owner's namespace",
      );
    }
    // ghs_ is both the workflow's GITHUB_TOKEN and any App's installation token; only the latter is hopeless.
    if (kind === 'app-installation')
      causes.push("if this is not the workflow's own GITHUB_TOKEN but a GitHub App installation token, it cannot write org packages at all");
    evidence.settingsUrl = settingsUrl;
    fixes.push(fix('package.manage-actions-access', localFixEnv(ctx), { settingsUrls: [settingsUrl], repo }));
  }
  if (causes.length === 0)
    causes.push(
      `these credentials may not write ${ref.owner.toLowerCase()}/${ref.name.toLowerCase()}: another owner's namespace, or no write role on the package`,
    );
  return finding('registry.push-denied', checkId, {
    title: `Pushing to ${ref.owner.toLowerCase()}/${ref.name.toLowerCase()} is denied (${reply.status}${reply.errors[0] ? ` ${reply.errors[0].code}` : ''})`,
    detail: `Opening an upload session for ${ref.canonical} is denied: ${describeReply(reply)}. Cause: ${causes.join('; ')}.`,
    evidence,
    fixes,
  });
}
