/**
 * The interactive UI's state: a pure reducer over engine events and user actions (no React, no Ink),
 * so every transition is unit-tested without a terminal.
 */
import type { CheckRecord, CheckStatus, EngineEvent, Finding, Severity } from '../engine/types.js';
import { exitCodeFor, type DiagnosisExitCode } from '../engine/outcome.js';
import type { ExplainResult } from '../explain/matcher.js';
import { orderByCause } from '../engine/causes.js';
import { learnTextFor } from '../learn/texts.js';
import { serverLine, type ServerLine } from './server-table.js';

export type RowStatus = CheckStatus | 'running' | 'pending';

export interface CheckRow {
  id: string;
  title: string;
  status: RowStatus;
  dependsOn: string[];
  summary?: string;
  durationMs?: number;
  startedAt?: number;
  waitsOn?: string;
}

/** One line printed once into Ink's <Static> (append-only: Static cannot take anything back). */
export type PrintedItem =
  | { key: string; kind: 'check'; row: CheckRow; rerun: boolean }
  | { key: string; kind: 'note'; text: string }
  /** A fix's outcome, kept in the scrollback (the summary shows only the last few). */
  | { key: string; kind: 'fix-result'; result: FixResult }
  /** What `e` explained; `foundIds`: the matched ids the diagnosis had found too when it was shown. */
  | { key: string; kind: 'explanation'; result: ExplainResult; foundIds: string[] }
  /** The server table's head, printed before its first line of a run. */
  | { key: string; kind: 'server-head'; labels: string[] }
  /** A deploy server whose checks have all finished: its table line. */
  | { key: string; kind: 'server'; line: ServerLine; rerun: boolean };

/** A fix the UI can offer, as plain data (the FixAction objects stay outside the state). */
export interface FixOption {
  /** Unique per (finding, action). */
  key: string;
  actionId: string;
  title: string;
  findingId: string;
  severity: Severity;
  check: string;
  /** The deploy server the fix changes (`USER@HOST:PORT`), for a finding about one server. */
  server?: string;
}

export type FixMode = 'all' | 'errors' | 'one-by-one';

export interface FixResult {
  key: string;
  title: string;
  outcome: 'applied' | 'declined' | 'failed';
  message: string;
}

export type LearnStage = 'explain' | 'running' | 'meaning';

/**
 * The `e` key ("explain an error"), shown over whatever view the user is in. `queued`: pressed while
 * checks run; the paste prompt waits until nothing runs, because Ink steps aside for it and a run's
 * events would have no view to land in. `asking`: Ink is to unmount for the paste prompt.
 * `showing`: the explanation was printed (into <Static>: the terminal scrolls it, however long, and
 * keeps it); the view under it waits until enter or esc.
 */
export type ExplainOverlay = { stage: 'queued' } | { stage: 'asking' } | { stage: 'showing' };

export type Phase =
  | 'running'
  | 'finished'
  | 'fix-offer'
  | 'fix-pick'
  | 'fix-preview'
  | 'fix-applying'
  | 'fix-wait-user'
  | 'rechecking'
  | 'push-confirm'
  | 'learn'
  /** A server fix picked whose finding other servers have too: this server only, or all of them. */
  | 'fix-scope'
  /** One deploy server's checks and findings (several servers). */
  | 'server-details';

export interface TuiState {
  mode: 'diagnose' | 'learn';
  strict: boolean;
  phase: Phase;
  /** Check ids in the order of buildChecks (the order a person reads them). */
  order: string[];
  rows: Record<string, CheckRow>;
  findings: Finding[];
  printed: PrintedItem[];
  /** How many rows of `order` are already in `printed` for the current run. */
  printedUpTo: number;
  runNumber: number;
  /** Ids the current (re)check covers; null = a full run. */
  scope: string[] | null;
  now: number;
  showHelp: boolean;
  menuIndex: number;
  fixOptions: FixOption[];
  fixMode?: FixMode;
  fixQueue: string[];
  fixCurrent?: string;
  fixResults: FixResult[];
  fixMessage?: string;
  learn: { cursor: string | null; stage: LearnStage };
  explain?: ExplainOverlay;
  /** The deploy servers' labels when the run has several (the server table); [] with one or none. */
  servers: string[];
  /** The ssh.* / server.* check ids, in check order (with several servers they are not in `order`). */
  serverOrder: string[];
  /** Each server's rows of those checks. */
  serverRows: Record<string, Record<string, CheckRow>>;
  /** The servers the current run or re-check covers; null: all. */
  serverScope: string[] | null;
  /** The server selected in the table (finished view). */
  serverCursor: number;
  /** The server whose details are open. */
  details?: string;
  /** The fix option picked in fix-pick while its scope (one server or all) is asked. */
  fixPicked?: string;
}

export type TuiAction =
  | { type: 'engine'; event: EngineEvent }
  /** `servers`: with several deploy servers, the ones a re-check covers (default all). */
  | { type: 'run:begin'; checks: Array<{ id: string; title: string; dependsOn: string[] }>; scope: string[] | null; at: number; servers?: string[] }
  | { type: 'tick'; now: number }
  | { type: 'help:toggle' }
  | { type: 'menu:move'; delta: number; size: number }
  | { type: 'fixes:offer'; options: FixOption[] }
  | { type: 'fixes:mode'; mode: FixMode }
  | { type: 'fixes:pick'; key: string }
  | { type: 'fixes:close' }
  | { type: 'fix:decline' }
  | { type: 'fix:accept' }
  | { type: 'fix:wait-user'; message: string }
  | { type: 'fix:done'; ok: boolean; message: string }
  /**
   * Fixes that follow the one in flight (storing a new token where it is used): asked next, in this
   * order, each y/N. A queued fix in `replaces` (the same change with the same token) is not asked twice.
   */
  | { type: 'fixes:follow-up'; options: FixOption[]; replaces: string[] }
  | { type: 'learn:next' }
  /** `s`: leave this page's checks unrun and go to the next page. */
  | { type: 'learn:skip' }
  /** `b`: the page before (its result, when it ran). */
  | { type: 'learn:back' }
  | { type: 'push:ask' }
  | { type: 'push:cancel' }
  | { type: 'explain:ask' }
  /** What the paste prompt read, explained; null when nothing was pasted (back to where the user was). */
  | { type: 'explain:show'; result: ExplainResult | null }
  | { type: 'explain:close' }
  /** Up/down in the server table. */
  | { type: 'servers:move'; delta: number }
  /** Opens a server's details: the one at `index`, else the selected one. */
  | { type: 'servers:open'; index?: number }
  | { type: 'servers:close' }
  /** In fix-scope: every server with the picked finding, or only the picked one. */
  | { type: 'fixes:scope'; all: boolean };

export function initialState(opts: { mode: 'diagnose' | 'learn'; strict: boolean; now: number; servers?: string[] }): TuiState {
  return {
    mode: opts.mode,
    strict: opts.strict,
    phase: opts.mode === 'learn' ? 'learn' : 'running',
    order: [],
    rows: {},
    findings: [],
    printed: [],
    printedUpTo: 0,
    runNumber: 0,
    scope: null,
    now: opts.now,
    showHelp: false,
    menuIndex: 0,
    fixOptions: [],
    fixQueue: [],
    fixResults: [],
    learn: { cursor: null, stage: 'explain' },
    // learn walks the checks one page at a time: each server's run lands on the same rows there, no table.
    servers: opts.mode === 'diagnose' && (opts.servers?.length ?? 0) > 1 ? [...opts.servers!] : [],
    serverOrder: [],
    serverRows: {},
    serverScope: null,
    serverCursor: 0,
  };
}

/** The run has several deploy servers: their checks live in the server table, not in `order`. */
export function hasServerTable(state: Pick<TuiState, 'servers'>): boolean {
  return state.servers.length > 1;
}

function isServerCheck(id: string): boolean {
  return id.startsWith('ssh.') || id.startsWith('server.');
}

/** An engine event about one server's check, in a run with a server table. */
function serverOf(state: TuiState, id: string, server: string | undefined): string | undefined {
  return hasServerTable(state) && server !== undefined && isServerCheck(id) ? server : undefined;
}

/** Servers the current run covers. */
export function serversInScope(state: Pick<TuiState, 'servers' | 'serverScope'>): string[] {
  return state.serverScope ?? state.servers;
}

/** One server's table line now (state, runtime, credential, pull). */
export function serverLineOf(state: Pick<TuiState, 'serverRows' | 'findings'>, label: string): ServerLine {
  return serverLine(label, state.serverRows[label] ?? {}, state.findings);
}

/** The checks of the current run shown as rows (with a server table, the per-server ones are in the table). */
function globalIds(state: TuiState): string[] {
  const ids = state.scope ?? state.order;
  return hasServerTable(state) ? ids.filter((id) => !isServerCheck(id)) : ids;
}

/** Servers of the current run whose line is not printed yet: the live part of the table. */
export function liveServers(state: TuiState): string[] {
  const printed = new Set(
    state.printed.filter((p) => p.kind === 'server' && p.key.startsWith(`${state.runNumber}:`)).map((p) => (p.kind === 'server' ? p.line.label : '')),
  );
  return serversInScope(state).filter((l) => !printed.has(l));
}

const FINAL: ReadonlySet<RowStatus> = new Set<RowStatus>(['pass', 'warn', 'fail', 'skip', 'error']);

export function isFinal(status: RowStatus): boolean {
  return FINAL.has(status);
}

/**
 * Learn mode walks the checks in an order in which every check comes after what it depends on:
 * buildChecks order, except that a check whose dependencies are done and whose explanation is the
 * one just shown comes next (so a page holds every check of its topic that can run there).
 */
export function learnOrder(checks: Array<{ id: string; dependsOn: string[] }>): string[] {
  const ids = new Set(checks.map((c) => c.id));
  const out: string[] = [];
  const placed = new Set<string>();
  const ready = (c: { id: string; dependsOn: string[] }) => !placed.has(c.id) && c.dependsOn.every((d) => placed.has(d) || !ids.has(d));
  while (out.length < checks.length) {
    const topic = out.length > 0 ? learnTextFor(out[out.length - 1]!).topic : undefined;
    const next = checks.find((c) => ready(c) && learnTextFor(c.id).topic === topic) ?? checks.find(ready) ?? checks.find((c) => !placed.has(c.id))!;
    placed.add(next.id);
    out.push(next.id);
  }
  return out;
}

/**
 * Learn's pages: consecutive checks explained by the same text share one page (one explanation, one
 * Enter to run them all), so the same box is never shown twice in a row.
 */
export function learnPages(state: Pick<TuiState, 'order'>): string[][] {
  const pages: string[][] = [];
  let topic: string | undefined;
  for (const id of state.order) {
    const t = learnTextFor(id).topic;
    if (pages.length > 0 && t === topic) pages[pages.length - 1]!.push(id);
    else pages.push([id]);
    topic = t;
  }
  return pages;
}

/** The checks of the learn page that starts (or contains) `cursor`. */
export function learnPage(state: Pick<TuiState, 'order'>, cursor: string): string[] {
  return learnPages(state).find((p) => p.includes(cursor)) ?? [cursor];
}

function toNextLearnPage(state: TuiState): TuiState {
  const next = nextLearnCursor(state);
  if (next === null) return { ...state, phase: 'finished', learn: { cursor: null, stage: 'meaning' }, menuIndex: 0 };
  // A page whose first checks already ran (after back) starts at its first unfinished one.
  return { ...state, learn: { cursor: learnPage(state, next)[0]!, stage: 'explain' } };
}

/** The next check learn mode explains: the first, in learn order, that has not finished. */
export function nextLearnCursor(state: TuiState): string | null {
  return state.order.find((id) => !isFinal(state.rows[id]?.status ?? 'pending')) ?? null;
}

export function exitCodeOf(state: TuiState): DiagnosisExitCode {
  return exitCodeFor(state.findings, { strict: state.strict });
}

export function isRunActive(state: TuiState): boolean {
  return state.phase === 'running' || state.phase === 'rechecking' || (state.phase === 'learn' && state.learn.stage === 'running');
}

/**
 * What to fix first: root causes first, each followed by its consequences (with causedBy), in the
 * same order as the JSON and text reports (engine/causes.ts).
 */
export function summaryFindings(state: Pick<TuiState, 'findings'>): Finding[] {
  return orderByCause(state.findings);
}

/**
 * Findings whose fixes are offered: errors and warnings. An info finding is a fact, not a fault (a
 * private package, a package not created yet): "fix everything" never makes a package public; with
 * --expect-public that finding is an error and its fix is offered.
 */
export function fixableFindings(findings: Finding[]): Finding[] {
  return findings.filter((f) => f.severity !== 'info');
}

/** Rows still shown in the live region (not yet printed into <Static>). */
export function liveRows(state: TuiState): CheckRow[] {
  const ids = globalIds(state);
  const printedIds = new Set(
    state.printed
      .filter((p): p is Extract<PrintedItem, { kind: 'check' }> => p.kind === 'check' && p.key.startsWith(`${state.runNumber}:`))
      .map((p) => p.row.id),
  );
  return ids
    .filter((id) => !printedIds.has(id))
    .map((id) => state.rows[id]!)
    .filter(Boolean);
}

/**
 * The options of the same fix for the same finding on every server that has it (the option itself
 * included, in the order offered); [] for an unknown key.
 */
export function sameFixElsewhere(options: FixOption[], key: string): string[] {
  const picked = options.find((o) => o.key === key);
  if (!picked) return [];
  if (picked.server === undefined) return [key];
  return options.filter((o) => o.server !== undefined && o.findingId === picked.findingId && o.actionId === picked.actionId).map((o) => o.key);
}

/** The fix list as the menu shows it: the same fix for the same finding on several servers is one entry. */
export function fixMenuEntries(options: FixOption[]): Array<{ option: FixOption; servers: string[] }> {
  const out: Array<{ option: FixOption; servers: string[] }> = [];
  for (const o of options) {
    const group = out.find(
      (e) => e.option.server !== undefined && o.server !== undefined && e.option.findingId === o.findingId && e.option.actionId === o.actionId,
    );
    if (group) group.servers.push(o.server!);
    else out.push({ option: o, servers: o.server === undefined ? [] : [o.server] });
  }
  return out;
}

/** Fix options for a mode, in summary order; "errors" keeps only fixes of error findings. */
export function fixQueueFor(options: FixOption[], mode: FixMode): string[] {
  const picked = mode === 'errors' ? options.filter((o) => o.severity === 'error') : options;
  return picked.map((o) => o.key);
}

/**
 * Where `e` may be pressed: the running diagnosis, its summary, and learn's pages. Not inside the fix
 * flow (a preview or a fix in flight waits for its own answer).
 */
export function canExplain(state: TuiState): boolean {
  return state.explain === undefined && (state.phase === 'running' || state.phase === 'finished' || state.phase === 'learn');
}

/** A queued `e` becomes the paste prompt as soon as no check runs any more. */
function promoteQueuedExplain(state: TuiState): TuiState {
  return state.explain?.stage === 'queued' && !isRunActive(state) ? { ...state, explain: { stage: 'asking' } } : state;
}

/** Moves finished rows into <Static>, in check order: a row is printed once everything before it is. */
function flushPrinted(state: TuiState): TuiState {
  const ids = globalIds(state);
  let upTo = state.printedUpTo;
  const printed = [...state.printed];
  while (upTo < ids.length) {
    const row = state.rows[ids[upTo]!];
    if (!row || !isFinal(row.status)) break;
    printed.push({ key: `${state.runNumber}:${row.id}`, kind: 'check', row, rerun: state.scope !== null });
    upTo++;
  }
  const withServers = flushServers(state, printed);
  return upTo === state.printedUpTo && withServers.length === state.printed.length ? state : { ...state, printed: withServers, printedUpTo: upTo };
}

/**
 * Prints the line of every server whose checks have all finished, as they finish: a slow or hung server
 * holds up no other's line. The table's head comes before the run's first line.
 */
function flushServers(state: TuiState, printed: PrintedItem[]): PrintedItem[] {
  if (!hasServerTable(state)) return printed;
  const live = liveServers({ ...state, printed });
  const finished = live.filter((l) => serverLineOf(state, l).done);
  if (finished.length === 0) return printed;
  const out = [...printed];
  if (!out.some((p) => p.kind === 'server-head' && p.key.startsWith(`${state.runNumber}:`)))
    out.push({ key: `${state.runNumber}:server-head`, kind: 'server-head', labels: state.servers });
  for (const label of finished)
    out.push({
      key: `${state.runNumber}:server:${label}`,
      kind: 'server',
      line: serverLineOf(state, label),
      rerun: state.serverScope !== null || state.scope !== null,
    });
  return out;
}

/** A finished check as a row (what it waited on, when the row knew it, is kept). */
function rowOf(record: CheckRecord, waitsOn?: CheckRow['waitsOn']): CheckRow {
  const { id, title, status, dependsOn, summary, durationMs } = record;
  return { id, title, status, dependsOn, summary, durationMs, waitsOn };
}

function applyRecord(state: TuiState, record: CheckRecord): TuiState {
  if (state.scope && !state.scope.includes(record.id)) return state;
  const server = serverOf(state, record.id, record.server);
  if (server !== undefined) {
    if (!serversInScope(state).includes(server)) return state;
    const rows = state.serverRows[server] ?? {};
    const row = rowOf(record);
    return flushPrinted({ ...state, serverRows: { ...state.serverRows, [server]: { ...rows, [record.id]: row } } });
  }
  const row = rowOf(record, state.rows[record.id]?.waitsOn);
  const next: TuiState = { ...state, rows: { ...state.rows, [record.id]: row } };
  // A learn page runs its checks together; its meaning shows once all of them are done.
  const cursor = state.learn.cursor;
  if (state.mode === 'learn' && cursor !== null && learnPage(next, cursor).every((id) => isFinal(next.rows[id]?.status ?? 'pending'))) {
    next.learn = { cursor, stage: 'meaning' };
  }
  return state.mode === 'learn' ? next : flushPrinted(next);
}

function onEngine(state: TuiState, event: EngineEvent): TuiState {
  switch (event.type) {
    case 'check:start': {
      if (state.scope && !state.scope.includes(event.id)) return state;
      const server = serverOf(state, event.id, event.server);
      if (server !== undefined) {
        if (!serversInScope(state).includes(server)) return state;
        const rows = state.serverRows[server] ?? {};
        const prevRow = rows[event.id];
        const row: CheckRow = {
          id: event.id,
          title: event.title,
          status: 'running',
          dependsOn: prevRow?.dependsOn ?? [],
          startedAt: event.at,
          waitsOn: event.waitsOn,
        };
        return { ...state, serverRows: { ...state.serverRows, [server]: { ...rows, [event.id]: row } } };
      }
      const prev = state.rows[event.id];
      const row: CheckRow = {
        id: event.id,
        title: event.title,
        status: 'running',
        dependsOn: prev?.dependsOn ?? [],
        startedAt: event.at,
        waitsOn: event.waitsOn,
      };
      return { ...state, rows: { ...state.rows, [event.id]: row } };
    }
    case 'check:done':
    case 'check:skipped':
      return applyRecord(state, event.check);
    case 'finding': {
      if (state.scope && !state.scope.includes(event.finding.check)) return state;
      const server = serverOf(state, event.finding.check, event.finding.server);
      if (server !== undefined && !serversInScope(state).includes(server)) return state;
      return { ...state, findings: [...state.findings, event.finding] };
    }
    case 'run:done': {
      if (state.mode === 'learn') return state;
      if (state.phase === 'rechecking') return advanceFix({ ...state, serverScope: null });
      return { ...state, phase: 'finished', menuIndex: 0, serverScope: null };
    }
    default: {
      const never: never = event;
      return never;
    }
  }
}

/** After a fix (applied, declined or failed): the next one in the queue, or back to the summary. */
function advanceFix(state: TuiState): TuiState {
  const [next, ...rest] = state.fixQueue;
  // One by one, only follow-ups are queued: they are asked before the list comes back.
  if (state.fixMode === 'one-by-one' && next === undefined) return { ...state, phase: 'fix-pick', fixCurrent: undefined, fixQueue: [] };
  if (next === undefined) return { ...state, phase: 'finished', fixCurrent: undefined, fixQueue: [], menuIndex: 0 };
  return { ...state, phase: 'fix-preview', fixCurrent: next, fixQueue: rest, fixMessage: undefined };
}

function currentOption(state: TuiState): FixOption | undefined {
  return state.fixOptions.find((o) => o.key === state.fixCurrent);
}

function record(state: TuiState, outcome: FixResult['outcome'], message: string): FixResult[] {
  const opt = currentOption(state);
  if (!opt) return state.fixResults;
  return [...state.fixResults, { key: opt.key, title: opt.title, outcome, message }];
}

/** The newest fix result, printed into <Static> once (when `record` added one). */
function printResult(state: TuiState, results: FixResult[]): PrintedItem[] {
  const last = results[results.length - 1];
  if (!last || results.length === state.fixResults.length) return state.printed;
  return [...state.printed, { key: `fix:${state.printed.length}`, kind: 'fix-result', result: last }];
}

export function tuiReducer(state: TuiState, action: TuiAction): TuiState {
  switch (action.type) {
    case 'engine':
      return promoteQueuedExplain(onEngine(state, action.event));
    case 'run:begin': {
      const runNumber = state.runNumber + 1;
      if (action.scope === null) {
        const table = hasServerTable(state) && state.mode === 'diagnose';
        const order = state.mode === 'learn' ? learnOrder(action.checks) : action.checks.map((c) => c.id).filter((id) => !table || !isServerCheck(id));
        const rows: Record<string, CheckRow> = {};
        for (const c of action.checks) rows[c.id] = { id: c.id, title: c.title, status: 'pending', dependsOn: c.dependsOn };
        const serverChecks = table ? action.checks.filter((c) => isServerCheck(c.id)) : [];
        const serverRows: TuiState['serverRows'] = {};
        for (const label of state.servers)
          serverRows[label] = Object.fromEntries(
            serverChecks.map((c) => [c.id, { id: c.id, title: c.title, status: 'pending' as const, dependsOn: c.dependsOn }]),
          );
        const printed: PrintedItem[] =
          state.runNumber > 0 && state.mode === 'diagnose'
            ? [...state.printed, { key: `${runNumber}:note`, kind: 'note', text: `Re-run #${runNumber}` }]
            : state.printed;
        const base: TuiState = {
          ...state,
          order,
          rows,
          findings: [],
          printed,
          printedUpTo: 0,
          runNumber,
          scope: null,
          showHelp: false,
          now: action.at,
          fixResults: [],
          serverOrder: serverChecks.map((c) => c.id),
          serverRows,
          serverScope: null,
          details: undefined,
        };
        if (state.mode === 'learn') {
          const cursor = order[0] ?? null;
          return { ...base, phase: 'learn', learn: { cursor, stage: 'explain' } };
        }
        return { ...base, phase: 'running' };
      }
      // A re-check (after a fix, or one learn step): only the checks in scope are reset.
      const scope = action.scope;
      const rows = { ...state.rows };
      const table = hasServerTable(state) && state.mode === 'diagnose';
      for (const id of scope)
        if (rows[id] && !(table && isServerCheck(id))) rows[id] = { ...rows[id]!, status: 'pending', summary: undefined, durationMs: undefined };
      // With a server table: only the servers named are checked again (all when the scope has server checks and none is named).
      const serverScope = !table ? null : (action.servers ?? (scope.some(isServerCheck) ? state.servers : []));
      const serverRows = { ...state.serverRows };
      for (const label of serverScope ?? []) {
        const mine = { ...serverRows[label] };
        for (const id of scope) if (mine[id]) mine[id] = { ...mine[id]!, status: 'pending', summary: undefined, durationMs: undefined };
        serverRows[label] = mine;
      }
      const covered = (f: Finding) =>
        scope.includes(f.check) && (!table || !isServerCheck(f.check) || f.server === undefined || (serverScope ?? []).includes(f.server));
      const findings = state.findings.filter((f) => !covered(f));
      if (state.mode === 'learn') return { ...state, rows, findings, scope, runNumber, now: action.at, learn: { ...state.learn, stage: 'running' } };
      return { ...state, rows, serverRows, serverScope, findings, scope, runNumber, printedUpTo: 0, now: action.at, phase: 'rechecking' };
    }
    case 'tick':
      return { ...state, now: action.now };
    case 'help:toggle':
      return { ...state, showHelp: !state.showHelp };
    case 'menu:move': {
      if (action.size <= 0) return state;
      const i = (state.menuIndex + action.delta + action.size) % action.size;
      return { ...state, menuIndex: i };
    }
    case 'fixes:offer':
      if (state.phase !== 'finished') return state;
      return { ...state, phase: 'fix-offer', fixOptions: action.options, fixMode: undefined, menuIndex: 0, fixResults: [] };
    case 'fixes:mode': {
      if (state.phase !== 'fix-offer') return state;
      if (action.mode === 'one-by-one') return { ...state, fixMode: action.mode, phase: 'fix-pick', menuIndex: 0 };
      const queue = fixQueueFor(state.fixOptions, action.mode);
      return advanceFix({ ...state, fixMode: action.mode, fixQueue: queue, fixCurrent: undefined });
    }
    case 'fixes:pick': {
      if (state.phase !== 'fix-pick') return state;
      // The same fix for the same finding on other servers too: ask whether to go through all of them.
      if (sameFixElsewhere(state.fixOptions, action.key).length > 1) return { ...state, phase: 'fix-scope', fixPicked: action.key, menuIndex: 0 };
      return { ...state, phase: 'fix-preview', fixCurrent: action.key, fixQueue: [], fixMessage: undefined };
    }
    case 'fixes:scope': {
      if (state.phase !== 'fix-scope' || state.fixPicked === undefined) return state;
      const picked = state.fixPicked;
      // Each server still gets its own preview and its own y/N.
      const at = (key: string) => state.servers.indexOf(state.fixOptions.find((o) => o.key === key)?.server ?? '');
      // Every server: in the order the servers were given, whichever finished first.
      const queue = action.all ? [...sameFixElsewhere(state.fixOptions, picked)].sort((a, b) => at(a) - at(b)) : [picked];
      return advanceFix({ ...state, fixPicked: undefined, fixCurrent: undefined, fixQueue: queue, fixMessage: undefined });
    }
    case 'servers:move': {
      if (state.phase !== 'finished' || !hasServerTable(state)) return state;
      const n = state.servers.length;
      return { ...state, serverCursor: (state.serverCursor + action.delta + n) % n };
    }
    case 'servers:open': {
      if ((state.phase !== 'finished' && state.phase !== 'server-details') || !hasServerTable(state)) return state;
      const index = action.index ?? state.serverCursor;
      const label = state.servers[index];
      if (label === undefined) return state;
      return { ...state, phase: 'server-details', details: label, serverCursor: index, showHelp: false };
    }
    case 'servers:close':
      return state.phase === 'server-details' ? { ...state, phase: 'finished', details: undefined } : state;
    case 'fixes:close':
      // From the scope question, back to the list it was picked from.
      if (state.phase === 'fix-scope') return { ...state, phase: 'fix-pick', fixPicked: undefined, menuIndex: 0 };
      return { ...state, phase: 'finished', fixMode: undefined, fixCurrent: undefined, fixQueue: [], menuIndex: 0 };
    case 'fix:decline': {
      if (state.phase !== 'fix-preview') return state;
      // The outcome says it all: no message ("declined X: declined" read as a stutter).
      const results = record(state, 'declined', '');
      return advanceFix({ ...state, fixResults: results, printed: printResult(state, results) });
    }
    case 'fix:accept':
      if (state.phase !== 'fix-preview') return state;
      return { ...state, phase: 'fix-applying', fixMessage: undefined };
    case 'fix:wait-user':
      if (state.phase !== 'fix-applying') return state;
      return { ...state, phase: 'fix-wait-user', fixMessage: action.message };
    case 'fix:done': {
      if (state.phase !== 'fix-applying' && state.phase !== 'fix-wait-user') return state;
      const results = record(state, action.ok ? 'applied' : 'failed', action.message);
      const printed = printResult(state, results);
      // The container starts the re-check next ('run:begin' with a scope); a failed fix moves on.
      if (!action.ok) return advanceFix({ ...state, fixResults: results, fixMessage: action.message, printed });
      // The same change queued for another finding is done now: not asked again (on another server it is another change).
      const done = currentOption(state);
      const fixQueue = state.fixQueue.filter((key) => {
        const o = state.fixOptions.find((x) => x.key === key);
        return o?.actionId !== done?.actionId || o?.server !== done?.server;
      });
      return { ...state, fixResults: results, fixMessage: action.message, printed, fixQueue };
    }
    case 'fixes:follow-up': {
      const known = new Set(state.fixOptions.map((o) => o.key));
      const fixOptions = [...state.fixOptions, ...action.options.filter((o) => !known.has(o.key))];
      const replaced = new Set(action.replaces);
      const queue = state.fixQueue.filter((key) => !replaced.has(fixOptions.find((o) => o.key === key)?.actionId ?? ''));
      return { ...state, fixOptions, fixQueue: [...action.options.map((o) => o.key), ...queue] };
    }
    case 'push:ask':
      return state.phase === 'finished' ? { ...state, phase: 'push-confirm' } : state;
    case 'push:cancel':
      return state.phase === 'push-confirm' ? { ...state, phase: 'finished' } : state;
    case 'explain:ask':
      if (!canExplain(state)) return state;
      return { ...state, showHelp: false, explain: isRunActive(state) ? { stage: 'queued' } : { stage: 'asking' } };
    case 'explain:show': {
      if (state.explain?.stage !== 'asking') return state;
      if (!action.result) return { ...state, explain: undefined };
      const found = new Set(state.findings.map((f) => f.id));
      const foundIds = action.result.matches.map((m) => m.id).filter((id) => found.has(id));
      const item: PrintedItem = { key: `explain:${state.printed.length}`, kind: 'explanation', result: action.result, foundIds };
      return { ...state, explain: { stage: 'showing' }, printed: [...state.printed, item] };
    }
    case 'explain:close':
      return state.explain?.stage === 'showing' ? { ...state, explain: undefined } : state;
    case 'learn:next': {
      if (state.mode !== 'learn' || state.learn.stage !== 'meaning') return state;
      return toNextLearnPage(state);
    }
    case 'learn:skip': {
      const cursor = state.learn.cursor;
      if (state.mode !== 'learn' || cursor === null || state.learn.stage !== 'explain') return state;
      const rows = { ...state.rows };
      for (const id of learnPage(state, cursor)) rows[id] = { ...rows[id]!, status: 'skip', summary: 'skipped in learn' };
      return toNextLearnPage({ ...state, rows });
    }
    case 'learn:back': {
      const cursor = state.learn.cursor;
      if (state.mode !== 'learn' || cursor === null || state.learn.stage === 'running') return state;
      const pages = learnPages(state);
      const at = pages.findIndex((p) => p[0] === cursor);
      const before = at > 0 ? pages[at - 1]! : undefined;
      if (!before) return state;
      // A skipped page goes back to its explanation, so it can be run after all.
      const ran = before.every((id) => isFinal(state.rows[id]?.status ?? 'pending') && state.rows[id]?.status !== 'skip');
      return { ...state, learn: { cursor: before[0]!, stage: ran ? 'meaning' : 'explain' } };
    }
    default: {
      const never: never = action;
      return never;
    }
  }
}
