/**
 * `learn --demo` in a real terminal, from the first page to the end: every page runs with enter,
 * the demo never claims to check "your real setup", and the walk is short (pages, not one per check).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TerminalRun, tmuxAvailable } from './tmux.js';

let run: TerminalRun | undefined;
afterEach(() => run?.close());

describe.skipIf(!tmuxAvailable())('learn --demo in a real terminal (tmux)', () => {
  it('walks every page to the end with enter, then q exits with the diagnosis code', async () => {
    run = new TerminalRun(['learn', '--demo'], {});
    const first = await run.waitForText(/step 1 of (\d+)/);
    const total = Number(/step 1 of (\d+)/.exec(first)![1]);
    expect(total).toBeLessThanOrEqual(13); // 23 checks, one page per topic
    for (let step = 1; step <= total; step++) {
      await run.waitFor((s) => new RegExp(`step ${step} of ${total}`).test(s) && /enter: run/.test(lastLines(s)), `step ${step} explained`);
      run.keys('Enter');
      await run.waitFor((s) => new RegExp(`step ${step} of ${total}`).test(s) && /enter: next step/.test(lastLines(s)), `step ${step} done`);
      run.keys('Enter');
    }
    const end = await run.waitForText(/Problems found|No problems/);
    for (const screen of run.screens) expect(screen).not.toMatch(/real setup/);
    // The demo's token lacks write:packages: its page never says the token has what it needs.
    expect(run.screens.some((s) => s.includes('lacks write:packages'))).toBe(true);
    for (const screen of run.screens) expect(screen).not.toContain('has what it needs');
    expect(end).toContain('q quit');
    run.type('q');
    expect(await run.exitCode()).toBe(1);
  }, 120_000);
});

/** The live area: the bottom of the screen (the pages before are still in the scrollback). */
function lastLines(screen: string): string {
  return screen.trimEnd().split('\n').slice(-4).join('\n');
}
