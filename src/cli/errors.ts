/** Errors that end the program with a known exit code and a one-line message (plus optional next steps). */
export class FatalError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly nextSteps: string[] = [],
  ) {
    super(message);
  }
}

/** Bad usage or unreadable input: exit 2. */
export class UsageError extends FatalError {
  constructor(message: string, nextSteps: string[] = []) {
    super(message, 2, nextSteps);
  }
}

/** The user pressed Ctrl-C: exit 130. */
export class CancelledError extends FatalError {
  constructor() {
    super('cancelled', 130);
  }
}

/** A prompt was about to run without a terminal. */
export class NoTtyError extends UsageError {
  constructor(what: string, flag: string) {
    super(`cannot ask for ${what}: no terminal (stdin or stdout is not a TTY, or CI=true)`, [`pass ${flag}`]);
  }
}
