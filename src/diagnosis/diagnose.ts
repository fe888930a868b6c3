import { runChecks, type RunResult } from '../engine/runner.js';
import type { Check, EngineListener } from '../engine/types.js';
import type { Redactor } from '../engine/redact.js';
import type { Io } from '../io/types.js';
import type { DiagnosisContext } from './context.js';
import type { DiagnosisInputs } from './inputs.js';
import { buildChecks } from '../checks/index.js';
import { unjudgedEssentials } from './essential.js';
import type { ReportTarget } from '../report/report.js';
import { intentOf } from '../checks/intent.js';

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
  const checks = (options.checks ?? buildChecks(inputs)).map((c) => ({ ...c, timeoutMs: Math.min(c.timeoutMs, inputs.timeoutMs) }));
  const startedAt = io.clock.now();
  const result = await runChecks(checks, context, options.listener, {
    signal,
    now: () => io.clock.now(),
    describeError: (e) => options.redactor.redact(e instanceof Error ? e.message.split('\n')[0]! : String(e)),
    conclude: (records) => unjudgedEssentials(inputs, records),
  });
  return { ...result, context, startedAt };
}

export function reportTarget(ctx: DiagnosisContext): ReportTarget {
  const { inputs, facts } = ctx;
  const img = inputs.image;
  const ssh = inputs.ssh;
  return {
    registry: img?.registry,
    image: img?.canonical,
    owner: img?.owner,
    package: img?.name,
    tag: img?.tag ?? img?.digest,
    user: inputs.user ?? facts.identity?.login ?? facts.token?.storedUser,
    intent: intentOf(inputs.intent),
    repo: inputs.repo ? `${inputs.repo.owner}/${inputs.repo.name}` : undefined,
    server: ssh ? `${(facts.sshUser as string | undefined) ?? ssh.user ?? 'root'}@${ssh.host}:${(facts.sshPort as number | undefined) ?? ssh.port ?? 22}` : undefined,
  };
}
