import { describe, expect, it } from 'vitest';
import { readLines } from '../../../src/explain/read-lines.js';

async function lines(chunks: Array<string | Buffer>): Promise<string[]> {
  const out: string[] = [];
  for await (const l of readLines(
    (async function* () {
      yield* chunks;
    })(),
  ))
    out.push(l);
  return out;
}

describe('readLines', () => {
  it('a CR before a newline in the next chunk, a UTF-8 character split across chunks, no final newline', async () => {
    const euro = Buffer.from('€', 'utf8');
    expect(await lines([Buffer.from('one\r'), Buffer.from('\ntw'), euro.subarray(0, 1), Buffer.concat([euro.subarray(1), Buffer.from('o\n\nthree')])])).toEqual(
      ['one', 'tw€o', '', 'three'],
    );
  });

  it('one 5 MB line in 64 KB chunks comes out whole, once', async () => {
    const chunk = 'x'.repeat(64 * 1024);
    const got = await lines([...Array.from({ length: 80 }, () => chunk), 'end\nnext']);
    expect(got.map((l) => l.length)).toEqual([80 * 64 * 1024 + 3, 4]);
  });
});

describe('readLines: a line longer than the cap', () => {
  it('keeps the head of the line and drops the rest as it arrives; the next line is whole', async () => {
    const out: string[] = [];
    const source = (async function* () {
      yield 'denied: ';
      for (let i = 0; i < 100; i++) yield 'x'.repeat(1000); // no newline for 100 000 characters
      yield '\nnext line\n';
    })();
    for await (const l of readLines(source, 4096)) out.push(l);
    expect(out.map((l) => l.length)).toEqual([4096, 9]);
    expect(out[0]!.startsWith('denied: xxx')).toBe(true);
    expect(out[1]).toBe('next line');
  });
});
