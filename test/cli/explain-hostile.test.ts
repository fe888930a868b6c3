import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/built-cli.js';
import { runCli, tempDir } from './diagnose-harness.js';

/** `explain` shows the pasted line it matched: as text that cannot drive the terminal, and never half a token. */
let home: { dir: string; cleanup(): Promise<void> };
beforeAll(async () => {
  ensureBuilt();
  home = await tempDir();
});
afterAll(async () => {
  await home?.cleanup();
});

const DENIED = 'Error response from daemon: Get "https://ghcr.io/v2/": denied: denied';

describe('explain: the matched line as shown', () => {
  it('control characters the colour stripping leaves (ESC c resets the terminal, ESC ( 0 switches its charset, BEL) and a bidi override are escaped', async () => {
    const res = await runCli(['explain', '-'], { cwd: home.dir, stdin: `${DENIED} \x1bc \x1b(0 \x07 \u202eipa/emca\n` });
    expect(res.code).toBe(0);
    expect([...res.stdout].filter((c) => c === '\x1b' || c === '\x07' || c === '\u202e')).toEqual([]);
    expect(res.stdout).toContain('denied: denied \\x1bc \\x1b(0 \\x07 \\u202eipa/emca');
  });

  it('a long line cut around the match never shows part of a token (too short to be recognised and masked)', async () => {
    const token = 'ghp_' + 'Cut1nHalfT0kenAbCdEfGhIjKlMnOpQrStUv';
    // The excerpt is 400 characters from 120 before the match: its end falls in the token in the first
    // line, its start in one of the others (the filler between token and match moves the cut along it).
    const lines = [
      `${DENIED} ${'x'.repeat(310)} ${token} tail`,
      ...[0, 20, 40, 60, 80, 100, 120].map((n) => `${'y'.repeat(200)} ${token} ${'z'.repeat(n)} ${DENIED} ${'x'.repeat(400)}`),
    ];
    for (const [i, line] of lines.entries()) {
      for (const json of i === 0 ? [[], ['--json']] : [[]]) {
        const res = await runCli(['explain', ...json, line], { cwd: home.dir });
        expect(res.code).toBe(0);
        expect(res.stdout).toContain('denied: denied');
        // No run of 8 characters of the token's body, whole or cut.
        for (let k = 4; k + 8 <= token.length; k++) expect(res.stdout, `line ${i} ${json}`).not.toContain(token.slice(k, k + 8));
      }
    }
  });
});
