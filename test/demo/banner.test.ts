/** The demo banner is folded on words at the terminal's width: a terminal would cut words in two. */
import { describe, expect, it } from 'vitest';
import { banner } from '../../src/demo/command.js';
import { SCENARIOS } from '../../src/demo/scenarios.js';
import { wrapWords } from '../../src/engine/text.js';

const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe('demo banner', () => {
  for (const width of [40, 60, 80]) {
    it(`at ${width} columns: no line is wider, and every word stays whole`, () => {
      for (const scenario of SCENARIOS) {
        const wide = banner(scenario);
        const narrow = banner(scenario, width);
        for (const line of narrow.split('\n')) expect(line.length).toBeLessThanOrEqual(width);
        expect(words(narrow)).toEqual(words(wide));
      }
    });
  }

  it('at 80 columns the command to try another scenario stays on one line', () => {
    for (const scenario of SCENARIOS) expect(banner(scenario, 80).split('\n')).toContain('Other scenarios: ghcr-doctor demo --scenario NAME');
  });

  it('a word longer than the width stays whole on its own line', () => {
    expect(wrapWords('see https://example.com/a/very/long/path now', 10)).toEqual(['see', 'https://example.com/a/very/long/path', 'now']);
  });
});
