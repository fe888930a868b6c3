import { fstatSync } from 'node:fs';

/**
 * Whether fd 0 is a directory (`< some-dir`): Node reads one as empty, so a reader would say "stdin was
 * empty" where the user needs "that is a directory".
 */
export function stdinIsDirectory(): boolean {
  try {
    return fstatSync(0).isDirectory();
  } catch {
    return false; // a closed stdin reads as empty, which the callers say
  }
}
