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

/** The reader went away (`| head -1`): stop quietly, as cat and grep do, instead of a stack trace. */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  if (stream.listenerCount('error') > 0) return;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

export function createOutput(env: Record<string, string | undefined>): Output {
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
  const redactor = new Redactor();
  return {
    redactor,
    out: (t) => void process.stdout.write(redactor.redact(t)),
    err: (t) => void process.stderr.write(redactor.redact(t)),
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
