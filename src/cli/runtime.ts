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
function quietOnClosedPipe(stream: NodeJS.WriteStream, name: 'stdout' | 'stderr'): void {
  if (stream.listenerCount('error') > 0) return;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    // Nothing can be said about stderr failing, and the report on stdout is what counts.
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED' || name === 'stderr') return;
    // Any other failure (a full disk: `> /dev/full`, ENOSPC; EIO) means the report never arrived: one line
    // on stderr instead of a stack trace, and exit 2 (the tool could not run), never the verdict's code.
    if (writeFailure !== undefined) return;
    writeFailure = `cannot write to stdout: ${error.code ?? error.message}`;
    // The error may arrive after main() returned its code (the last write is the report): it wins then too.
    process.exitCode = 2;
    if (!process.stderr.destroyed) process.stderr.write(`ghcr-doctor: ${writeFailure}\n`);
  });
}

let writeFailure: string | undefined;

/** Why stdout could not be written (other than a reader that went away), if it could not. */
export function outputWriteFailure(): string | undefined {
  return writeFailure;
}

function writeUnlessClosed(stream: NodeJS.WriteStream, text: string): void {
  if (!stream.destroyed) stream.write(text);
}

export function createOutput(env: Record<string, string | undefined>): Output {
  quietOnClosedPipe(process.stdout, 'stdout');
  quietOnClosedPipe(process.stderr, 'stderr');
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
