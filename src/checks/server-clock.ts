import { serverFixEnv } from './fix-env.js';
import type { DiagnosisCheck } from '../diagnosis/context.js';
import { finding } from '../engine/findings.js';
import { fix } from '../engine/fixes.js';
import { serverFacts } from './server-facts.js';

const MAX_SKEW_SECONDS = 60;

/**
 * Server clock vs the registry's `Date` header. Both readings are taken against our own clock
 * when they arrived, so our clock's own error cancels out; `date +%s` and `Date` have 1 s resolution.
 */
export const serverClockCheck: DiagnosisCheck = {
  id: 'server.clock',
  title: 'Server clock',
  dependsOn: ['server.runtime'],
  writes: [],
  timeoutMs: 15_000,
  waitsOn: 'the registry',
  async run(ctx, signal) {
    const server = serverFacts(ctx);
    const serverNow = server?.survey?.serverNow;
    if (!server?.survey || serverNow === undefined) return { status: 'skip', summary: 'the server did not tell its time' };
    const registry = await server.registry?.registryClock(signal);
    if (!registry) return { status: 'skip', summary: "the registry's Date header could not be read" };
    const serverOffsetMs = serverNow * 1000 - server.survey.observedAt;
    const registryOffsetMs = registry.dateMs - registry.observedAt;
    const skew = Math.round((serverOffsetMs - registryOffsetMs) / 1000);
    if (Math.abs(skew) <= MAX_SKEW_SECONDS) return { status: 'pass', summary: `within ${Math.max(1, Math.abs(skew))} s of the registry` };
    const f = finding('server.clock-skew', this.id, {
      title: `The server clock is ${Math.abs(skew)} s ${skew > 0 ? 'ahead of' : 'behind'} the registry`,
      detail: `TLS certificates and short-lived registry tokens are judged by the clock; a skewed server sees "x509: certificate has expired or is not yet valid" or rejected tokens. Enable NTP.`,
      evidence: {
        skewSeconds: skew,
        serverTime: new Date(serverNow * 1000).toISOString(),
        registryDate: new Date(registry.dateMs).toISOString(),
      },
      fixes: [fix('server.enable-ntp', serverFixEnv(ctx))],
    });
    return { status: 'warn', summary: f.title, findings: [f], dependantsMayRun: true };
  },
};
