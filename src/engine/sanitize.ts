/**
 * Text from outside (an API's `message`, a registry error, a status page name, a server's output, a file
 * name) is shown escaped where it enters the program: a control character becomes `\xNN` (`\u2028` for
 * the line separators), so it can neither drive the terminal (OSC 52 clipboard writes, OSC 8, CSI, a CR
 * that overwrites the line) nor start a new line that GitHub Actions would run as a workflow command.
 * The invisible format characters that reorder or hide text on screen (Trojan Source) are escaped too
 * (`\u202e`): bidi embeddings, overrides and isolates, the marks ALM/LRM/RLM, zero-width ones, the BOM.
 */
const CONTROL = /[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
const CONTROL_BUT_LINES = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

function escapeControl(c: string): string {
  const code = c.charCodeAt(0);
  return code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`;
}

/** One line of outside text: every control character escaped, newlines included. */
export function sanitizeText(text: string): string {
  return text.replace(CONTROL, escapeControl);
}

/** Outside output read line by line (a command's output): newlines and tabs kept, every other control escaped. */
export function sanitizeLines(text: string): string {
  return text.replace(CONTROL_BUT_LINES, escapeControl);
}

/** Every string in a parsed JSON value (and its keys), as sanitizeText. */
export function sanitizeDeep<T>(value: T): T {
  if (typeof value === 'string') return sanitizeText(value) as T;
  if (Array.isArray(value)) return value.map((v) => sanitizeDeep(v)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[sanitizeText(k)] = sanitizeDeep(v);
    return out as T;
  }
  return value;
}
