import type { Check, EngineListener } from '../engine/types.js';
import type { Redactor } from '../engine/redact.js';
import type { Io } from '../io/types.js';
import type { DiagnosisContext } from './context.js';
import type { DiagnosisInputs } from './inputs.js';
import type { ReportTarget } from '../report/report.js';
import { intentOf } from '../checks/intent.js';
import { defaultPorts, type RunPorts } from './ports.js';
import { DiagnosisSession, type SessionRun } from './session.js';

export interface DiagnoseOptions {
  listener: EngineListener;
  redactor: Redactor;
  signal?: AbortSignal;
  /** The SSH connector and prompts; the real ssh2 and none by default. */
  ports?: RunPorts;
  /** Replaces the standard check list (tests). */
  checks?: Array<Check<DiagnosisContext>>;
}

export interface DiagnoseResult extends SessionRun {
  context: DiagnosisContext;
}

/** The whole diagnosis once (--ci): a DiagnosisSession runs every check, then closes what it opened. */
export async function diagnose(inputs: DiagnosisInputs, io: Io, options: DiagnoseOptions): Promise<DiagnoseResult> {
  const session = new DiagnosisSession({
    inputs,
    io,
    redactor: options.redactor,
    ports: options.ports ?? defaultPorts(),
    checks: options.checks,
    signal: options.signal,
  });
  try {
    const result = await session.runAll(options.listener);
    return { ...result, context: session.context };
  } finally {
    await session.close();
  }
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
