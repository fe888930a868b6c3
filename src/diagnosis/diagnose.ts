import { setMaxListeners } from 'node:events';
import { runChecks, type RunResult } from '../engine/runner.js';
import type { Check, CheckRecord, EngineListener } from '../engine/types.js';
import type { Redactor } from '../engine/redact.js';
import type { Io } from '../io/types.js';
import type { DiagnosisContext } from './context.js';
import type { DiagnosisInputs } from './inputs.js';
import { buildChecks } from '../checks/index.js';
import { unjudgedEssentials } from './essential.js';
import type { ReportTarget } from '../report/report.js';
import { intentOf } from '../checks/intent.js';
import { DEFAULT_PARALLEL, deployServers, isServerCheckId, runPerServer, serverContext, serverLabels } from './servers.js';
import { errorLine } from '../engine/text.js';

export interface DiagnoseOptions {
  listener: EngineListener;
  redactor: Redactor;
  signal?: AbortSignal;
  /** Replaces the standard check list (tests, the demo). */
  checks?: Array<Check<DiagnosisContext>>;
}

export interface DiagnoseResult extends RunResult {
  context: DiagnosisContext;
  startedAt: number;
}

/** Runs the whole diagnosis: the checks that apply to these inputs, bounded by the overall timeout. */
export async function diagnose(inputs: DiagnosisInputs, io: Io, options: DiagnoseOptions): Promise<DiagnoseResult> {
  const context: DiagnosisContext = { inputs, io, facts: {}, redactor: options.redactor };
  if (inputs.stdinToken) options.redactor.addSecret(inputs.stdinToken);
  const deadline = AbortSignal.timeout(inputs.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  // Every running check listens on it (and stops listening when done): with several servers that is more
  // than Node's default warning threshold of 10, without any leak.
  setMaxListeners(0, signal);
  const checks = (options.checks ?? buildChecks(inputs)).map((c) => ({ ...c, timeoutMs: Math.min(c.timeoutMs, inputs.timeoutMs) }));
  const startedAt = io.clock.now();
  const runOptions = {
    signal,
    now: () => io.clock.now(),
    describeError: (e: unknown) => options.redactor.redact(errorLine(e)),
    // Per server too: each server's run judges its own ssh.connect / server.pull.
    conclude: (records: CheckRecord[]) => unjudgedEssentials(inputs, records),
  };
  const servers = deployServers(inputs);
  if (servers.length === 0) {
    const result = await runChecks(checks, context, options.listener, runOptions);
    return { ...result, context, startedAt };
  }
  // With deploy servers, their checks run once per server beside the rest; one run:done closes it all.
  const labels = await serverLabels(servers, io);
  context.servers = servers.map((s, i) => serverContext(context, s, labels[i]!));
  const quiet: typeof options.listener = (e) => {
    if (e.type !== 'run:done') options.listener(e);
  };
  const [main, perServer] = await Promise.all([
    runChecks(
      checks.filter((c) => !isServerCheckId(c.id)),
      context,
      quiet,
      runOptions,
    ),
    runPerServer(
      checks.filter((c) => isServerCheckId(c.id)),
      context.servers,
      inputs.parallel ?? DEFAULT_PARALLEL,
      quiet,
      runOptions,
    ),
  ]);
  const result = {
    checks: [...main.checks, ...perServer.flatMap((r) => r.checks)],
    findings: [...main.findings, ...perServer.flatMap((r) => r.findings)],
    durationMs: io.clock.now() - startedAt,
  };
  options.listener({ type: 'run:done', ...result });
  return { ...result, context, startedAt };
}

export function reportTarget(ctx: DiagnosisContext): ReportTarget {
  const { inputs, facts } = ctx;
  const img = inputs.image;
  const servers = ctx.servers?.map((s) => s.label) ?? [];
  return {
    registry: img?.registry,
    image: img?.canonical,
    owner: img?.owner,
    package: img?.name,
    tag: img?.tag ?? img?.digest,
    user: inputs.user ?? facts.identity?.login ?? facts.token?.storedUser,
    intent: intentOf(inputs.intent),
    repo: inputs.repo ? `${inputs.repo.owner}/${inputs.repo.name}` : undefined,
    server: servers[0],
    servers: servers.length ? servers : undefined,
  };
}
