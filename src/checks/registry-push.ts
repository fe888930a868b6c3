import type { CheckOutcome } from '../engine/types.js';
import type { DiagnosisCheck } from '../diagnosis/context.js';
import { CredentialRefusedError, RegistryUnreachableError, describeReply } from '../ghcr/registry-client.js';
import { REGISTRY_CHECK_TIMEOUT_MS, registryRateLimitFinding, registryClientFor, registryRepository, unreachableFinding } from './registry-common.js';
import { REGISTRY_LOGIN_ID } from './registry-login.js';
import { PACKAGE_INFO_ID } from './package.js';
import { runPushProbe } from './registry-push-probe.js';
import { pushDenied } from './registry-denied.js';
import { pushSkipReason } from './intent.js';

/**
 * Push rights. `--probe session` opens a blob upload session with the pull,push bearer:
 * 202 proves push rights and creates nothing. `--probe push` pushes a tiny artifact (registry-push-probe.ts).
 * Waits for package.info so a denial can be joined with the package's link and existence.
 */
export const registryPushCheck: DiagnosisCheck = {
  id: 'registry.push',
  title: 'Push access',
  dependsOn: [REGISTRY_LOGIN_ID, PACKAGE_INFO_ID],
  writes: [],
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
      const bearer = ctx.facts.registryBearer;
      const reply = await client.openUploadSession(repository, bearer);
      if (reply.status === 202) {
        const location = reply.headers.get('location');
        // GHCR answers 405 to DELETE and expires the session itself; other registries free it now.
        // A Location on another origin or on http:// gets no bearer token (CredentialRefusedError): that
        // ends this check without a verdict rather than passing over a hostile answer.
        if (location) {
          await client
            .request('DELETE', new URL(location, client.baseUrl).toString(), { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} })
            .catch((error: unknown) => {
              if (error instanceof CredentialRefusedError) throw error;
            });
        }
        if (ctx.inputs.probe === 'push') return await runPushProbe(ctx, this.id, client, repository, signal);
        return { status: 'pass', summary: `an upload session to ${repository} opened (push allowed; nothing created)` };
      }
      if (reply.status === 429) {
        const f = registryRateLimitFinding(this.id, reply.headers, reply.status, `POST /v2/${repository}/blobs/uploads/`);
        return { status: 'warn', summary: 'the registry is rate limiting', findings: [f] };
      }
      if (reply.status === 401 || reply.status === 403) {
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
export const registryPushNotNeededCheck: DiagnosisCheck = {
  ...registryPushCheck,
  dependsOn: [],
  after: [],
  async run(ctx) {
    return { status: 'skip', summary: pushSkipReason(ctx.inputs.probe, 'pull')! };
  },
};
