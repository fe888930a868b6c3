import { afterEach, describe, expect, it, vi } from 'vitest';
import { Box } from 'ink';
import { cleanup } from 'ink-testing-library';
import { App } from '../../../src/tui/App.js';
import { ExplainBackHint, ExplainPanel, explainLines, FOUND_TOO } from '../../../src/tui/components/ExplainPanel.js';
import { HelpPanel } from '../../../src/tui/components/HelpPanel.js';
import type { AppPort, AppResult } from '../../../src/tui/port.js';
import type { EngineListener } from '../../../src/engine/types.js';
import { explainText } from '../../../src/explain/matcher.js';
import { renderExplainText } from '../../../src/explain/render.js';
import { tuiReducer } from '../../../src/tui/state.js';
import { CHECKS, done, found, start } from '../fixtures.js';
import { KEYS, allOutput, press, renderInRoot, renderPlain, waitFor, waitForText } from '../ink-harness.js';

afterEach(() => cleanup());

const SCOPES = 'denied: permission_denied: The token provided does not match expected scopes.';

/** A diagnosis the test finishes by hand: token.scopes fails with token.missing-scope. */
function heldWorld() {
  let listener: EngineListener | undefined;
  const port: AppPort = {
    checks: CHECKS,
    runAll: async (l) => void (listener = l),
    runSubset: async () => {},
    recheckIds: () => [],
    fixesFor: () => [],
    cancel: vi.fn(),
    now: () => 0,
  };
  const finish = () => {
    const l = listener!;
    for (const c of CHECKS) {
      l(start(c.id));
      if (c.id === 'token.scopes') {
        l({ type: 'finding', finding: found('token.missing-scope', c.id, 'lacks write:packages') });
        l(done(c.id, 'fail', 'lacks write:packages'));
      } else l(done(c.id, 'pass', 'ok'));
    }
    l({ type: 'run:done', checks: [], findings: [], durationMs: 3 });
  };
  return { port, finish, started: () => listener !== undefined, begin: () => listener!(start('token.discovery')) };
}

/** The frame as one line of words: Ink wraps long lines inside the box border. */
const flat = (frame: string) => frame.replace(/[│╭╮╰╯─]/g, ' ').replace(/\s+/g, ' ');
const plain = (segments: ReturnType<typeof explainLines>[number]) => segments.map((s) => s.text).join('');

describe('ExplainPanel', () => {
  it('says what ghcr-doctor explain says, line for line, and marks the ids this run found too', () => {
    const result = explainText(SCOPES);
    const lines = explainLines(result, new Set(['token.missing-scope'])).map(plain);
    const cli = renderExplainText(result, (_t, s) => s)
      .replace(/\n$/, '')
      .split('\n');
    expect(lines.length).toBe(cli.length);
    const marked = lines.filter((l) => l.includes(FOUND_TOO));
    expect(marked).toHaveLength(1);
    expect(marked[0]).toContain('[token.missing-scope] high confidence');
    expect(marked[0]).toBe(`${cli.find((l) => l.includes('[token.missing-scope]'))} ✔ ${FOUND_TOO}`);
    // Everything else is the CLI's text unchanged.
    lines.forEach((l, i) => {
      expect(l.replace(` ✔ ${FOUND_TOO}`, '')).toBe(cli[i]);
    });
  });

  it('renders causes, confirm commands and fixes, indented as the CLI indents them', () => {
    const f = renderPlain(<ExplainPanel result={explainText(SCOPES)} foundIds={new Set(['token.missing-scope'])} />).lastFrame()!;
    expect(f).toContain('What the error says');
    expect(f).toContain('[token.missing-scope]');
    expect(f).toContain('[registry.push-denied]');
    expect(f).toContain('cause: the classic PAT lacks write:packages');
    expect(f).toContain('confirm: $ ghcr-doctor --ci --image');
    expect(f).toContain('https://github.com/settings/tokens/new?scopes=write:packages');
    expect(flat(f).split(FOUND_TOO).length - 1).toBe(1);
    expect(f).toMatch(/^ {4}cause: the classic PAT/m);
    expect(f).not.toMatch(/^\(pull\)/m); // a wrapped cause keeps its indentation
    for (const line of f.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('a link starts at the left edge with no border around it, so one wider than the terminal wraps with nothing inside it', () => {
    const f = renderPlain(
      <Box width={60}>
        <ExplainPanel result={explainText(SCOPES)} foundIds={new Set()} />
      </Box>,
    ).lastFrame()!;
    expect(f).not.toMatch(/[│╭╮╰╯]/);
    const lines = f.split('\n');
    const at = lines.findIndex((l) => l.startsWith('https://github.com/settings/tokens/new?scopes=write:packages'));
    expect(at).toBeGreaterThan(0);
    // The wrapped rest of the link is the next line, from its first column.
    expect(`${lines[at]}${lines[at + 1]}`).toMatch(/^https:\/\/github\.com\/settings\/tokens\/new\?scopes=write:packages\S*description=ghcr-doctor/);
  });

  it('says so when nothing is known', () => {
    const f = renderPlain(<ExplainPanel result={explainText('hello world')} foundIds={new Set()} />).lastFrame()!;
    expect(f).toContain('No known GHCR failure mode in this text (1 line read)');
    expect(f).not.toContain(FOUND_TOO);
  });

  it('the way back offers q only where q quits', () => {
    expect(renderPlain(<ExplainBackHint canQuit />).lastFrame()).toContain('enter / esc: back · q quit');
    const f = renderPlain(<ExplainBackHint canQuit={false} />).lastFrame()!;
    expect(f).toContain('enter / esc: back');
    expect(f).not.toContain('q quit');
  });

  it('the help names the e key', () => {
    expect(renderPlain(<HelpPanel />).lastFrame()).toContain('explain an error');
  });
});

describe('App: e explains an error', () => {
  it('from the summary: Ink hands over for the paste, then shows the explanation; enter goes back; q quits with the exit code', async () => {
    const w = heldWorld();
    const results: AppResult[] = [];
    const ui = renderInRoot<AppResult>(<App port={w.port} mode="diagnose" strict={false} tickMs={0} openUrl={async () => true} />, (r) => results.push(r));
    await vi.waitFor(() => expect(w.started()).toBe(true));
    w.finish();
    await waitForText(ui, 'e explain · ? help · q quit');
    await press(ui, 'e');
    await vi.waitFor(() => expect(results[0]).toMatchObject({ kind: 'need-explain', state: { explain: { stage: 'asking' }, phase: 'finished' } }));
    cleanup();

    // command.ts: the paste prompt ran, its text went through the matcher; Ink comes back.
    const asked = (results[0] as Extract<AppResult, { kind: 'need-explain' }>).state;
    const resume = tuiReducer(asked, { type: 'explain:show', result: explainText(SCOPES) });
    const after: AppResult[] = [];
    const ui2 = renderInRoot<AppResult>(
      <App port={w.port} mode="diagnose" strict={false} tickMs={0} openUrl={async () => true} resume={resume} alreadyPrinted={asked.printed.length} />,
      (r) => after.push(r),
    );
    const hint = await waitForText(ui2, 'enter / esc: back · q quit');
    expect(hint).not.toContain('Problems found'); // the summary waits under the explanation
    const printed = allOutput(ui2);
    expect(flat(printed)).toContain(`[token.missing-scope] high confidence, line 1 ✔ ${FOUND_TOO}`);
    expect(printed).not.toContain('Token scopes'); // the earlier mount's rows are not printed twice
    await press(ui2, 'f'); // the summary's keys wait until the explanation is closed
    expect(ui2.lastFrame()).not.toContain('How do you want to go through them?');
    await press(ui2, KEYS.enter);
    const back = await waitForText(ui2, 'Problems found');
    // The test renderer repeats the printed (<Static>) explanation above every frame: the summary is what follows it.
    expect(flat(back.slice(back.indexOf('Problems found')))).not.toContain(FOUND_TOO);
    expect(after).toEqual([]);
    await press(ui2, 'e');
    await vi.waitFor(() => expect(after[0]).toMatchObject({ kind: 'need-explain' }));
    cleanup();

    const again = tuiReducer((after[0] as Extract<AppResult, { kind: 'need-explain' }>).state, { type: 'explain:show', result: explainText(SCOPES) });
    const last: AppResult[] = [];
    const ui3 = renderInRoot<AppResult>(<App port={w.port} mode="diagnose" strict={false} tickMs={0} openUrl={async () => true} resume={again} />, (r) =>
      last.push(r),
    );
    await waitForText(ui3, 'enter / esc: back · q quit');
    await press(ui3, 'q');
    await vi.waitFor(() => expect(last).toEqual([{ kind: 'quit', exitCode: 1 }]));
  });

  it('while checks run: e is queued (said on screen) and the paste prompt comes when the run ends', async () => {
    const w = heldWorld();
    const results: AppResult[] = [];
    const ui = renderInRoot<AppResult>(<App port={w.port} mode="diagnose" strict={false} tickMs={0} openUrl={async () => true} />, (r) => results.push(r));
    await vi.waitFor(() => expect(w.started()).toBe(true));
    w.begin();
    await waitForText(ui, '? help · e explain an error · ctrl-c cancel');
    await press(ui, 'e');
    await waitForText(ui, 'opens when the checks finish');
    expect(results).toEqual([]); // Ink keeps stdin while the run's events still arrive
    w.finish();
    await vi.waitFor(() => expect(results[0]).toMatchObject({ kind: 'need-explain', state: { phase: 'finished', explain: { stage: 'asking' } } }));
    const state = (results[0] as Extract<AppResult, { kind: 'need-explain' }>).state;
    expect(state.findings.map((f) => f.id)).toEqual(['token.missing-scope']); // nothing of the run was lost
  });

  it('esc closes the explanation too', async () => {
    const w = heldWorld();
    const results: AppResult[] = [];
    const ui = renderInRoot<AppResult>(<App port={w.port} mode="diagnose" strict={false} tickMs={0} openUrl={async () => true} />, (r) => results.push(r));
    await vi.waitFor(() => expect(w.started()).toBe(true));
    w.finish();
    await waitForText(ui, 'Problems found');
    await press(ui, 'e');
    await vi.waitFor(() => expect(results[0]).toMatchObject({ kind: 'need-explain' }));
    cleanup();
    const resume = tuiReducer((results[0] as Extract<AppResult, { kind: 'need-explain' }>).state, { type: 'explain:show', result: explainText('hello') });
    const ui2 = renderInRoot<AppResult>(
      <App port={w.port} mode="diagnose" strict={false} tickMs={0} openUrl={async () => true} resume={resume} alreadyPrinted={0} />,
      () => {},
    );
    await waitFor(ui2, () => allOutput(ui2).includes('No known GHCR failure mode'), 'the printed explanation');
    await press(ui2, KEYS.escape);
    await waitForText(ui2, 'Problems found');
  });
});

describe('App (learn): e between steps', () => {
  it('asks for the paste on a step page, prints the explanation, and enter returns to the same page', async () => {
    const w = heldWorld();
    const results: AppResult[] = [];
    const ui = renderInRoot<AppResult>(<App port={w.port} mode="learn" strict={false} tickMs={0} openUrl={async () => true} />, (r) => results.push(r));
    await waitForText(ui, 'step 1 of 3');
    expect(ui.lastFrame()).toContain('e explain an error');
    await press(ui, 'e');
    await vi.waitFor(() => expect(results[0]).toMatchObject({ kind: 'need-explain', state: { phase: 'learn', learn: { stage: 'explain' } } }));
    cleanup();
    const asked = (results[0] as Extract<AppResult, { kind: 'need-explain' }>).state;
    const resume = tuiReducer(asked, { type: 'explain:show', result: explainText(SCOPES) });
    const ui2 = renderInRoot<AppResult>(
      <App port={w.port} mode="learn" strict={false} tickMs={0} openUrl={async () => true} resume={resume} alreadyPrinted={asked.printed.length} />,
      () => {},
    );
    await waitForText(ui2, 'enter / esc: back · q quit');
    expect(allOutput(ui2)).toContain('[token.missing-scope]');
    expect(flat(allOutput(ui2))).not.toContain(FOUND_TOO); // learn has not run the scopes step yet
    expect(ui2.lastFrame()).not.toContain('step 1 of 3');
    await press(ui2, KEYS.enter); // closes the explanation; it does not run the step
    await waitForText(ui2, 'step 1 of 3');
    expect(ui2.lastFrame()).not.toContain('What this means for you');
  });
});
