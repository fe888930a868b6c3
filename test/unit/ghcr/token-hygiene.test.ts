import { describe, expect, it } from 'vitest';
import { inspectToken } from '../../../src/ghcr/token-hygiene.js';
import { tokenKind } from '../../../src/ghcr/token-kind.js';

const TOK = 'ghp_' + 'Ab1'.repeat(12);

describe('token hygiene', () => {
  const cases: Array<[string, string, string[]]> = [
    ['bare token', TOK, []],
    ['one trailing LF (every editor writes one)', `${TOK}\n`, []],
    ['CRLF line ending', `${TOK}\r\n`, ['crlf']],
    ['lone trailing CR', `${TOK}\r`, ['cr']],
    ['two trailing LFs', `${TOK}\n\n`, ['extra-newlines']],
    ['leading blank line', `\n${TOK}`, ['extra-newlines']],
    ['trailing space then LF', `${TOK} \n`, ['trailing-whitespace']],
    ['leading tab', `\t${TOK}`, ['leading-whitespace']],
    ['UTF-8 BOM (Notepad)', `\uFEFF${TOK}\n`, ['bom']],
    ['double quotes', `"${TOK}"\n`, ['quotes']],
    ['single quotes', `'${TOK}'`, ['quotes']],
    ['zero-width space', `${TOK}\u200B`, ['invisible-characters']],
    ['space inside', `${TOK.slice(0, 10)} ${TOK.slice(10)}`, ['inner-whitespace']],
  ];
  it.each(cases)('%s', (_name, raw, problems) => {
    const r = inspectToken(raw);
    expect(r.problems.sort()).toEqual([...problems].sort());
    expect(r.cleaned).toBe(TOK);
  });

  it('several lines: reported, and the line that looks like a token is kept', () => {
    const r = inspectToken(`octocat\r\n${TOK}\r\n`);
    expect(r.problems.sort()).toEqual(['crlf', 'multiple-lines']);
    expect(r.cleaned).toBe(TOK);
    expect(r.lineCount).toBe(2);
  });

  it('several unprefixed lines: the first is kept', () => {
    const r = inspectToken('first-line\nsecond-line\n');
    expect(r.problems).toEqual(['multiple-lines']);
    expect(r.cleaned).toBe('first-line');
  });

  it('only whitespace and quotes: nothing is left', () => {
    expect(inspectToken('""\n').cleaned).toBe('');
  });

  it('is stable across calls (no regex state carried over)', () => {
    expect(inspectToken(`${TOK}\u00A0`).problems).toContain('invisible-characters');
    expect(inspectToken(`${TOK}\u00A0`).problems).toContain('invisible-characters');
  });
});

describe('token kind by prefix', () => {
  it.each([
    ['ghp_abc', 'classic'],
    ['github_pat_11ABCDEFG0abcdef_xyz', 'fine-grained'],
    ['gho_abc', 'oauth-app'],
    ['ghu_abc', 'app-user'],
    ['ghs_abc', 'app-installation'],
    ['ghr_abc', 'refresh'],
    ['0123456789abcdef0123456789abcdef01234567', 'legacy'],
    ['0123456789ABCDEF0123456789ABCDEF01234567', 'unknown'],
    ['ghx_abc', 'unknown'],
  ])('%s → %s', (token, kind) => {
    expect(tokenKind(token)).toBe(kind);
  });
});
