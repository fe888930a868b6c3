import type { CheckOutcome, Finding } from '../engine/types.js';
import { localFixEnv } from './fix-env.js';
import type { DiagnosisCheck, DiagnosisContext } from '../diagnosis/context.js';
import type { RegistryFacts } from '../diagnosis/facts.js';
import { finding } from '../engine/findings.js';
import { fix } from '../engine/fixes.js';
import { manifestReference } from '../ghcr/image-ref.js';
import { RegistryUnreachableError, describeReply, replyEvidence, type RegistryClient, type RegistryReply } from '../ghcr/registry-client.js';
import { REGISTRY_CHECK_TIMEOUT_MS, registryRateLimitFinding, registryClientFor, registryRepository, unreachableFinding } from './registry-common.js';
import { REGISTRY_LOGIN_ID } from './registry-login.js';
import { pullDenied } from './registry-denied.js';
import { PACKAGE_INFO_ID, packageSettingsUrl } from './package.js';

/**
 * Reads the manifest with the login's bearer, and again anonymously, in parallel:
 * the first says whether these credentials may pull, the second whether anyone may (public).
 */
export const registryPullCheck: DiagnosisCheck = {
  id: 'registry.pull',
  title: 'Pull access',
  // A denial names the package settings URL, which needs the owner's type (orgs/ or users/): from
  // package.info when the package is readable, else from token.org. Both run beside the login.
  dependsOn: [REGISTRY_LOGIN_ID, PACKAGE_INFO_ID],
  writes: [],
  after: ['token.org'],
  timeoutMs: REGISTRY_CHECK_TIMEOUT_MS,
  waitsOn: 'the registry',
  async run(ctx, signal): Promise<CheckOutcome> {
    const ref = ctx.inputs.image;
    const reg = ctx.facts.registry;
    if (!ref || !reg) return { status: 'skip', summary: 'no registry login to pull with' };
    const client = registryClientFor(ctx, signal);
    const repository = registryRepository(ctx);
    const reference = manifestReference(ref);
    try {
      const [authed, anonymous] = await Promise.all([
        client.checkManifest(repository, reference, ctx.facts.registryBearer),
        anonymousPull(client, ctx, reg, repository, reference),
      ]);
      const findings: Finding[] = [];
      let status: CheckOutcome['status'] = 'pass';
      let summary = `${ref.canonical} is readable with these credentials`;
      if (authed.status === 429) {
        findings.push(registryRateLimitFinding(this.id, authed.headers, authed.status, `GET /v2/${repository}/manifests/${reference}`));
        status = 'warn';
        summary = 'the registry is rate limiting';
      } else if (authed.status === 401 || authed.status === 403) {
        findings.push(pullDenied(ctx, this.id, authed));
        status = 'fail';
        summary = `reading the manifest is denied: ${describeReply(authed)}`;
      } else if (authed.status === 404) {
        findings.push(tagMissing(ctx, this.id, authed, repository, reference));
        status = 'warn';
        summary = `${reference} not found in ${repository}`;
      } else if (authed.status >= 400) {
        status = 'fail';
        summary = `the registry answered ${describeReply(authed)}`;
      }
      // When the anonymous probe cannot tell (the tag is missing), the packages API's visibility can.
      const visibility = ctx.facts.package?.visibility;
      const notPublic = anonymous === false || (anonymous === undefined && (visibility === 'private' || visibility === 'internal'));
      if (notPublic) {
        findings.push(privatePackage(ctx, this.id, anonymous === false ? 'anonymous pull refused' : `visibility ${visibility}`));
        if (ctx.inputs.expectPublic) {
          status = 'fail';
          summary = `${summary}; not pullable anonymously (--expect-public)`;
        }
      }
      return { status, summary, findings };
    } catch (error) {
      if (error instanceof RegistryUnreachableError) {
        const f = await unreachableFinding(ctx, this.id, error, signal);
        return { status: 'fail', summary: f.title, findings: [f] };
      }
      throw error;
    }
  },
};

/** true: readable without credentials; false: credentials needed; undefined: could not tell (tag missing…). */
async function anonymousPull(
  client: RegistryClient,
  ctx: DiagnosisContext,
  reg: RegistryFacts,
  repository: string,
  reference: string,
): Promise<boolean | undefined> {
  let bearer: string | undefined;
  if (reg.realm) {
    const { reply, token } = await client.fetchToken({ realm: reg.realm, service: reg.service || undefined, scopes: [`repository:${repository}:pull`] });
    if (!token) return reply.status === 401 || reply.status === 403 ? false : undefined;
    ctx.redactor.addSecret(token);
    bearer = token;
  }
  const reply = await client.checkManifest(repository, reference, bearer);
  if (reply.status === 200) return true;
  if (reply.status === 401 || reply.status === 403) return false;
  return undefined;
}

function tagMissing(ctx: DiagnosisContext, checkId: string, reply: RegistryReply, repository: string, reference: string): Finding {
  const code = reply.errors[0]?.code;
  const unknownRepo = code === 'NAME_UNKNOWN';
  return finding('registry.tag-missing', checkId, {
    title: unknownRepo ? `${repository} does not exist in the registry` : `${reference} does not exist in ${repository}`,
    detail: unknownRepo
      ? `The registry knows no repository ${repository} (${describeReply(reply)}): not an authentication problem. Push it first, or check the owner and name.`
      : `The registry has no manifest ${reference} in ${repository} (${describeReply(reply)}): not an authentication problem. ${reference === 'latest' ? '"latest" exists only if it was pushed explicitly. ' : ''}It may never have been pushed, or was pruned.`,
    evidence: { ...replyEvidence(reply), repository, reference },
    fixes: [fix('registry.list-tags', localFixEnv(ctx), { registry: ctx.inputs.image!.registry, repository })],
  });
}

function privatePackage(ctx: DiagnosisContext, checkId: string, basis: string): Finding {
  const ref = ctx.inputs.image!;
  const expect = ctx.inputs.expectPublic;
  const settings = packageSettingsUrl(ctx);
  return finding('package.private', checkId, {
    severity: expect ? 'error' : undefined,
    title: expect ? `${ref.canonical} is not public (--expect-public)` : `${ref.canonical} needs credentials to pull`,
    detail: `${basis === 'anonymous pull refused' ? `An anonymous pull of ${ref.canonical} is refused` : `The packages API gives ${ref.owner.toLowerCase()}/${ref.name.toLowerCase()} ${basis}`}: the package is private or internal (new packages start private).${expect ? ' There is no API to change visibility: Package settings → Danger zone → Change visibility.' : ' Servers that pull it need a read:packages token.'}`,
    evidence: { anonymousPull: basis === 'anonymous pull refused' ? false : null, basis, settingsUrl: settings },
    fixes: expect ? [fix('package.make-public', localFixEnv(ctx), { settingsUrls: [settings] })] : [],
  });
}
