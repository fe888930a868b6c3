import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readPastedLines, terminalPaste } from '../../src/tui/paste-prompt.js';
import { CancelledError, NoTtyError } from '../../src/cli/errors.js';

function streams(terminal = false) {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (b: Buffer) => (shown += b.toString('utf8')));
  return { input, output, terminal, shown: () => shown };
}

const nextTurn = () => new Promise<void>((r) => setTimeout(r, 5));

describe('readPastedLines (the paste prompt behind e)', () => {
  it('a multi-line paste arrives whole; enter on an empty line ends it', async () => {
    const s = streams();
    const read = readPastedLines('Paste the error', s, new AbortController().signal);
    s.input.write('#12 ERROR: failed to push ghcr.io/octo/api:latest\ndenied: permission_denied: write_package\n');
    await nextTurn();
    s.input.write('\n');
    expect(await read).toEqual(['#12 ERROR: failed to push ghcr.io/octo/api:latest', 'denied: permission_denied: write_package']);
    expect(s.shown()).toContain('Paste the error');
  });

  it("a blank line inside one paste does not end it; the user's own empty line does", async () => {
    const s = streams();
    const read = readPastedLines('Paste', s, new AbortController().signal);
    s.input.write('first\n\nsecond\n');
    await nextTurn();
    s.input.write('\n');
    expect(await read).toEqual(['first', '', 'second']);
  });

  it('an empty line right away means nothing to explain', async () => {
    const s = streams();
    const read = readPastedLines('Paste', s, new AbortController().signal);
    s.input.write('\n');
    expect(await read).toEqual([]);
  });

  it('Ctrl-D (end of input) ends it with what was pasted', async () => {
    const s = streams();
    const read = readPastedLines('Paste', s, new AbortController().signal);
    s.input.end('unauthorized: authentication required');
    expect(await read).toEqual(['unauthorized: authentication required']);
  });

  it('control characters other than ESC are dropped', async () => {
    const s = streams();
    const read = readPastedLines('Paste', s, new AbortController().signal);
    s.input.write('de\u0000ni\u0002ed\n');
    await nextTurn();
    s.input.write('\n');
    expect(await read).toEqual(['denied']);
  });

  it('Ctrl-C typed in a terminal rejects with CancelledError (exit 130)', async () => {
    const s = streams(true);
    const read = readPastedLines('Paste', s, new AbortController().signal);
    s.input.write('half a line');
    s.input.write('\u0003');
    await expect(read).rejects.toBeInstanceOf(CancelledError);
  });

  it('the run being cancelled (SIGINT from outside) rejects with CancelledError', async () => {
    const s = streams();
    const c = new AbortController();
    const read = readPastedLines('Paste', s, c.signal);
    c.abort();
    await expect(read).rejects.toBeInstanceOf(CancelledError);
    const already = readPastedLines('Paste', streams(), c.signal);
    await expect(already).rejects.toBeInstanceOf(CancelledError);
  });

  it('without a terminal it refuses, naming the explain command instead', () => {
    expect(() => terminalPaste({ tty: false })('Paste', new AbortController().signal)).toThrow(NoTtyError);
  });
});
