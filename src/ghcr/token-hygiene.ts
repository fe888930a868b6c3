/**
 * Token text hygiene. Clients disagree on what they strip: docker's --password-stdin removes exactly
 * one trailing "\n" and then one "\r"; podman concatenates all lines; `-p "$(cat f)"` keeps a "\r". So
 * anything beyond one trailing newline is reported, and the diagnosis goes on with the cleaned value.
 */
export type HygieneProblem =
  | 'bom'
  | 'crlf'
  | 'cr'
  | 'extra-newlines'
  | 'multiple-lines'
  | 'leading-whitespace'
  | 'trailing-whitespace'
  | 'inner-whitespace'
  | 'quotes'
  | 'invisible-characters';

export interface HygieneResult {
  /** The token as a client should send it; '' when nothing is left. */
  cleaned: string;
  problems: HygieneProblem[];
  /** Non-empty lines in the raw text (more than one: `multiple-lines`). */
  lineCount: number;
}

const INVISIBLE = /[\u200B-\u200D\u2060\u00A0]/g;
/** Not global: a global regex keeps lastIndex between test() calls. */
const HAS_INVISIBLE = /[\u200B-\u200D\u2060\u00A0]/;
const TOKEN_PREFIX = /^(?:gh[pousr]_|github_pat_)/;

export function inspectToken(raw: string): HygieneResult {
  const problems = new Set<HygieneProblem>();
  let text = raw;
  if (text.startsWith('\uFEFF')) {
    problems.add('bom');
    text = text.slice(1);
  }
  // Every editor ends a file with one newline; that alone is fine (docker strips exactly this).
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  if (text.includes('\r\n')) problems.add('crlf');
  else if (text.includes('\r')) problems.add('cr');
  if (HAS_INVISIBLE.test(body)) problems.add('invisible-characters');

  const lines = body
    .split(/\r?\n|\r/)
    .map((l) => l.replace(INVISIBLE, ''))
    .filter((l) => l.trim() !== '');
  if (lines.length > 1) problems.add('multiple-lines');
  else if (body.replace(/\r/g, '').includes('\n')) problems.add('extra-newlines');

  // The token is the line that looks like one (a file may hold "user\ntoken"), else the first.
  const line = lines.find((l) => TOKEN_PREFIX.test(stripQuotes(l.trim()))) ?? lines[0] ?? '';
  if (/^[ \t]/.test(line)) problems.add('leading-whitespace');
  if (/[ \t]$/.test(line)) problems.add('trailing-whitespace');
  let cleaned = line.trim();
  const unquoted = stripQuotes(cleaned);
  if (unquoted !== cleaned) {
    problems.add('quotes');
    cleaned = unquoted.trim();
  }
  if (/\s/.test(cleaned)) {
    problems.add('inner-whitespace');
    cleaned = cleaned.replace(/\s+/g, '');
  }
  return { cleaned, problems: [...problems], lineCount: lines.length };
}

function stripQuotes(s: string): string {
  const m = /^(["'`])(.*)\1$/s.exec(s);
  return m ? m[2]! : s;
}

/** One phrase per problem, for details. */
export function describeProblem(p: HygieneProblem): string {
  switch (p) {
    case 'bom':
      return 'a byte order mark (EF BB BF) before the token';
    case 'crlf':
      return 'Windows line endings (CR LF)';
    case 'cr':
      return 'a carriage return (CR)';
    case 'extra-newlines':
      return 'more than one trailing newline';
    case 'multiple-lines':
      return 'several lines';
    case 'leading-whitespace':
      return 'spaces before the token';
    case 'trailing-whitespace':
      return 'spaces after the token';
    case 'inner-whitespace':
      return 'whitespace inside the token';
    case 'quotes':
      return 'quotes around the token';
    case 'invisible-characters':
      return 'invisible characters (zero-width or non-breaking spaces)';
  }
}
