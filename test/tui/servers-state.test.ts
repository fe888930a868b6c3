import { describe, expect, it } from 'vitest';
import {
  fixMenuEntries,
  initialState,
  liveRows,
  liveServers,
  sameFixElsewhere,
  serverLineOf,
  tuiReducer,
  type FixOption,
  type PrintedItem,
  type TuiAction,
  type TuiState,
} from '../../src/tui/state.js';
import { summaryLines } from '../../src/tui/components/Summary.js';
import { columnWidths, tableText } from '../../src/tui/server-table.js';
import type { EngineEvent } from '../../src/engine/types.js';
import { ALL_CHECKS, label, sDone, serverRun, sFound, sStart } from './server-fixtures.js';
import { done, runDone } from './fixtures.js';

const L1 = label(1);
const L2 = label(2);
const L3 = label(3);

const reduce = (s: TuiState, ...actions: TuiAction[]) => actions.reduce(tuiReducer, s);
const ev = (...events: EngineEvent[]): TuiAction[] => events.map((event) => ({ type: 'engine', event }));

function begun(servers = [L1, L2, L3]): TuiState {
  return tuiReducer(initialState({ mode: 'diagnose', strict: false, now: 0, servers }), { type: 'run:begin', checks: ALL_CHECKS, scope: null, at: 0 });
}

const printedServers = (s: TuiState) => s.printed.filter((p): p is Extract<PrintedItem, { kind: 'server' }> => p.kind === 'server').map((p) => p.line.label);

function finished(): TuiState {
  return reduce(
    begun(),
    ...ev(
      ...serverRun(L1, { credentials: 'server.not-logged-in' }),
      ...serverRun(L2),
      ...serverRun(L3, { credentials: 'server.not-logged-in' }),
      ...['token.discovery', 'token.scopes', 'registry.login', 'registry.push'].map((id) => done(id, 'pass', 'ok')),
      runDone(),
    ),
  );
}

describe('tuiReducer with several deploy servers: the server table', () => {
  it('keeps the per-server checks out of the step list: each server has its own rows, all live at first', () => {
    const s = begun();
    expect(s.order).toEqual(['token.discovery', 'token.scopes', 'registry.login', 'registry.push']);
    expect(s.serverOrder).toEqual(['ssh.connect', 'server.runtime', 'server.credentials', 'server.pull']);
    expect(Object.keys(s.serverRows)).toEqual([L1, L2, L3]);
    expect(liveServers(s)).toEqual([L1, L2, L3]);
    expect(serverLineOf(s, L1).state).toBe('waiting');
    // The same check id on three servers never lands in the step rows.
    const t = reduce(s, ...ev(sStart('ssh.connect', L1), sStart('ssh.connect', L2)));
    expect(liveRows(t).map((r) => r.id)).toEqual(s.order);
    expect(serverLineOf(t, L1).state).toBe('connecting');
  });

  it('prints a server line into Static as soon as that server finishes: a slow server holds up no other, the head comes once first', () => {
    let s = reduce(begun(), ...ev(sStart('ssh.connect', L1), ...serverRun(L3)));
    expect(printedServers(s)).toEqual([L3]);
    expect(s.printed[0]).toMatchObject({ kind: 'server-head', labels: [L1, L2, L3] });
    expect(liveServers(s)).toEqual([L1, L2]);
    s = reduce(s, ...ev(...serverRun(L2, { unreachable: true }), ...serverRun(L1)));
    expect(printedServers(s)).toEqual([L3, L2, L1]);
    expect(s.printed.filter((p) => p.kind === 'server-head')).toHaveLength(1);
    expect(liveServers(s)).toEqual([]);
  });

  it('a line says state, runtime, credential and pull', () => {
    const s = reduce(begun(), ...ev(...serverRun(L1), ...serverRun(L2, { credentials: 'server.not-logged-in' }), ...serverRun(L3, { unreachable: true })));
    expect(serverLineOf(s, L1)).toMatchObject({ state: 'ok', runtime: 'podman 4.9.3', credential: 'ok', pull: 'ok', done: true, tone: 'success' });
    expect(serverLineOf(s, L2)).toMatchObject({ state: '1 problem(s)', credential: 'not logged in', pull: 'fails', tone: 'danger' });
    expect(serverLineOf(s, L3)).toMatchObject({ state: 'unreachable', runtime: '–', pull: '–', tone: 'danger' });
  });

  it('a changed host key stops that server only; the others go on to their pull', () => {
    const s = reduce(
      begun(),
      ...ev(
        sStart('ssh.connect', L2),
        sFound('ssh.host-key-mismatch', 'ssh.connect', L2),
        sDone('ssh.connect', L2, 'fail', 'The host key has changed'),
        ...['server.runtime', 'server.credentials', 'server.pull'].map((id) => sDone(id, L2, 'skip', 'skipped')),
        ...serverRun(L1),
        ...serverRun(L3),
      ),
    );
    expect([L1, L2, L3].map((l) => serverLineOf(s, l).state)).toEqual(['ok', 'key changed', 'ok']);
    expect(serverLineOf(s, L1).pull).toBe('ok');
  });

  it('fits 80 columns: a label of 27 characters whole; a longer one is cut at its start, keeping host and port', () => {
    const widths = columnWidths([L1, 'ghcrd-many1@127.0.0.1:41234'], 80);
    const text = tableText(
      { label: 'ghcrd-many1@127.0.0.1:41234', state: '12 problem(s)', runtime: 'podman 4.9.3', credential: 'not logged in', pull: 'fails' },
      widths,
    );
    // Six columns before it: the re-check mark, the server's number, the glyph.
    expect(text.length + 6).toBeLessThanOrEqual(80);
    expect(text).toBe('ghcrd-many1@127.0.0.1:41234 12 problem(s) podman 4.9.3 not logged in fails');
    const long = tableText(
      { label: 'deployer@build-host-17.example.org:2222', state: 'ok', runtime: '', credential: '', pull: '' },
      columnWidths(['deployer@build-host-17.example.org:2222'], 80),
    );
    expect(long.startsWith('…')).toBe(true);
    expect(long).toContain('example.org:2222');
  });

  it('opens a server by number or by the selection, moves between servers and goes back', () => {
    let s = finished();
    expect(s.phase).toBe('finished');
    s = reduce(s, { type: 'servers:move', delta: -1 });
    expect(s.serverCursor).toBe(2);
    s = reduce(s, { type: 'servers:open' });
    expect(s).toMatchObject({ phase: 'server-details', details: L3 });
    s = reduce(s, { type: 'servers:open', index: 0 });
    expect(s).toMatchObject({ phase: 'server-details', details: L1, serverCursor: 0 });
    s = reduce(s, { type: 'servers:close' });
    expect(s).toMatchObject({ phase: 'finished', details: undefined });
    expect(reduce(s, { type: 'servers:open', index: 7 }).phase).toBe('finished');
  });

  it('learn has no table: a page of server checks finishes when the servers report (no page waits forever)', () => {
    let s = tuiReducer(initialState({ mode: 'learn', strict: false, now: 0, servers: [L1, L2] }), {
      type: 'run:begin',
      checks: ALL_CHECKS,
      scope: null,
      at: 0,
    });
    expect(s.servers).toEqual([]);
    s = reduce(
      s,
      { type: 'run:begin', checks: ALL_CHECKS, scope: ['ssh.connect'], at: 1 },
      ...ev(sStart('ssh.connect', L1), sDone('ssh.connect', L1, 'pass', 'ok')),
    );
    expect(s.rows['ssh.connect']!.status).toBe('pass');
  });

  it('with one server there is no table: its checks are steps as before', () => {
    const s = reduce(begun([L1]), ...ev(sStart('ssh.connect', L1)));
    expect(s.servers).toEqual([]);
    expect(s.order).toContain('ssh.connect');
    expect(s.rows['ssh.connect']!.status).toBe('running');
    expect(reduce(s, { type: 'servers:open', index: 0 }).phase).toBe('running');
  });
});

const option = (server: string | undefined, over: Partial<FixOption> = {}): FixOption => ({
  key: `server.not-logged-in:server.login-persistent@${server}`,
  actionId: 'server.login-persistent',
  title: 'Log in persistently',
  findingId: 'server.not-logged-in',
  severity: 'error',
  check: 'server.pull',
  server,
  ...over,
});

describe('tuiReducer with several deploy servers: fixes', () => {
  const options = [
    option(L1),
    option(L3),
    option(undefined, { key: 'token.invalid:token.create', actionId: 'token.create', findingId: 'token.invalid', check: 'token.discovery' }),
  ];

  it('the fix list shows a fix every server with the finding shares once', () => {
    expect(fixMenuEntries(options).map((e) => [e.option.key, e.servers])).toEqual([
      [options[0]!.key, [L1, L3]],
      ['token.invalid:token.create', []],
    ]);
    expect(sameFixElsewhere(options, options[1]!.key)).toEqual([options[0]!.key, options[1]!.key]);
    expect(sameFixElsewhere(options, 'token.invalid:token.create')).toEqual(['token.invalid:token.create']);
  });

  const picking = () =>
    reduce(finished(), { type: 'fixes:offer', options }, { type: 'fixes:mode', mode: 'one-by-one' }, { type: 'fixes:pick', key: options[0]!.key });

  it('picking it asks: every server with the finding (each previewed and asked in turn), or only this one', () => {
    let s = picking();
    expect(s).toMatchObject({ phase: 'fix-scope', fixPicked: options[0]!.key });
    s = reduce(s, { type: 'fixes:scope', all: true });
    expect(s).toMatchObject({ phase: 'fix-preview', fixCurrent: options[0]!.key, fixQueue: [options[1]!.key] });
    s = reduce(s, { type: 'fix:decline' });
    expect(s).toMatchObject({ phase: 'fix-preview', fixCurrent: options[1]!.key, fixQueue: [] });
    s = reduce(s, { type: 'fix:decline' });
    expect(s.phase).toBe('fix-pick');
    expect(s.fixResults.map((r) => [r.key, r.outcome])).toEqual([
      [options[0]!.key, 'declined'],
      [options[1]!.key, 'declined'],
    ]);
  });

  it('every server: in the order the servers were given, whichever finished (and was offered) first', () => {
    const later = [option(L3), option(L1)];
    const s = reduce(
      finished(),
      { type: 'fixes:offer', options: later },
      { type: 'fixes:mode', mode: 'one-by-one' },
      { type: 'fixes:pick', key: later[0]!.key },
      { type: 'fixes:scope', all: true },
    );
    expect(s).toMatchObject({ fixCurrent: later[1]!.key, fixQueue: [later[0]!.key] });
  });

  it('only this one: one preview; esc on the question goes back to the list', () => {
    expect(reduce(picking(), { type: 'fixes:scope', all: false })).toMatchObject({ phase: 'fix-preview', fixCurrent: options[0]!.key, fixQueue: [] });
    expect(reduce(picking(), { type: 'fixes:close' })).toMatchObject({ phase: 'fix-pick', fixPicked: undefined });
  });

  it('after a fix on one server, only that server is checked again: the others keep their lines and findings', () => {
    let s = reduce(picking(), { type: 'fixes:scope', all: false }, { type: 'fix:accept' }, { type: 'fix:done', ok: true, message: 'logged in' });
    const before = s.printed.length;
    s = reduce(s, { type: 'run:begin', checks: ALL_CHECKS, scope: ['server.runtime', 'server.credentials', 'server.pull'], at: 5, servers: [L1] });
    expect(s.phase).toBe('rechecking');
    expect(s.serverRows[L1]!['server.pull']!.status).toBe('pending');
    expect(s.serverRows[L3]!['server.pull']!.status).toBe('fail');
    expect(s.findings.filter((f) => f.id === 'server.not-logged-in').map((f) => f.server)).toEqual([L3]);
    expect(liveServers(s)).toEqual([L1]);
    // Another server's events do not belong to this re-check.
    s = reduce(s, ...ev(sFound('server.not-logged-in', 'server.pull', L3)));
    expect(s.findings.filter((f) => f.id === 'server.not-logged-in')).toHaveLength(1);
    s = reduce(s, ...ev(sStart('server.runtime', L1), ...serverRun(L1).slice(3), runDone()));
    expect(s.printed.slice(before).filter((p) => p.kind === 'server')).toEqual([
      expect.objectContaining({ rerun: true, line: expect.objectContaining({ label: L1, state: 'ok' }) }),
    ]);
    expect(s.phase).toBe('fix-pick');
  });
});

describe('the summary with several servers', () => {
  it('a finding several servers share is one problem naming them', () => {
    const s = finished();
    const lines = summaryLines(s.findings, 1, [], [L1, L2, L3]).map((l) => l.text);
    expect(lines.filter((l) => l.includes('[server.not-logged-in]'))).toHaveLength(1);
    expect(lines).toContain(`on 2 servers: ${L1}, ${L3}`);
  });

  it('names the servers in input order, whichever finished first', () => {
    const s = reduce(begun(), ...ev(...serverRun(L3, { credentials: 'server.not-logged-in' }), ...serverRun(L1, { credentials: 'server.not-logged-in' })));
    expect(summaryLines(s.findings, 1, [], [L1, L2, L3]).map((l) => l.text)).toContain(`on 2 servers: ${L1}, ${L3}`);
  });
});
