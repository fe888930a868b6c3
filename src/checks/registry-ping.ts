import type { CheckOutcome } from '../engine/types.js';
import type { DiagnosisCheck } from '../diagnosis/context.js';
import { RegistryUnreachableError } from '../ghcr/registry-client.js';
import { REGISTRY_CHECK_TIMEOUT_MS, notARegistryFinding, registryRateLimitFinding, registryClientFor, unreachableFinding } from './registry-common.js';

export const REGISTRY_PING_ID = 'registry.ping';

/**
 * `GET /v2/`: is the registry reachable, and what does it challenge with (realm,
 * service)? Needs no token, so it runs alongside the token checks instead of after them. Records the
 * registry's `Date` for clock checks. Network failures are classified here, once.
 */
export const registryPingCheck: DiagnosisCheck = {
  id: REGISTRY_PING_ID,
  title: 'Registry endpoint',
  dependsOn: ['image.reference'],
  writes: ['registry'],
  timeoutMs: REGISTRY_CHECK_TIMEOUT_MS,
  waitsOn: 'the registry',
  async run(ctx, signal): Promise<CheckOutcome> {
    const ref = ctx.inputs.image;
    if (!ref) return { status: 'skip', summary: 'no image given' };
    const client = registryClientFor(ctx, signal);
    try {
      const ping = await client.ping();
      if (ping.status === 200) {
        ctx.facts.registry = { realm: '', service: '' };
        return { status: 'pass', summary: `${ref.registry} answers without asking for a login` };
      }
      if (ping.status === 429) {
        const f = registryRateLimitFinding(this.id, ping.headers, ping.status, `GET /v2/ on ${ref.registry}`);
        return { status: 'fail', summary: `${ref.registry} is rate limiting`, findings: [f] };
      }
      if (ping.status !== 401 || !ping.challenge) {
        const f = notARegistryFinding(ctx, this.id, ping, `${client.baseUrl}/v2/`);
        return { status: 'fail', summary: f.title, findings: [f] };
      }
      const { realm, service } = ping.challenge;
      ctx.facts.registry = { realm, service: service ?? '' };
      return { status: 'pass', summary: `${ref.registry} answers; token service ${new URL(realm).host}` };
    } catch (error) {
      if (error instanceof RegistryUnreachableError) {
        const f = await unreachableFinding(ctx, this.id, error, signal);
        return { status: 'fail', summary: f.title, findings: [f] };
      }
      throw error;
    }
  },
};
