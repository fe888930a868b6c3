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
