/**
 * The answer first, at 80x24 in a real terminal (tmux, through test/e2e/tmux.ts): the demo's final screen shows
 * the verdict and the ordered problems with the first fix's link, nothing clears the terminal (ESC[2J / ESC[3J)
 * so a line printed before the program is still in the scrollback, and the problems come in the same order
 * in the TUI, the text report and the JSON report. Built CLI (npm test builds).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runBuiltCliSync } from '../helpers/built-cli.js';
import { TerminalRun } from '../e2e/tmux.js';

const TOKEN_LINK = 'https://github.com/settings/tokens/new?scopes=write:packages&description=ghcr-doctor';

let run: TerminalRun | undefined;
afterEach(() => run?.close());

/** Finding ids in the order a text shows them (`[id]`), each once. */
function idsIn(text: string): string[] {
  return [...new Set([...text.matchAll(/\[([a-z]+\.[a-z-]+)\]/g)].map((m) => m[1]!))];
}

describe('the answer first (demo, 80x24, tmux)', () => {
  it('the final screen shows the verdict and the first problem with its token link; the scrollback is kept; the order is the same in TUI, text and JSON', async () => {
    run = new TerminalRun(['demo'], {}, { cols: 80, rows: 24, view: 'visible', before: 'echo LINE-PRINTED-BEFORE-THE-PROGRAM', recordOutput: true });
    const visible = await run.waitForText(/q quit/);
    expect(visible).toContain('Problems found. Fix them in this order:');
    expect(visible).toMatch(/1\. ✖ The token lacks write:packages \[token\.missing-scope\]/);
    // The link is plain text at the left edge: joined across the terminal's wrap, it is whole.
    expect(visible.replace(/\n/g, '')).toContain(TOKEN_LINK);
    const history = run.scrollback();
    expect(history).toContain('LINE-PRINTED-BEFORE-THE-PROGRAM');
    expect(history).toContain('ghcr-doctor demo'); // the banner too
    const written = run.rawOutput();
    expect(written).toContain('LINE-PRINTED-BEFORE-THE-PROGRAM'); // the recording saw the start
    expect(written).not.toContain('\u001b[2J');
    expect(written).not.toContain('\u001b[3J');

    const env = { HOME: process.env.HOME, NO_COLOR: '1' };
    const json = JSON.parse(runBuiltCliSync(['demo', '--ci', '--json'], { env }).stdout) as { findings: Array<{ id: string; causedBy?: string }> };
    const jsonOrder = json.findings.map((f) => f.id);
    const textOrder = idsIn(runBuiltCliSync(['demo', '--ci'], { env }).stdout.split('Root causes first')[1] ?? '');
    const tuiOrder = idsIn(visible.split('Fix them in this order:')[1] ?? '');
    expect(textOrder).toEqual(jsonOrder);
    expect(tuiOrder.length).toBeGreaterThanOrEqual(3);
    expect(tuiOrder).toEqual(jsonOrder.slice(0, tuiOrder.length)); // what fits on 24 rows, in the same order
    expect(json.findings.find((f) => f.id === 'registry.push-denied')?.causedBy).toBe('token.missing-scope');
    run.keys('q');
  }, 60_000);
});
