/**
 * The answer first, at 80x24 in a real terminal (tmux): the demo's final screen shows the verdict and
 * the ordered problems with the first fix's link, nothing clears the terminal (ESC[2J / ESC[3J) so a
 * line printed before the program is still in the scrollback, and the problems come in the same order
 * in the TUI, the text report and the JSON report. Built CLI (npm test builds).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runBuiltCliSync } from '../helpers/built-cli.js';

const root = path.resolve(import.meta.dirname, '../..');
const session = `ghcr-doctor-answer-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TOKEN_LINK = 'https://github.com/settings/tokens/new?scopes=write:packages&description=ghcr-doctor';

let dir: string | undefined;
afterEach(() => {
  try {
    tmux('kill-session', '-t', session);
  } catch {
    /* gone */
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Finding ids in the order a text shows them (`[id]`), each once. */
function idsIn(text: string): string[] {
  return [...new Set([...text.matchAll(/\[([a-z]+\.[a-z-]+)\]/g)].map((m) => m[1]!))];
}

describe('the answer first (demo, 80x24, tmux)', () => {
  it('the final screen shows the verdict and the first problem with its token link; the scrollback is kept; the order is the same in TUI, text and JSON', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ghcr-answer-'));
    const raw = path.join(dir, 'raw');
    const cmd = `cd ${JSON.stringify(root)} && echo LINE-PRINTED-BEFORE-THE-PROGRAM && env -u CI NO_COLOR=1 ${JSON.stringify(process.execPath)} bin/ghcr-doctor.js demo; sleep 30`;
    tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', `sleep 0.5; ${cmd}`);
    tmux('set-option', '-t', session, 'history-limit', '5000');
    tmux('pipe-pane', '-t', session, '-o', `cat >> ${JSON.stringify(raw)}`);
    let visible = '';
    const end = Date.now() + 30_000;
    while (Date.now() < end && !/q quit/.test(visible)) {
      await sleep(150);
      visible = tmux('capture-pane', '-p', '-t', session);
    }
    expect(visible).toContain('Problems found. Fix them in this order:');
    expect(visible).toMatch(/1\. ✖ The token lacks write:packages \[token\.missing-scope\]/);
    // The link is plain text at the left edge: joined across the terminal's wrap, it is whole.
    expect(visible.replace(/\n/g, '')).toContain(TOKEN_LINK);
    const history = tmux('capture-pane', '-p', '-S', '-5000', '-t', session);
    expect(history).toContain('LINE-PRINTED-BEFORE-THE-PROGRAM');
    expect(history).toContain('ghcr-doctor demo'); // the banner too
    const written = readFileSync(raw, 'latin1');
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
    tmux('send-keys', '-t', session, 'q');
  }, 60_000);
});
