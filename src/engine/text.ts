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

/** A character of a token or its base64: a clipped text never ends inside a run of them. */
const WORDISH = /[A-Za-z0-9_+/=-]/;

/**
 * Outside text clipped to `max` characters (a hostile or broken server's megabyte `message` would be a
 * megabyte line in every report), with `…` where it was cut. The cut never falls inside a token:
 * half of one has too few characters to be recognised and masked, so the whole piece is dropped.
 */
export function clipText(text: string, max = 1000): string {
  if (text.length <= max) return text;
  let end = max;
  while (end > 0 && WORDISH.test(text[end - 1]!) && WORDISH.test(text[end]!)) end--;
  return `${text.slice(0, end)}…`;
}
