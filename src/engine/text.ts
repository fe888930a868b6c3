/** The first line of a text: messages are shown on one line (tools and servers add detail below it). */
export function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

/** An error as one line: its message's first line, or the thrown value as text. */
export function errorLine(error: unknown): string {
  return error instanceof Error ? firstLine(error.message) : String(error);
}

/**
 * A line folded at spaces so that no piece is wider than `width` (a terminal wraps mid-word);
 * a single word longer than the width stays whole on its own line.
 */
export function wrapWords(line: string, width: number): string[] {
  if (!Number.isFinite(width) || width <= 0 || line.length <= width) return [line];
  const out: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    if (current !== '' && current.length + 1 + word.length > width) {
      out.push(current);
      current = word;
    } else current = current === '' ? word : `${current} ${word}`;
  }
  out.push(current);
  return out;
}
