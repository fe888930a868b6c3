import { describe, expect, it } from 'vitest';
import { sanitizeDeep, sanitizeLines, sanitizeText } from '../../../src/engine/sanitize.js';

describe('outside text is shown escaped', () => {
  it('OSC 52, OSC 8, CSI, CR, BEL, DEL, C1 and line separators become visible escapes', () => {
    expect(sanitizeText('a\x1b]52;c;SGk=\x07b')).toBe('a\\x1b]52;c;SGk=\\x07b');
    expect(sanitizeText('\x1b]8;;https://evil\x1b\\link')).toBe('\\x1b]8;;https://evil\\x1b\\link');
    expect(sanitizeText('ok\rFAKE\x1b[2K\x7f\x9b')).toBe('ok\\x0dFAKE\\x1b[2K\\x7f\\x9b');
    expect(sanitizeText('one\ntwo\u2028three')).toBe('one\\x0atwo\\u2028three');
    expect(sanitizeText('plain text: ümlaut, 漢字, tab-free')).toBe('plain text: ümlaut, 漢字, tab-free');
  });

  it('bidi overrides, embeddings and isolates, marks, zero-width characters and the BOM (Trojan Source) are escaped', () => {
    expect(sanitizeText('ghcr.io/\u202eipa/emca\u202c')).toBe('ghcr.io/\\u202eipa/emca\\u202c');
    expect(sanitizeText('a\u2066b\u2069c\u200bd\u200fe\u061cf\ufeffg\u2060h')).toBe('a\\u2066b\\u2069c\\u200bd\\u200fe\\u061cf\\ufeffg\\u2060h');
    expect(sanitizeLines('line\u202e\n')).toBe('line\\u202e\n');
    // Right-to-left text itself is no format character: kept.
    expect(sanitizeText('שלום مرحبا')).toBe('שלום مرحبا');
  });

  it('command output keeps its lines and tabs, nothing else', () => {
    expect(sanitizeLines('Error: denied\r\n\tat\x1b[31m red\n')).toBe('Error: denied\\x0d\n\tat\\x1b[31m red\n');
  });

  it('every string of a JSON value, keys too; numbers and null untouched', () => {
    expect(sanitizeDeep({ message: 'x\n::warning::y', n: 1, z: null, list: ['\x1b'], ['k\x07']: true })).toEqual({
      message: 'x\\x0a::warning::y',
      n: 1,
      z: null,
      list: ['\\x1b'],
      ['k\\x07']: true,
    });
  });
});
