import path from 'node:path';
import type { EngineListener } from '../engine/types.js';
import type { Io } from '../io/types.js';
import { describeTarget, resolveSshTarget, sshConfigFor } from '../ssh/target.js';
import type { DiagnosisContext, ServerRun } from './context.js';
import type { DiagnosisInputs, SshTargetInput } from './inputs.js';

export const DEFAULT_PARALLEL = 8;

/** Every deploy server of the run, in the order given (`--ssh` repeated, `--hosts`, or SERVER_HOST). */
export function deployServers(inputs: DiagnosisInputs): SshTargetInput[] {
  if (inputs.servers?.length) return inputs.servers;
  return inputs.ssh ? [inputs.ssh] : [];
}

/** The checks that run once per deploy server (their ids stay the same; `server` tells them apart). */
export function isServerCheckId(id: string): boolean {
  return id.startsWith('ssh.') || id.startsWith('server.');
}

/**
 * `USER@HOST:PORT` of each server, with ~/.ssh/config's User and Port applied as ssh.connect applies them,
 * known before anything connects: the TUI and the report name a server the same way from its first line.
 */
export async function serverLabels(servers: SshTargetInput[], io: Io): Promise<string[]> {
  if (servers.length === 0) return [];
  let sshConfig: string | undefined;
  try {
    sshConfig = (await io.fs.readFile(path.join(io.homedir, '.ssh', 'config'))).toString('utf8');
  } catch {
    sshConfig = undefined;
  }
  const localUser = io.env.USER ?? io.env.LOGNAME ?? 'root';
  const labels: string[] = [];
  for (const s of servers) labels.push(describeTarget(resolveSshTarget(s, sshConfig ? await sshConfigFor(sshConfig, s.host) : {}, io.homedir, localUser)));
  return labels;
}

/**
 * One server's view of the run: its own inputs.ssh and its own facts, empty at the start. Its checks run in a
 * DAG of their own beside the rest, so they read only what they write (connection, survey): a fact of the
 * other checks (token, identity) would be there or not depending on which finished first (docs/architecture.md,
 * Facts; test/unit/checks/facts.test.ts).
 */
export function serverContext(shared: DiagnosisContext, server: SshTargetInput, label: string): ServerRun {
  return { label, context: { ...shared, inputs: { ...shared.inputs, ssh: server, servers: [server] }, facts: {}, serverLabel: label } };
}

/** Runs `fn` over `items` with at most `limit` at once; results in the order of `items`. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** Adds `server` to everything one server's run reports, and leaves `run:done` to the caller. */
export function stampedWith(listener: EngineListener, server: string): EngineListener {
  return (e) => {
    if (e.type === 'run:done') return;
    if (e.type === 'check:start') return listener({ ...e, server });
    // The runner keeps these same objects for its result: stamping them here marks both.
    if (e.type === 'finding') e.finding.server = server;
    else e.check.server = server;
    listener(e);
  };
}
