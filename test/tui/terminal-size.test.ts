import { describe, expect, it } from 'vitest';
import { layoutWidth, MAX_WIDTH, MIN_WIDTH } from '../../src/tui/terminal-size.js';

describe('layoutWidth: the terminal width, capped for reading', () => {
  it.each([
    [140, MAX_WIDTH],
    [120, 120],
    [100, 100],
    [80, 80],
    [30, MIN_WIDTH],
    [undefined, 80],
    [0, 80],
  ])('%s columns → %s', (columns, width) => {
    expect(layoutWidth(columns)).toBe(width);
  });
});
