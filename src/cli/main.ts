import { parseCliArgs, type ParsedArgs } from './args.js';
import { FatalError, CancelledError, UsageError } from './errors.js';
import { isTruthyEnv, resolveInputs, InvalidImageError, type StdinRead } from './config.js';
import { HELP_TEXT } from './help.js';
import { VERSION } from './version.js';
import { Redactor } from '../engine/redact.js';
import { finding } from '../engine/findings.js';
import { exitCodeFor } from '../engine/outcome.js';
import { nodeIo } from '../io/node-io.js';
import { abortAllRequests } from '../io/guarded-fetch.js';
import { MAX_TOKEN_BYTES } from '../io/node-fs.js';
import type { Io } from '../io/types.js';
import { buildReport, type Report } from '../report/report.js';
import { colorEnabled, makePaint } from '../report/status-style.js';
import { TextReporter } from '../report/text.js';
import { annotations, stepSummary } from '../report/github-actions.js';
import type { DiagnosisInputs } from '../diagnosis/inputs.js';
import type { DiagnosisContext } from '../diagnosis/context.js';
import type { Check } from '../engine/types.js';
import { appendFile } from 'node:fs/promises';

/** Where a command's output goes; every write is redacted. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  redactor: Redactor;
  stdoutIsTty: boolean;
  stdinIsTty: boolean;
}

export interface Runtime {
  argv: string[];
  env: Record<string, string | undefined>;
  cwd: string;
  io: Io;
  output: Output;
  readStdin(what?: StdinRead): Promise<string>;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
}

export function createOutput(env: Record<string, string | undefined>): Output {
  const redactor = new Redactor();
  return {
    redactor,
    out: (t) => void process.stdout.write(redactor.redact(t)),
    err: (t) => void process.stderr.write(redactor.redact(t)),
    stdoutIsTty: Boolean(process.stdout.isTTY),
    stdinIsTty: Boolean(process.stdin.isTTY),
  };
}

// A token is a few dozen characters: stop at a few KiB instead of reading gigabytes.
const TOKEN_STDIN: StdinRead = { flag: '--token-stdin', example: 'gh auth token | ghcr-doctor --token-stdin', maxBytes: MAX_TOKEN_BYTES };

async function readAllStdin(what: StdinRead = TOKEN_STDIN): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError(`${what.flag} needs its input piped on stdin`, [`e.g. ${what.example}`]);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    // Stop reading at the cap: more than that is not what the flag expects.
    if (what.maxBytes !== undefined && size > what.maxBytes) {
      process.stdin.destroy();
      throw new UsageError(`${what.flag}: stdin holds more than ${Math.round(what.maxBytes / 1024)} KiB, which is not what it expects`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** gh, docker and podman conventions: --ci, CI=true, or no terminal on either side means no prompts. */
export function isHeadless(args: ParsedArgs, env: Record<string, string | undefined>, output: Output): boolean {
  return args.ci || args.json || isTruthyEnv(env.CI) || !output.stdinIsTty || !output.stdoutIsTty;
}

export async function main(argv: string[]): Promise<number> {
  const env = process.env;
  const output = createOutput(env);
  refuseTlsOverride(env, output);
  const controller = new AbortController();
  const onSigint = () => controller.abort(new CancelledError());
  process.on('SIGINT', onSigint);
  const runtime: Runtime = {
    argv,
    env,
    cwd: process.cwd(),
    io: nodeIo(env),
    output,
    readStdin: readAllStdin,
    signal: controller.signal,
  };
  try {
    const code = await dispatch(runtime);
    if (controller.signal.aborted) throw new CancelledError();
    return code;
  } catch (error) {
    return reportFatal(error, output, controller.signal.aborted);
  } finally {
    process.off('SIGINT', onSigint);
    abortAllRequests();
  }
}

/**
 * TLS is always verified (the contract). Node reads NODE_TLS_REJECT_UNAUTHORIZED at every connection,
 * so removing it before the first one is enough; a private CA belongs in NODE_EXTRA_CA_CERTS.
 */
function refuseTlsOverride(env: NodeJS.ProcessEnv, output: Output): void {
  if (env.NODE_TLS_REJECT_UNAUTHORIZED === undefined || env.NODE_TLS_REJECT_UNAUTHORIZED === '1') return;
  delete env.NODE_TLS_REJECT_UNAUTHORIZED;
  output.err('ghcr-doctor: NODE_TLS_REJECT_UNAUTHORIZED is ignored: TLS is always verified (trust a private CA with NODE_EXTRA_CA_CERTS=/path/ca.pem)\n');
}

/** The one place errors become messages and exit codes. */
export function reportFatal(error: unknown, output: Output, cancelled: boolean): number {
  if (cancelled || error instanceof CancelledError) {
    output.err('ghcr-doctor: cancelled\n');
    return 130;
  }
  if (error instanceof FatalError) {
    output.err(`ghcr-doctor: ${error.message}\n`);
    for (const step of error.nextSteps) output.err(`  ${step}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  output.err(`ghcr-doctor: internal error: ${message}\n  this is a bug: run again with --verbose and report it\n`);
  if (process.env.GHCR_DOCTOR_DEBUG && error instanceof Error && error.stack) output.err(`${error.stack}\n`);
  return 2;
}

async function dispatch(rt: Runtime): Promise<number> {
  const args = parseCliArgs(rt.argv);
  if (args.version) {
    rt.output.out(`${VERSION}\n`);
    return 0;
  }
  if (args.help) {
    rt.output.out(HELP_TEXT);
    return 0;
  }
  switch (args.command) {
    case 'explain': {
      const { runExplain } = await import('../explain/command.js');
      return runExplain(args, rt);
    }
    case 'lint': {
      const { runLint } = await import('../lint/command.js');
      return runLint(args, rt);
    }
    case 'demo': {
      const { runDemo } = await import('../demo/command.js');
      return runDemo(args, rt);
    }
    case 'learn':
    case 'diagnose': {
      if (args.command === 'diagnose' && isHeadless(args, rt.env, rt.output)) return runCiDiagnosis(args, rt);
      if (isHeadless(args, rt.env, rt.output)) {
        throw new UsageError('learn is interactive and needs a terminal', ['run it in a terminal, or use --ci for a report']);
      }
      if (args.demo) {
        // `learn --demo`: the walkthrough against the demo sandbox.
        const { runDemo } = await import('../demo/command.js');
        return runDemo(args, rt);
      }
      const { runInteractive } = await import('../tui/command.js');
      return runInteractive(args, rt);
    }
  }
}

export async function runCiDiagnosis(args: ParsedArgs, rt: Runtime, overrides: { io?: Io; demo?: boolean; inputs?: DiagnosisInputs; checks?: Array<Check<DiagnosisContext>> } = {}): Promise<number> {
  const { output } = rt;
  let inputs: DiagnosisInputs;
  try {
    inputs =
      overrides.inputs ??
      (await resolveInputs(args, { env: rt.env, cwd: rt.cwd, interactive: false, readStdin: rt.readStdin, requireImage: true }));
  } catch (error) {
    if (error instanceof InvalidImageError && args.json) {
      const f = finding('image.invalid', 'image.reference', {
        detail: `${error.reason}${error.suggestion ? ` (did you mean ${error.suggestion}?)` : ''}`,
        evidence: { reference: error.raw, ...(error.suggestion ? { suggestion: error.suggestion } : {}) },
      });
      const report = buildReport({ version: VERSION, startedAt: Date.now(), durationMs: 0, target: {}, checks: [], findings: [f], exitCode: 2, demo: overrides.demo });
      output.out(JSON.stringify(output.redactor.redactValue(report), null, 2) + '\n');
    }
    throw error;
  }
  const io = overrides.io ?? rt.io;
  const paint = makePaint(colorEnabled(rt.env, output.stdoutIsTty, args.noColor));
  const text = args.json ? undefined : new TextReporter(output.out, paint, args.verbose, inputs.servers?.length ?? (inputs.ssh ? 1 : 0));
  // Loaded here, not at the top: the checks pull in ssh2 and Octokit, which --version and --help never need.
  const { diagnose, reportTarget } = await import('../diagnosis/diagnose.js');
  const result = await diagnose(inputs, io, {
    redactor: output.redactor,
    signal: rt.signal,
    listener: (e) => text?.onEvent(e),
    checks: overrides.checks,
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
        await appendFile(summaryFile, output.redactor.redact(stepSummary(safe)));
      } catch (error) {
        output.err(`ghcr-doctor: could not append to GITHUB_STEP_SUMMARY: ${(error as Error).message}\n`);
      }
    }
  }
}
