import { describe, expect, it } from 'vitest';
import { errorLine, firstLine, clipText } from '../../../src/engine/text.js';

describe('one line of a message', () => {
  it('firstLine keeps what comes before the first newline', () => {
    expect(firstLine('denied\n  at stack')).toBe('denied');
    expect(firstLine('')).toBe('');
  });
  it("errorLine: an Error by its message's first line, anything else as text", () => {
    expect(errorLine(new Error('boom\nmore'))).toBe('boom');
    expect(errorLine(42)).toBe('42');
  });
});

describe('clipText', () => {
  it('leaves short text alone; cuts long text with … at a word, never inside a token or base64 run', () => {
    expect(clipText('short', 10)).toBe('short');
    expect(clipText('aaaa bbbb cccc', 7)).toBe('aaaa …');
    const token = `ghp_${'Z'.repeat(36)}`;
    expect(clipText(`x ${token} y`, 12)).toBe('x …');
    expect(clipText('x'.repeat(50), 10)).toBe('…');
  });
});
