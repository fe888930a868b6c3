import { describe, expect, it } from 'vitest';
import { errorLine, firstLine } from '../../../src/engine/text.js';

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
