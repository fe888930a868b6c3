/**
 * A wide terminal is used (up to 120 columns, for reading), not a fixed 80; after a resize the UI lays
 * itself out again in the new width. The demo in tmux at 140 columns, then 100. Built CLI.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TerminalRun, tmuxAvailable } from './tmux.js';

let run: TerminalRun | undefined;
afterEach(() => run?.close());

/** The Ink UI's lines: from the first check row on (the banner above is the demo's own, folded by itself). */
const uiLines = (screen: string) => screen.slice(screen.indexOf('GitHub status')).trimEnd().split('\n');
const LONG = 'GITHUB_TOKEN is read-only by default';

describe.skipIf(!tmuxAvailable())('wide terminals (tmux)', () => {
  it('at 140 columns a long line is not wrapped at 80 and no line passes 120; resized to 100, the summary is laid out again in 100', async () => {
    run = new TerminalRun(['demo'], {}, { cols: 140, rows: 40 });
    const wide = await run.waitFor((s) => /q quit\s*$/.test(s), 'the summary');
    const line = uiLines(wide).find((l) => l.includes(LONG));
    expect(line, 'the workflow permissions row').toBeDefined();
    expect(line!.length).toBeGreaterThan(80);
    expect(Math.max(...uiLines(wide).map((l) => l.length))).toBeLessThanOrEqual(120);
    // At 120 the summary's problem lines run past 100 columns.
    const summaryAt = (s: string) => s.slice(s.lastIndexOf('Problems found')).trimEnd().split('\n');
    expect(Math.max(...summaryAt(wide).map((l) => l.length))).toBeGreaterThan(100);

    run.resize(100, 40);
    // The resize alone redraws the summary (Ink's first redraw may still be in the old width: wait for the next).
    await run.waitFor((s) => /q quit\s*$/.test(s) && summaryAt(s).every((l) => l.length <= 100), 'the summary laid out in 100 columns', 10_000);
    run.type('q');
    expect(await run.exitCode()).toBe(1);
  }, 60_000);
});
