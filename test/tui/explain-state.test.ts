import { describe, expect, it } from 'vitest';
import { canExplain, initialState, tuiReducer, type TuiAction, type TuiState } from '../../src/tui/state.js';
import { explainText } from '../../src/explain/matcher.js';
import { CHECKS, done, found, runDone, start } from './fixtures.js';

const reduce = (s: TuiState, ...actions: TuiAction[]) => actions.reduce(tuiReducer, s);
const ev = (event: ReturnType<typeof done>): TuiAction => ({ type: 'engine', event });
const SCOPES = 'denied: permission_denied: The token provided does not match expected scopes.';

function begun(mode: 'diagnose' | 'learn' = 'diagnose'): TuiState {
  return tuiReducer(initialState({ mode, strict: false, now: 0 }), { type: 'run:begin', checks: CHECKS, scope: null, at: 0 });
}

function finished(): TuiState {
  return reduce(begun(), ev({ type: 'finding', finding: found('token.missing-scope', 'token.scopes') }), ev(runDone()));
}

describe('tuiReducer: e (explain an error)', () => {
  it('from the summary: asks for the paste, prints the explanation (marking what the run found too), and enter goes back to the same summary', () => {
    const before = finished();
    const asking = tuiReducer(before, { type: 'explain:ask' });
    expect(asking.explain).toEqual({ stage: 'asking' });
    expect(asking.phase).toBe('finished');
    const result = explainText(SCOPES);
    expect(result.matches.map((m) => m.id)).toEqual(['token.missing-scope', 'registry.push-denied']);
    const showing = tuiReducer(asking, { type: 'explain:show', result });
    expect(showing.explain).toEqual({ stage: 'showing' });
    expect(showing.printed.slice(before.printed.length)).toEqual([
      { key: `explain:${before.printed.length}`, kind: 'explanation', result, foundIds: ['token.missing-scope'] },
    ]);
    const back = tuiReducer(showing, { type: 'explain:close' });
    expect(back.explain).toBeUndefined();
    expect({ ...back, printed: before.printed }).toEqual(before); // only the printed explanation stays
  });

  it('two explanations get two keys (Static needs unique ones)', () => {
    let s = finished();
    for (let i = 0; i < 2; i++) s = reduce(s, { type: 'explain:ask' }, { type: 'explain:show', result: explainText(SCOPES) }, { type: 'explain:close' });
    const keys = s.printed.filter((p) => p.kind === 'explanation').map((p) => p.key);
    expect(new Set(keys).size).toBe(2);
  });

  it('nothing pasted: straight back to where the user was', () => {
    const before = finished();
    const s = reduce(before, { type: 'explain:ask' }, { type: 'explain:show', result: null });
    expect(s).toEqual(before);
  });

  it('pressed while checks run: queued, and the paste prompt is asked for only once nothing runs', () => {
    let s = reduce(begun(), ev(start('token.discovery')), { type: 'explain:ask' });
    expect(s.explain).toEqual({ stage: 'queued' });
    s = reduce(s, ev(done('token.discovery', 'pass', 'ok')), ev(done('token.scopes', 'fail', 'lacks write:packages')));
    expect(s.explain).toEqual({ stage: 'queued' }); // still running: run:done has not come
    s = tuiReducer(s, ev(runDone()));
    expect(s.phase).toBe('finished');
    expect(s.explain).toEqual({ stage: 'asking' });
  });

  it('learn: asked between steps, queued while a step runs', () => {
    let s = begun('learn');
    s = tuiReducer(s, { type: 'explain:ask' });
    expect(s.explain).toEqual({ stage: 'asking' });
    s = reduce(begun('learn'), { type: 'run:begin', checks: CHECKS, scope: ['token.discovery', 'token.scopes'], at: 1 }, { type: 'explain:ask' });
    expect(s.explain).toEqual({ stage: 'queued' });
    s = reduce(s, ev(done('token.discovery', 'pass', 'ok')), ev(done('token.scopes', 'pass', 'ok')));
    expect(s.learn.stage).toBe('meaning');
    expect(s.explain).toEqual({ stage: 'asking' });
  });

  it('not inside the fix flow, and not twice at once', () => {
    const offer = tuiReducer(finished(), { type: 'fixes:offer', options: [] });
    expect(canExplain(offer)).toBe(false);
    expect(tuiReducer(offer, { type: 'explain:ask' })).toBe(offer);
    const asking = tuiReducer(finished(), { type: 'explain:ask' });
    expect(canExplain(asking)).toBe(false);
    expect(tuiReducer(asking, { type: 'explain:ask' })).toBe(asking);
  });

  it('explain:show without a pending ask, and explain:close without an explanation, change nothing', () => {
    const s = finished();
    expect(tuiReducer(s, { type: 'explain:show', result: explainText(SCOPES) })).toBe(s);
    expect(tuiReducer(s, { type: 'explain:close' })).toBe(s);
  });

  it('asking hides the help panel (Ink is about to step aside)', () => {
    const s = reduce(finished(), { type: 'help:toggle' }, { type: 'explain:ask' });
    expect(s.showHelp).toBe(false);
  });
});
