import { describe, expect, it } from 'vitest';
import {
  exitCodeOf,
  fixableFindings,
  fixQueueFor,
  initialState,
  learnOrder,
  learnPage,
  learnPages,
  liveRows,
  summaryFindings,
  tuiReducer,
  type FixOption,
  type TuiAction,
  type TuiState,
} from '../../src/tui/state.js';
import { CHECKS, done, found, runDone, start } from './fixtures.js';

const reduce = (s: TuiState, ...actions: TuiAction[]) => actions.reduce(tuiReducer, s);

function begun(mode: 'diagnose' | 'learn' = 'diagnose', strict = false): TuiState {
  return tuiReducer(initialState({ mode, strict, now: 0 }), { type: 'run:begin', checks: CHECKS, scope: null, at: 0 });
}

const ev = (e: ReturnType<typeof done>): TuiAction => ({ type: 'engine', event: e });

describe('tuiReducer: the diagnosis view', () => {
  it('shows every check as pending in buildChecks order before anything runs', () => {
    const s = begun();
    expect(s.order).toEqual(CHECKS.map((c) => c.id));
    expect(liveRows(s).map((r) => r.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
  });

  it('prints finished steps into Static in check order, holding a later one until the earlier ones finish', () => {
    let s = reduce(begun(), ev(start('token.discovery')), ev(start('registry.login')));
    s = reduce(s, ev(done('registry.login', 'pass', 'ok')));
    expect(s.printed).toEqual([]); // token.discovery still runs: nothing may jump ahead of it
    s = reduce(s, ev(done('token.discovery', 'pass', 'GHCR_TOKEN')));
    expect(s.printed.map((p) => (p.kind === 'check' ? p.row.id : p.kind === 'note' ? p.text : p.key))).toEqual(['token.discovery']);
    s = reduce(s, ev(done('token.scopes', 'pass', 'ok')));
    expect(s.printed.map((p) => (p.kind === 'check' ? p.row.id : p.kind === 'note' ? p.text : p.key))).toEqual([
      'token.discovery',
      'token.scopes',
      'registry.login',
    ]);
    expect(liveRows(s).map((r) => r.id)).toEqual(['registry.push']);
  });

  it('keeps the skip reason of a dependant of a failed step', () => {
    const s = reduce(begun(), ev(done('token.discovery', 'fail', 'no token')), ev(done('registry.login', 'skip', 'skipped: depends on Token')));
    expect(s.rows['registry.login']).toMatchObject({ status: 'skip', summary: 'skipped: depends on Token' });
  });

  it('finishes on run:done and computes the diagnosis exit code (1 problems, 3 only unreachable, strict warnings)', () => {
    let s = reduce(
      begun(),
      { type: 'engine', event: { type: 'finding', finding: found('registry.unreachable', 'registry.login') } },
      { type: 'engine', event: runDone() },
    );
    expect(s.phase).toBe('finished');
    expect(exitCodeOf(s)).toBe(3);
    s = reduce(s, { type: 'engine', event: { type: 'finding', finding: found('token.missing-scope', 'token.scopes') } });
    expect(exitCodeOf(s)).toBe(1);
    const w = reduce(begun('diagnose', true), { type: 'engine', event: { type: 'finding', finding: found('token.expiring', 'token.scopes') } });
    expect(exitCodeOf(w)).toBe(1);
    expect(exitCodeOf(reduce(begun(), { type: 'engine', event: { type: 'finding', finding: found('token.expiring', 'token.scopes') } }))).toBe(0);
  });

  it('orders the summary by what to fix first: root causes, each followed by what it causes, errors before warnings', () => {
    const findings = [found('token.expiring', 'token.discovery'), found('registry.push-denied', 'registry.push'), found('token.missing-scope', 'token.scopes')];
    const ordered = summaryFindings({ findings });
    expect(ordered.map((f) => f.id)).toEqual(['token.missing-scope', 'registry.push-denied', 'token.expiring']);
    expect(ordered.map((f) => f.causedBy)).toEqual([undefined, 'token.missing-scope', undefined]);
  });

  it('a full re-run keeps what Static printed (it cannot be taken back) and adds a re-run header', () => {
    let s = reduce(begun(), ev(done('token.discovery', 'pass', 'ok')), { type: 'engine', event: runDone() });
    s = tuiReducer(s, { type: 'run:begin', checks: CHECKS, scope: null, at: 5 });
    expect(s.printed.map((p) => p.key)).toEqual(['1:token.discovery', '2:note']);
    expect(s.rows['token.discovery']!.status).toBe('pending');
    expect(s.findings).toEqual([]);
  });
});

const OPTIONS: FixOption[] = [
  { key: 'a', actionId: 'token.create-classic', title: 'New token', findingId: 'token.missing-scope', severity: 'error', check: 'token.scopes' },
  { key: 'b', actionId: 'manual.actions-access', title: 'Grant access', findingId: 'package.not-linked', severity: 'warning', check: 'package.info' },
];

function finished(): TuiState {
  return reduce(
    begun(),
    { type: 'engine', event: { type: 'finding', finding: found('token.missing-scope', 'token.scopes') } },
    { type: 'engine', event: runDone() },
  );
}

describe('tuiReducer: fixes with consent', () => {
  it('"errors only" queues only fixes of error findings; "all" queues every fix', () => {
    expect(fixQueueFor(OPTIONS, 'errors')).toEqual(['a']);
    expect(fixQueueFor(OPTIONS, 'all')).toEqual(['a', 'b']);
  });

  it('no fix is offered for an info finding (a private package is no fault: never "make it public" in fix everything)', () => {
    const priv = { ...found('package.private', 'package.info', 'private'), severity: 'info' as const };
    const scope = found('token.missing-scope', 'token.scopes', 'lacks write:packages');
    expect(fixableFindings([scope, priv]).map((f) => f.id)).toEqual(['token.missing-scope']);
    expect(fixableFindings([{ ...priv, severity: 'error' }]).map((f) => f.id)).toEqual(['package.private']); // --expect-public
  });

  it('shows each fix as a preview first and moves on when it is declined', () => {
    let s = reduce(finished(), { type: 'fixes:offer', options: OPTIONS }, { type: 'fixes:mode', mode: 'all' });
    expect(s).toMatchObject({ phase: 'fix-preview', fixCurrent: 'a', fixQueue: ['b'] });
    s = tuiReducer(s, { type: 'fix:decline' });
    expect(s).toMatchObject({ phase: 'fix-preview', fixCurrent: 'b' });
    s = tuiReducer(s, { type: 'fix:decline' });
    expect(s.phase).toBe('finished');
    expect(s.fixResults.map((r) => [r.key, r.outcome])).toEqual([
      ['a', 'declined'],
      ['b', 'declined'],
    ]);
  });

  it("an applied fix re-checks only its scope, replaces that scope's findings, then goes on", () => {
    let s = reduce(finished(), { type: 'fixes:offer', options: OPTIONS }, { type: 'fixes:mode', mode: 'all' }, { type: 'fix:accept' });
    expect(s.phase).toBe('fix-applying');
    s = reduce(s, { type: 'fix:done', ok: true, message: 'saved' }, { type: 'run:begin', checks: CHECKS, scope: ['token.scopes'], at: 9 });
    expect(s.phase).toBe('rechecking');
    expect(s.findings).toEqual([]); // the old token.scopes finding is gone until the check says otherwise
    expect(s.rows['token.discovery']!.status).toBe('pending'); // untouched: not in scope (never ran in this test)
    s = reduce(s, ev(start('registry.login')), ev(done('token.scopes', 'pass', 'has write:packages')), { type: 'engine', event: runDone() });
    expect(s.rows['registry.login']!.status).toBe('pending'); // events outside the scope are ignored
    expect(s.printed.at(-1)).toMatchObject({ kind: 'check', rerun: true, row: { id: 'token.scopes', status: 'pass' } });
    expect(s).toMatchObject({ phase: 'fix-preview', fixCurrent: 'b' });
  });

  it('a failed fix is recorded and the next one is offered', () => {
    const s = reduce(
      finished(),
      { type: 'fixes:offer', options: OPTIONS },
      { type: 'fixes:mode', mode: 'errors' },
      { type: 'fix:accept' },
      { type: 'fix:done', ok: false, message: '401' },
    );
    expect(s.phase).toBe('finished');
    expect(s.fixResults).toEqual([{ key: 'a', title: 'New token', outcome: 'failed', message: '401' }]);
  });

  it('"one by one" returns to the list after each fix', () => {
    let s = reduce(finished(), { type: 'fixes:offer', options: OPTIONS }, { type: 'fixes:mode', mode: 'one-by-one' });
    expect(s.phase).toBe('fix-pick');
    s = reduce(s, { type: 'fixes:pick', key: 'b' });
    expect(s).toMatchObject({ phase: 'fix-preview', fixCurrent: 'b' });
    s = tuiReducer(s, { type: 'fix:decline' });
    expect(s.phase).toBe('fix-pick');
    expect(tuiReducer(s, { type: 'fixes:close' }).phase).toBe('finished');
  });

  it('ignores keys that do not belong to the phase (accept without a preview does nothing)', () => {
    const s = finished();
    expect(tuiReducer(s, { type: 'fix:accept' })).toBe(s);
    expect(tuiReducer(s, { type: 'fixes:mode', mode: 'all' })).toBe(s);
  });

  it('wraps the menu selection around', () => {
    const s = tuiReducer(initialState({ mode: 'diagnose', strict: false, now: 0 }), { type: 'menu:move', delta: -1, size: 3 });
    expect(s.menuIndex).toBe(2);
  });
});

describe('tuiReducer: learn', () => {
  it('puts a dependency before its dependant even when listed later', () => {
    expect(
      learnOrder([
        { id: 'b', dependsOn: ['a'] },
        { id: 'a', dependsOn: [] },
      ]),
    ).toEqual(['a', 'b']);
  });

  it('consecutive checks with the same explanation share one page', () => {
    const s = begun('learn');
    expect(learnPages(s)).toEqual([['token.discovery', 'token.scopes'], ['registry.login'], ['registry.push']]);
    expect(learnPage(s, 'token.scopes')).toEqual(['token.discovery', 'token.scopes']);
  });

  it('explains, runs the whole page, shows the meaning once all of it is done, then moves to the next page', () => {
    let s = begun('learn');
    expect(s.learn).toEqual({ cursor: 'token.discovery', stage: 'explain' });
    s = tuiReducer(s, { type: 'run:begin', checks: CHECKS, scope: ['token.discovery', 'token.scopes'], at: 1 });
    expect(s.learn.stage).toBe('running');
    s = reduce(s, ev(start('token.discovery')), ev(done('token.discovery', 'pass', 'a token')));
    expect(s.learn.stage).toBe('running'); // token.scopes has not answered yet
    s = reduce(s, ev(done('token.scopes', 'fail', 'lacks write:packages')));
    expect(s.learn).toEqual({ cursor: 'token.discovery', stage: 'meaning' });
    s = tuiReducer(s, { type: 'learn:next' });
    expect(s.learn).toEqual({ cursor: 'registry.login', stage: 'explain' });
  });

  it('s skips a page without running it; b goes back (to the result of a page that ran, to the explanation of a skipped one)', () => {
    let s = begun('learn');
    s = reduce(
      s,
      { type: 'run:begin', checks: CHECKS, scope: ['token.discovery', 'token.scopes'], at: 1 },
      ev(done('token.discovery', 'pass', 'ok')),
      ev(done('token.scopes', 'pass', 'ok')),
    );
    s = tuiReducer(s, { type: 'learn:next' });
    s = tuiReducer(s, { type: 'learn:skip' });
    expect(s.learn).toEqual({ cursor: 'registry.push', stage: 'explain' });
    expect(s.rows['registry.login']!.status).toBe('skip');
    s = tuiReducer(s, { type: 'learn:back' });
    expect(s.learn).toEqual({ cursor: 'registry.login', stage: 'explain' });
    s = tuiReducer(s, { type: 'learn:back' });
    expect(s.learn).toEqual({ cursor: 'token.discovery', stage: 'meaning' });
    s = tuiReducer(s, { type: 'learn:back' }); // the first page has nothing before it
    expect(s.learn).toEqual({ cursor: 'token.discovery', stage: 'meaning' });
    s = tuiReducer(s, { type: 'learn:next' }); // on to the first page not done yet: the skipped one stays skipped
    expect(s.learn).toEqual({ cursor: 'registry.push', stage: 'explain' });
  });

  it('ends on the summary after the last page', () => {
    let s = begun('learn');
    for (const page of learnPages(s)) {
      s = reduce(s, { type: 'run:begin', checks: CHECKS, scope: page, at: 1 }, ...page.map((id) => ev(done(id, 'pass', 'ok'))));
      s = tuiReducer(s, { type: 'learn:next' });
    }
    expect(s.phase).toBe('finished');
  });
});
