import { parseCliArgs } from './args.js';
import { FatalError, CancelledError, UsageError } from './errors.js';
import type { StdinRead } from './config.js';
import { helpFor } from './help.js';
import { createOutput, isHeadless, outputWriteFailure, type Output, type Runtime } from './runtime.js';
import { runCiDiagnosis } from './ci-diagnosis.js';
import { VERSION } from '../engine/version.js';
import { nodeIo } from '../io/node-io.js';
import { abortAllRequests } from '../io/guarded-fetch.js';
import { MAX_TOKEN_BYTES } from '../io/node-fs.js';
import { errorLine } from '../engine/text.js';
import { sanitizeLines } from '../engine/sanitize.js';
import { stdinIsDirectory } from './stdin-kind.js';

// A token is a few dozen characters: stop at a few KiB instead of reading gigabytes.
const TOKEN_STDIN: StdinRead = { flag: '--token-stdin', example: 'gh auth token | ghcr-doctor --token-stdin', maxBytes: MAX_TOKEN_BYTES };

async function readAllStdin(what: StdinRead = TOKEN_STDIN): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError(`${what.flag} needs its input piped on stdin`, [`e.g. ${what.example}`]);
  // `< some-dir` reads as empty in Node: say what it is instead of "stdin was empty".
  if (stdinIsDirectory()) throw new UsageError(`${what.flag}: stdin is a directory, not a file or a pipe`);
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
    cwd: currentDirectory() ?? '/',
    io: nodeIo(env),
    output,
    readStdin: readAllStdin,
    signal: controller.signal,
  };
  try {
    const code = await dispatch(runtime);
    if (controller.signal.aborted) throw new CancelledError();
    // The report could not be written (said on stderr already): not the verdict, which nobody saw.
    if (outputWriteFailure() !== undefined) return 2;
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

/** The working directory, or undefined when it was deleted under us (process.cwd() throws ENOENT then). */
function currentDirectory(): string | undefined {
  try {
    return process.cwd();
  } catch {
    return undefined;
  }
}

/** The one place errors become messages and exit codes. */
export function reportFatal(error: unknown, output: Output, cancelled: boolean): number {
  if (cancelled || error instanceof CancelledError) {
    output.err('ghcr-doctor: cancelled\n');
    return 130;
  }
  if (error instanceof FatalError) {
    // Messages quote what the user typed or a file held: no escape sequence reaches the terminal.
    output.err(`ghcr-doctor: ${sanitizeLines(error.message)}\n`);
    for (const step of error.nextSteps) output.err(`  ${sanitizeLines(step)}\n`);
    return error.exitCode;
  }
  const message = errorLine(error);
  output.err(`ghcr-doctor: internal error: ${message}\n  this is a bug: run again with --verbose and report it\n`);
  if (process.env.GHCR_DOCTOR_DEBUG && error instanceof Error && error.stack) output.err(`${error.stack}\n`);
  return 2;
}

const LEARN_WITHOUT_TERMINAL = 'learn walks through the diagnosis in a terminal; without one (or with CI=true) this is the --ci report';

async function dispatch(rt: Runtime): Promise<number> {
  const args = parseCliArgs(rt.argv);
  if (args.version) {
    rt.output.out(`${VERSION}\n`);
    return 0;
  }
  if (args.help) {
    rt.output.out(await helpFor(args.command));
    return 0;
  }
  // A diagnosis and lint read the current directory (origin remote, .github/workflows); explain and demo do not.
  if ((args.command === 'diagnose' || args.command === 'learn' || args.command === 'lint') && currentDirectory() === undefined) {
    throw new UsageError('the current directory no longer exists (deleted or moved away)', ['cd to an existing directory and run again']);
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
      if (isHeadless(args, rt.env, rt.output)) {
        // The contract's fallback for the diagnosis holds for learn too ("the same diagnosis"): no terminal,
        // CI=true, --ci or --json give the report and its exit code, not a refusal. A note says why when
        // the walkthrough was asked for and the environment, not a flag, turned it off.
        if (args.demo) {
          const { runDemo } = await import('../demo/command.js');
          return runDemo(args, rt);
        }
        const walkthroughOff = args.command === 'learn' && !args.ci && !args.json;
        return runCiDiagnosis(args, rt, walkthroughOff ? { notice: LEARN_WITHOUT_TERMINAL } : {});
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
