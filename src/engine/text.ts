/** The first line of a text: messages are shown on one line (tools and servers add detail below it). */
export function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

/** An error as one line: its message's first line, or the thrown value as text. */
export function errorLine(error: unknown): string {
  return error instanceof Error ? firstLine(error.message) : String(error);
}
