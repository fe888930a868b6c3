/**
 * Questions asked before (or between) Ink sessions, through the individual @inquirer prompts (not
 * the @inquirer/prompts umbrella: its editor prompt drags iconv-lite and chardet, half the UI chunk,
 * into the bundle). Ink is never mounted while one runs, so stdin has one owner. Without a terminal
 * every question throws NoTtyError naming the flag to pass instead; Ctrl-C inside a prompt becomes
 * CancelledError (exit 130).
 */
import input from '@inquirer/input';
import password from '@inquirer/password';
import select from '@inquirer/select';
import { CancelledError, NoTtyError } from '../cli/errors.js';

export interface Choice<T extends string> {
  name: string;
  value: T;
  description?: string;
}

/** `what` and `flag` name the input in the NoTtyError when there is no terminal. */
export interface Prompter {
  input(q: { message: string; default?: string; validate?: (v: string) => true | string; what: string; flag: string }): Promise<string>;
  password(q: { message: string; validate?: (v: string) => true | string | Promise<true | string>; what: string; flag: string }): Promise<string>;
  select<T extends string>(q: { message: string; choices: Array<Choice<T>>; what: string; flag: string }): Promise<T>;
}

function isCancel(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'ExitPromptError' || name === 'AbortPromptError' || name === 'CancelPromptError';
}

async function guarded<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isCancel(error)) throw new CancelledError();
    throw error;
  }
}

export function inquirerPrompter(opts: { tty: boolean; signal: AbortSignal }): Prompter {
  const ctx = { signal: opts.signal };
  const requireTty = (what: string, flag: string) => {
    if (!opts.tty) throw new NoTtyError(what, flag);
    if (opts.signal.aborted) throw new CancelledError();
    // Ink unrefs stdin when it unmounts; readline does not ref it again, so without this the event
    // loop would look empty and the process would end in the middle of the question.
    process.stdin.ref();
  };
  return {
    input(q) {
      requireTty(q.what, q.flag);
      return guarded(() => input({ message: q.message, default: q.default, validate: q.validate }, ctx));
    },
    password(q) {
      requireTty(q.what, q.flag);
      // mask: the user sees that something was typed, never what.
      return guarded(() => password({ message: q.message, mask: '*', validate: q.validate }, ctx));
    },
    select(q) {
      requireTty(q.what, q.flag);
      return guarded(() => select({ message: q.message, choices: q.choices }, ctx));
    },
  };
}
