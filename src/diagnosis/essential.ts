import { finding } from '../engine/findings.js';
import type { CheckRecord, Finding } from '../engine/types.js';
import type { DiagnosisInputs } from './inputs.js';
import { checksPush } from '../checks/intent.js';

/**
 * The checks without whose verdict the run cannot say "healthy": the token (found, and known to GitHub),
 * the registry (answers, accepts the login), the access the run is about (pull; push unless
 * `--intent pull` or `--probe none`) and, with a deploy server, the connection and the server's own pull. README:
 * "Which checks must reach a verdict".
 */
export function essentialChecks(inputs: DiagnosisInputs): string[] {
  return [
    'token.discovery',
    'token.identity',
    'registry.ping',
    'registry.login',
    'registry.pull',
    ...(checksPush(inputs.probe, inputs.intent) ? ['registry.push'] : []),
    ...(inputs.ssh ? ['ssh.connect', 'server.pull'] : []),
  ];
}

/** The runner's words for a check held back by another (named by its title, as users read it). */
const SKIPPED_BECAUSE = /^skipped: depends on (.+)$/;

/**
 * One finding per essential check that ended without a verdict: in `error` (crash, timeout, an answer
 * that cannot be judged), or skipped because a check it depends on ended so. A check skipped behind
 * another essential one is covered by that one's finding. (A check that reached "unreachable" has a
 * verdict and its finding already: it ends in `fail`, not here.)
 */
export function unjudgedEssentials(inputs: DiagnosisInputs, checks: CheckRecord[]): Finding[] {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const byName = new Map(checks.flatMap((c) => [[c.title, c.id] as const, [c.id, c.id] as const]));
  const essential = new Set(essentialChecks(inputs));
  /** The check whose error left `id` without a verdict, or undefined when `id` has one. */
  const rootOf = (id: string, seen = new Set<string>()): CheckRecord | undefined => {
    const record = byId.get(id);
    if (!record || seen.has(id)) return undefined;
    seen.add(id);
    if (record.status === 'error') return record;
    const named = record.status === 'skip' ? SKIPPED_BECAUSE.exec(record.summary)?.[1] : undefined;
    const blocker = named !== undefined ? byName.get(named) : undefined;
    return blocker ? rootOf(blocker, seen) : undefined;
  };
  const out: Finding[] = [];
  for (const id of essential) {
    const root = rootOf(id);
    if (!root) continue;
    if (root.id !== id && essential.has(root.id)) continue;
    out.push(unjudged(byId.get(id)!, root));
  }
  return out;
}

function unjudged(check: CheckRecord, root: CheckRecord): Finding {
  const id = check.id;
  const timedOut = /timed out/.test(root.summary);
  // Users read check titles; the ids stay in the evidence for scripts.
  const reason = root.id === id ? root.summary : `it depends on ${root.title}: ${root.summary}`;
  const evidence = { check: id, reason, ...(root.id !== id ? { cause: root.id } : {}) };
  if (timedOut && id.startsWith('registry.')) {
    return finding('registry.unreachable', id, {
      title: `The registry did not answer in time (${check.title})`,
      detail: `${check.title} could not reach a verdict: ${reason}. Nothing about pull or push access could be judged; check the network path to the registry, then run again, with a longer --timeout if it is only slow.`,
      evidence: { kind: 'timeout', ...evidence },
    });
  }
  if (timedOut && id === 'ssh.connect') {
    return finding('ssh.unreachable', id, {
      title: 'The deploy server did not answer in time',
      detail: `The SSH connection could not be made: ${reason}. Nothing on the server could be judged.`,
      evidence: { kind: 'timeout', ...evidence },
    });
  }
  return finding('diagnosis.incomplete', id, {
    title: `Could not judge: ${check.title}`,
    detail: `${check.title} is needed for a verdict and ended without one: ${reason}. The run is inconclusive, not healthy; fix what stopped it (the network, the endpoint, a longer --timeout) and run again.`,
    evidence,
  });
}
