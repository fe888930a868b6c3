/** Engine events of a run with several deploy servers, stamped with `server` as the diagnosis stamps them. */
import type { CheckStatus, EngineEvent, Finding } from '../../src/engine/types.js';
import { finding } from '../../src/engine/findings.js';
import type { FindingId } from '../../src/engine/catalog.js';
import { CHECKS } from './fixtures.js';

export const SERVER_CHECKS = [
  { id: 'ssh.connect', title: 'SSH to the deploy server', dependsOn: [] },
  { id: 'server.runtime', title: 'Container runtime on the server', dependsOn: ['ssh.connect'] },
  { id: 'server.credentials', title: 'Registry credentials stored on the server', dependsOn: ['server.runtime'] },
  { id: 'server.pull', title: 'Pull on the server', dependsOn: ['server.runtime'] },
];

export const ALL_CHECKS = [...CHECKS, ...SERVER_CHECKS];

export const label = (n: number) => `ghcrd-many${n}@10.0.0.${n}:22`;

export function sStart(id: string, server: string, at = 0): EngineEvent {
  const c = SERVER_CHECKS.find((x) => x.id === id)!;
  return { type: 'check:start', id, title: c.title, at, server };
}

export function sDone(id: string, server: string, status: CheckStatus, summary: string): EngineEvent {
  const c = SERVER_CHECKS.find((x) => x.id === id)!;
  const check = { id, title: c.title, status, summary, durationMs: 10, dependsOn: c.dependsOn, server };
  return status === 'skip' ? { type: 'check:skipped', check } : { type: 'check:done', check };
}

export function sFound(id: FindingId, check: string, server: string, extra: Partial<Finding> = {}): EngineEvent {
  return { type: 'finding', finding: { ...finding(id, check, { detail: 'detail', ...extra }), server } };
}

/** One server's whole run: healthy, or with the findings given (emitted before their check's end, as the runner does). */
export function serverRun(server: string, opts: { credentials?: FindingId; pull?: CheckStatus; unreachable?: boolean } = {}): EngineEvent[] {
  if (opts.unreachable) {
    return [
      sStart('ssh.connect', server),
      sFound('ssh.unreachable', 'ssh.connect', server),
      sDone('ssh.connect', server, 'fail', 'Cannot reach'),
      sDone('server.runtime', server, 'skip', 'skipped'),
      sDone('server.credentials', server, 'skip', 'skipped'),
      sDone('server.pull', server, 'skip', 'skipped'),
    ];
  }
  const events: EngineEvent[] = [
    sStart('ssh.connect', server),
    sDone('ssh.connect', server, 'pass', 'host key ok'),
    sStart('server.runtime', server),
    sDone('server.runtime', server, 'pass', 'deploy (uid 1000): podman 4.9.3'),
    sStart('server.credentials', server),
    sDone('server.credentials', server, 'pass', 'ok'),
    sStart('server.pull', server),
  ];
  if (opts.credentials) events.push(sFound(opts.credentials, 'server.pull', server));
  events.push(sDone('server.pull', server, opts.pull ?? (opts.credentials ? 'fail' : 'pass'), opts.credentials ? 'no credential' : 'podman pull ok'));
  return events;
}
