import { sanitizeLines, sanitizeText } from '../engine/sanitize.js';
import type { SshSession } from '../ssh/connector.js';
import { pullCommand, splitPullOutput } from '../ssh/pull-script.js';
import type { ServerRuntime } from './server-facts.js';

export interface PullRun {
  ok: boolean;
  exitCode: number | null;
  output: string;
  /** What was done to leave the server as it was. */
  cleanup: string;
}

/** The pull as the deploy user, through PULL_SCRIPT: nothing lasting is left on the server, even on a timeout. */
export async function pullRestoring(session: SshSession, runtime: ServerRuntime, ref: string, signal?: AbortSignal): Promise<PullRun> {
  // stdin stays open while the script runs: its end (our close, or the connection's) stops the pull.
  const pull = await session.exec(pullCommand(runtime, ref), { signal, holdStdin: true });
  const { output: stdout, cleanup } = splitPullOutput(pull.stdout.toString('utf8'));
  // The runtime's words enter here: shown, so sanitised once (lines kept for classifying).
  const output = sanitizeLines(`${stdout}\n${pull.stderr.toString('utf8')}`);
  return {
    ok: pull.code === 0,
    exitCode: pull.code,
    output,
    cleanup: cleanup === undefined ? 'unknown (the server did not say)' : sanitizeText(cleanup),
  };
}
