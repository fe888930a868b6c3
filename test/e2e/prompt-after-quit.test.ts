/**
 * After `q` the shell's prompt starts on its own line: the program's last line (the footer, a learn
 * page's border) ends with a newline and Ink has let go of the terminal. A stand-in prompt is printed
 * by the terminal's shell right after the CLI exits; after the summary, after a fix flow, after learn.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TerminalRun, tmuxAvailable } from './tmux.js';

let run: TerminalRun | undefined;
afterEach(() => run?.close());

const PROMPT = 'PROMPT$';
const CSI = new RegExp(`${String.fromCharCode(27)}\\[[?0-9;]*[a-zA-Z]`, 'g');
const start = (args: string[]) => new TerminalRun(args, {}, { after: `printf '%s ' '${PROMPT}'`, recordOutput: true });

/** The prompt line and the program's last line above it (blank lines dropped). */
async function endOf(r: TerminalRun): Promise<{ prompt: string; last: string; rawBefore: string }> {
  expect(await r.exitCode()).toBeGreaterThanOrEqual(0);
  const screen = await r.waitFor((s) => s.includes(PROMPT), 'the prompt');
  const lines = screen.split('\n').filter((l) => l.trim() !== '');
  const at = lines.findIndex((l) => l.includes(PROMPT));
  const raw = r.rawOutput();
  // What the program wrote last, escape sequences (cursor on, sync end) aside.
  const rawBefore = raw.slice(0, raw.lastIndexOf(PROMPT)).replace(CSI, '');
  return { prompt: lines[at]!, last: lines[at - 1] ?? '', rawBefore };
}

describe.skipIf(!tmuxAvailable())('the shell prompt after q (tmux)', () => {
  it('after the summary: the footer, then the prompt on its own line', async () => {
    run = start(['demo']);
    await run.waitFor((s) => /q quit\s*$/.test(s), 'the summary');
    run.type('q');
    const end = await endOf(run);
    expect(end.prompt.trim()).toBe(PROMPT);
    expect(end.last).toMatch(/q quit\s*$/);
    expect(end.rawBefore.endsWith('\n')).toBe(true);
  }, 60_000);

  it('after a fix flow (every fix declined)', async () => {
    run = start(['demo']);
    await run.waitFor((s) => /q quit\s*$/.test(s), 'the summary');
    run.type('f');
    await run.waitForText('Fix everything');
    run.keys('Enter');
    for (let i = 0; i < 12; i++) {
      const s = await run.waitFor((x) => /\(y\/N\)/.test(x.trimEnd().split('\n').slice(-3).join('\n')) || /q quit\s*$/.test(x), 'a preview or the summary');
      if (/q quit\s*$/.test(s)) break;
      run.type('n');
      await run.waitFor((x) => x !== s, 'the next view');
    }
    await run.waitFor((s) => /declined[\s\S]*q quit\s*$/.test(s), 'the summary after the fixes');
    run.type('q');
    const end = await endOf(run);
    expect(end.prompt.trim()).toBe(PROMPT);
    expect(end.last).toMatch(/q quit\s*$/);
    expect(end.rawBefore.endsWith('\n')).toBe(true);
  }, 90_000);

  it('after learn: the page border, then the prompt', async () => {
    run = start(['learn', '--demo']);
    await run.waitForText(/step 1 of \d+/);
    run.keys('Enter');
    await run.waitForText('enter: next step');
    run.type('q');
    const end = await endOf(run);
    expect(end.prompt.trim()).toBe(PROMPT);
    expect(end.last).toMatch(/^╰─+╯\s*$/);
    expect(end.rawBefore.endsWith('\n')).toBe(true);
  }, 60_000);
});
