/**
 * Reads a pasted error message or log excerpt, line by line, while Ink is unmounted (stdin has one
 * owner). An inquirer `input` prompt ends at the first newline and drops the rest of a multi-line
 * paste, and `editor` needs $EDITOR; node's readline delivers every line of a paste, so this uses it.
 *
 * The input ends on an empty line that ends what arrived (Enter on its own), or on Ctrl-D. A blank
 * line inside a paste is followed at once by the paste's next line, so it does not end the input.
 * Ctrl-C (or the run's abort signal) rejects with CancelledError, as the other prompts do (exit 130).
 */
import { createInterface } from 'node:readline';
import { CancelledError, NoTtyError } from '../cli/errors.js';

export interface PasteStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Raw-mode line editing and Ctrl-C as a key (a real terminal); false for pipes and tests. */
  terminal: boolean;
}

// Control characters other than tab and ESC (colour codes are normalised by the matcher) say nothing.
const CONTROL = /[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f]/g;

export async function readPastedLines(message: string, streams: PasteStreams, signal: AbortSignal): Promise<string[]> {
  if (signal.aborted) throw new CancelledError();
  // Ink unrefs stdin when it unmounts; without this the event loop could look empty mid-question.
  (streams.input as NodeJS.ReadableStream & { ref?: () => void }).ref?.();
  const rl = createInterface({ input: streams.input, output: streams.output, terminal: streams.terminal, prompt: '> ', historySize: 0 });
  const lines: string[] = [];
  let onAbort = () => {};
  try {
    return await new Promise<string[]>((resolve, reject) => {
      let endCheck: NodeJS.Immediate | undefined;
      const finish = () => resolve(trimBlankEdges(lines));
      rl.on('line', (raw: string) => {
        if (endCheck) clearImmediate(endCheck);
        endCheck = undefined;
        const line = raw.replace(CONTROL, '');
        lines.push(line);
        // Lines of one paste arrive together, before the next turn of the event loop: only an empty
        // line nothing follows is the user's Enter on its own.
        if (line.trim() === '') endCheck = setImmediate(finish);
        rl.prompt();
      });
      rl.on('close', finish); // Ctrl-D, or the stream ended
      rl.on('SIGINT', () => reject(new CancelledError()));
      onAbort = () => reject(new CancelledError());
      signal.addEventListener('abort', onAbort, { once: true });
      streams.output.write(`${message}\n`);
      rl.prompt();
    });
  } finally {
    signal.removeEventListener('abort', onAbort);
    rl.close();
  }
}

function trimBlankEdges(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === '') start++;
  while (end > start && lines[end - 1]!.trim() === '') end--;
  return lines.slice(start, end);
}

/** The paste prompt on the process's terminal; without one there is nothing to read from. */
export function terminalPaste(opts: { tty: boolean }): (message: string, signal: AbortSignal) => Promise<string[]> {
  return (message, signal) => {
    if (!opts.tty) throw new NoTtyError('an error to explain', 'ghcr-doctor explain - < FILE');
    // An inquirer prompt or Ink may have left stdin paused; readline resumes it itself.
    return readPastedLines(message, { input: process.stdin, output: process.stdout, terminal: true }, signal);
  };
}
