/** What every command runs with: arguments, environment, I/O, output and the Ctrl-C signal. */
import { isatty } from 'node:tty';
import type { Io } from '../io/types.js';
import { Redactor } from '../engine/redact.js';
import type { ParsedArgs } from './args.js';
import { isTruthyEnv, type StdinRead } from './config.js';

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

/**
 * The reader went away (`| head -1`): the rest of the output is dropped quietly (no stack trace), and
 * the run goes on to its verdict, so the exit code still says what was found (`set -o pipefail`); an
 * exit 0 there would claim healthy. The run is bounded by --timeout as always.
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  if (stream.listenerCount('error') > 0) return;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
    throw error;
  });
}

function writeUnlessClosed(stream: NodeJS.WriteStream, text: string): void {
  if (!stream.destroyed) stream.write(text);
}

export function createOutput(env: Record<string, string | undefined>): Output {
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
  const redactor = new Redactor();
  return {
    redactor,
    out: (t) => writeUnlessClosed(process.stdout, redactor.redact(t)),
    err: (t) => writeUnlessClosed(process.stderr, redactor.redact(t)),
    stdoutIsTty: Boolean(process.stdout.isTTY),
    // Not process.stdin.isTTY: touching process.stdin builds its stream (milliseconds) on every run,
    // and most runs never read it.
    stdinIsTty: isatty(0),
  };
}

/** gh, docker and podman conventions: --ci, CI=true, or no terminal on either side means no prompts. */
export function isHeadless(args: ParsedArgs, env: Record<string, string | undefined>, output: Output): boolean {
  return args.ci || args.json || isTruthyEnv(env.CI) || !output.stdinIsTty || !output.stdoutIsTty;
}
