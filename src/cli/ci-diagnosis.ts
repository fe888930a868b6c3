/** The non-interactive diagnosis (`--ci`, no terminal, CI=true): a report on stdout and an exit code. */
import type { ParsedArgs } from './args.js';
import { CancelledError } from './errors.js';
import { isTruthyEnv, resolveInputs, InvalidImageError } from './config.js';
import type { Runtime } from './runtime.js';
import { VERSION } from '../engine/version.js';
import { finding } from '../engine/findings.js';
import type { CheckRecord } from '../engine/types.js';
import { exitCodeFor } from '../engine/outcome.js';
import type { Io } from '../io/types.js';
import { appendToRegularFile } from '../io/append-regular-file.js';
import { sanitizeText } from '../engine/sanitize.js';
import { buildReport, type Report } from '../report/report.js';
import { colorEnabled, makePaint } from '../report/status-style.js';
import { TextReporter } from '../report/text.js';
import { annotations, stepSummary } from '../report/github-actions.js';
import type { DiagnosisInputs } from '../diagnosis/inputs.js';
import type { RunPorts } from '../diagnosis/ports.js';

export type DiagnosisModule = Pick<typeof import('../diagnosis/diagnose.js'), 'diagnose' | 'reportTarget'>;

export async function runCiDiagnosis(
  args: ParsedArgs,
  rt: Runtime,
  overrides: {
    io?: Io;
    demo?: boolean;
    inputs?: DiagnosisInputs;
    ports?: RunPorts;
    notice?: string;
    /** The diagnosis module, from a caller that has it loaded already (the demo): no import() to wait on. */
    diagnosis?: DiagnosisModule;
  } = {},
): Promise<number> {
  const { output } = rt;
  let inputs: DiagnosisInputs;
  try {
    inputs = overrides.inputs ?? (await resolveInputs(args, { env: rt.env, cwd: rt.cwd, interactive: false, readStdin: rt.readStdin, requireImage: true }));
  } catch (error) {
    if (error instanceof InvalidImageError && args.json) {
      const detail = `${error.reason}${error.suggestion ? ` (did you mean ${error.suggestion}?)` : ''}`;
      const f = finding('image.invalid', 'image.reference', {
        detail,
        evidence: { reference: error.raw, ...(error.suggestion ? { suggestion: error.suggestion } : {}) },
      });
      // The finding's check is in `checks` as in every report, so a reader can join the two; nothing else ran.
      const check: CheckRecord = { id: 'image.reference', title: 'Image reference', status: 'fail', durationMs: 0, summary: detail, dependsOn: [] };
      const report = buildReport({
        version: VERSION,
        startedAt: Date.now(),
        durationMs: 0,
        target: { image: error.raw },
        checks: [check],
        findings: [f],
        exitCode: 2,
        demo: overrides.demo,
      });
      output.out(JSON.stringify(output.redactor.redactValue(report), null, 2) + '\n');
    }
    throw error;
  }
  // After the inputs: bad input stays one line.
  if (overrides.notice) output.err(`ghcr-doctor: ${overrides.notice}\n`);
  const io = overrides.io ?? rt.io;
  const paint = makePaint(colorEnabled(rt.env, output.stdoutIsTty, args.noColor));
  const text = args.json ? undefined : new TextReporter(output.out, paint, args.verbose, inputs.servers?.length ?? (inputs.ssh ? 1 : 0));
  // Loaded here, not at the top: the checks pull in ssh2 and Octokit, which --version and --help never need.
  const { diagnose, reportTarget } = overrides.diagnosis ?? (await import('../diagnosis/diagnose.js'));
  const result = await diagnose(inputs, io, {
    redactor: output.redactor,
    signal: rt.signal,
    listener: (e) => text?.onEvent(e),
    ports: overrides.ports,
  });
  if (rt.signal.aborted) throw new CancelledError();
  const exitCode = exitCodeFor(result.findings, { strict: inputs.strict });
  const report = buildReport({
    version: VERSION,
    startedAt: result.startedAt,
    durationMs: result.durationMs,
    target: reportTarget(result.context),
    checks: result.checks,
    findings: result.findings,
    exitCode,
    demo: overrides.demo,
  });
  await emitReport(report, args, rt, text);
  return exitCode;
}

export async function emitReport(report: Report, args: ParsedArgs, rt: Runtime, text?: TextReporter): Promise<void> {
  const { output, env } = rt;
  const safe = output.redactor.redactValue(report);
  if (args.json) output.out(JSON.stringify(safe, null, 2) + '\n');
  else text?.finish(safe);
  if (isTruthyEnv(env.GITHUB_ACTIONS)) {
    if (!args.json) output.out(annotations(safe.findings));
    const summaryFile = env.GITHUB_STEP_SUMMARY;
    if (summaryFile) {
      try {
        await appendToRegularFile(summaryFile, output.redactor.redact(stepSummary(safe)));
      } catch (error) {
        // The path comes from the environment: shown escaped.
        output.err(`ghcr-doctor: could not append to GITHUB_STEP_SUMMARY (${sanitizeText(summaryFile)}): ${(error as Error).message}\n`);
      }
    }
  }
}
