/**
 * The container: owns the reducer, subscribes to the engine, maps keys to actions and runs fixes.
 * Everything it shows is drawn by the presentational components from the state.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { Box, Static, Text } from 'ink';
import type { EngineEvent } from '../engine/types.js';
import { TokenRefusedError, type FixInput } from '../fixes/types.js';
import { fixUrl, isManualFix, type UrlOpener } from '../fixes/manual-links.js';
import { GENERIC_MEANING, learnTextFor, LEARN_INTRO } from '../learn/texts.js';
import { CheckRow, spinnerFrame } from './components/CheckRow.js';
import { ExplainBackHint, ExplainPanel } from './components/ExplainPanel.js';
import { FixPreview } from './components/FixPreview.js';
import { LineWithLink } from './components/PlainLink.js';
import { HelpPanel } from './components/HelpPanel.js';
import { LearnPage } from './components/LearnPage.js';
import { Menu, type MenuItem } from './components/Menu.js';
import { QuestionPrompt } from './components/QuestionPrompt.js';
import { HostKeyQuestions } from './components/HostKeyQuestions.js';
import { LiveServers, ServerDetails, ServerPicker, ServerTableHead, ServerTableRow } from './components/ServerTable.js';
import type { Question } from './questions.js';
import { Summary } from './components/Summary.js';
import { useComplete } from './lifecycle.js';
import { useTerminalSize } from './terminal-size.js';
import { wrapWords } from '../engine/text.js';
import { useLatestInput } from './latest-input.js';
import { startBuffered, type BufferedRun } from './buffered-run.js';
import { tokenPurposeOf, tokenPurposeOfFix, type AppPort, type AppResult, type PastedToken, type PastedTokens, type TokenPurpose } from './port.js';
import { Tone } from './theme-context.js';
import {
  canExplain,
  exitCodeOf,
  fixableFindings,
  fixMenuEntries,
  hasServerTable,
  sameFixElsewhere,
  initialState,
  learnPage,
  learnPages,
  isRunActive,
  liveRows,
  summaryFindings,
  tuiReducer,
  type FixMode,
  type TuiState,
} from './state.js';
import { errorLine } from '../engine/text.js';

export const FIX_MODES: Array<MenuItem & { key: FixMode }> = [
  { key: 'all', label: 'Fix everything', hint: '(each fix still asks first)' },
  { key: 'errors', label: 'Fix errors only' },
  { key: 'one-by-one', label: 'Choose one by one' },
];

export interface AppProps {
  port: AppPort;
  mode: 'diagnose' | 'learn';
  strict: boolean;
  /** Resuming after a prompt ran with Ink unmounted. */
  resume?: TuiState;
  /** Verified tokens pasted for fixes so far, by purpose (kept out of the UI state). */
  tokens?: PastedTokens;
  /** A fix with this purpose's token failed: the token is not offered again (a retry pastes a new one). */
  forgetToken?: (purpose: TokenPurpose) => void;
  /** The new laptop token was stored on the server: the server's fixes use it from now on (kept across remounts). */
  keepToken?: (purpose: TokenPurpose, token: PastedToken) => void;
  /** Tests drive time themselves; the default ticks for spinners and durations. */
  tickMs?: number;
  /** Opens a fix's link when the user presses o. */
  openUrl: UrlOpener;
  /** How many of resume's printed items the previous mount wrote (default all; after `e` the explanation is new). */
  alreadyPrinted?: number;
  /** The first run, already started while Ink loaded (diagnose mode); without it the App starts it. */
  started?: BufferedRun;
}

export function App({
  port,
  mode,
  strict,
  resume,
  tokens: givenTokens = {},
  forgetToken,
  keepToken,
  tickMs = 100,
  openUrl,
  alreadyPrinted,
  started,
}: AppProps) {
  const complete = useComplete<AppResult>();
  const firstRun = useRef<BufferedRun | undefined>(undefined);
  const [state, dispatch] = useReducer(tuiReducer, undefined, () => {
    if (resume) return resume;
    const begun = tuiReducer(initialState({ mode, strict, now: port.now(), servers: port.servers }), {
      type: 'run:begin',
      checks: port.checks,
      scope: null,
      at: port.now(),
    });
    if (mode !== 'diagnose') return begun;
    // Started here (or before Ink loaded), not in an effect after the first frame: that frame already shows the checks running.
    firstRun.current = started ?? startBuffered((l) => port.runAll(l));
    const running = firstRun.current.early.reduce((s, event) => tuiReducer(s, { type: 'engine', event }), begun);
    return tuiReducer(running, { type: 'tick', now: port.now() }); // durations count from the checks' start
  });
  const [tokens, setTokens] = useState<PastedTokens>(givenTokens);
  // What `o` did (opened, or no browser here: the address to copy), shown under the preview.
  const [linkNotice, setLinkNotice] = useState<string | undefined>(undefined);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the notice is cleared whenever the fix shown changes
  useEffect(() => setLinkNotice(undefined), [state.fixCurrent]);
  // The live area stays shorter than the terminal (`rows`), because Ink clears
  // the screen and the scrollback when a frame is taller than it.
  const { width, rows } = useTerminalSize();
  const listener = useCallback((event: EngineEvent) => dispatch({ type: 'engine', event }), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the offer depends only on the findings and their order, not on every state change
  const offered = useMemo(() => port.fixesFor(fixableFindings(summaryFindings(state))), [port, state.findings, state.order]);
  const applying = useRef<string | null>(null);
  // The fix in flight, so Ctrl-C stops it too (files are written atomically: never half-written).
  const fixAbort = useRef<AbortController | null>(null);
  // A remounted Ink prints <Static> items afresh: skip what the previous mount already printed.
  const [printedBefore] = useState(() => alreadyPrinted ?? resume?.printed.length ?? 0);
  const [question, setQuestion] = useState<Question | undefined>(undefined);
  // Bumped on every change of the open questions: host-key questions are listed together as they come.
  const [, setQuestionsSeen] = useState(0);
  useEffect(
    () =>
      port.questions?.subscribe((q) => {
        setQuestion(q);
        setQuestionsSeen((n) => n + 1);
      }),
    [port],
  );
  // The fix queue is a snapshot: a queued fix stays reachable after a re-check made its finding go
  // away (saving a new token once the token finding is fixed is the point).
  const known = useRef(new Map<string, (typeof offered)[number]>());
  for (const o of offered) if (!known.current.has(o.option.key)) known.current.set(o.option.key, o);

  const startFullRun = useCallback(() => {
    dispatch({ type: 'run:begin', checks: port.checks, scope: null, at: port.now() });
    if (mode === 'diagnose') void port.runAll(listener);
  }, [port, mode, listener]);

  useEffect(() => {
    // Mount only: the first run's later events (a resumed session continues where it was).
    firstRun.current?.attach(listener);
  }, [listener]);

  const active = isRunActive(state) || state.phase === 'fix-applying';
  useEffect(() => {
    if (!active || tickMs <= 0) return;
    const t = setInterval(() => dispatch({ type: 'tick', now: port.now() }), tickMs);
    return () => clearInterval(t);
  }, [active, tickMs, port]);

  const current = state.fixCurrent === undefined ? undefined : known.current.get(state.fixCurrent);
  const purpose = current ? tokenPurposeOfFix(current) : 'local';
  const fixInput: FixInput = useMemo(() => ({ token: tokens[purpose]?.value }), [tokens, purpose]);
  const rejectToken = useCallback(
    (p: TokenPurpose) => {
      setTokens(({ [p]: _rejected, ...rest }) => rest);
      forgetToken?.(p);
    },
    [forgetToken],
  );

  // A new token is verified: store it where it is used, each place its own y/N (asked next).
  const offerStores = useCallback(
    (from: (typeof offered)[number]) => {
      const stores = port.storesForNewToken?.(from.option) ?? [];
      for (const o of stores) known.current.set(o.option.key, o);
      // A queued fix making the same change with the same token is not asked twice.
      const replaces = stores.filter((o) => tokenPurposeOfFix(o) === tokenPurposeOf(o.action.id)).map((o) => o.action.id);
      dispatch({ type: 'fixes:follow-up', options: stores.map((o) => o.option), replaces });
    },
    [port],
  );
  // The laptop's new token now stored on the server is the server's token for its later fixes.
  const shareToken = useCallback(
    (entry: (typeof offered)[number]) => {
      const own = tokenPurposeOf(entry.action.id);
      const used = tokens[tokenPurposeOfFix(entry)];
      if (own === tokenPurposeOfFix(entry) || !used) return;
      setTokens((t) => ({ ...t, [own]: used }));
      keepToken?.(own, used);
    },
    [tokens, keepToken],
  );

  const recheck = useCallback(
    (entry: (typeof offered)[number]) => {
      const ids = port.recheckIds(entry.action, { check: entry.option.check });
      // A server fix re-checks that server only; the others keep their results.
      const servers = entry.option.server !== undefined && hasServerTable(state) ? [entry.option.server] : undefined;
      dispatch({ type: 'run:begin', checks: port.checks, scope: ids, at: port.now(), servers });
      void port.runSubset(ids, listener, servers);
    },
    [port, listener, state],
  );

  // `e`: Ink steps aside so the paste prompt owns stdin; command.ts remounts with the explanation.
  useEffect(() => {
    if (state.explain?.stage === 'asking') complete({ kind: 'need-explain', state });
  }, [state, complete]);

  // Runs the accepted fix: apply, then verify, then re-check (manual fixes wait for the user first).
  useEffect(() => {
    if (state.phase !== 'fix-applying' || !current || applying.current === current.option.key) return;
    const { action } = current;
    applying.current = current.option.key;
    const controller = new AbortController();
    fixAbort.current = controller;
    void (async () => {
      try {
        const { changed } = await action.apply(fixInput, controller.signal);
        if (isManualFix(action)) {
          dispatch({ type: 'fix:wait-user', message: changed.join('; ') });
          return;
        }
        const verdict = await action.verify(fixInput, controller.signal);
        // Only a refused token is dropped: after a timeout the same token is offered again.
        if (!verdict.ok && verdict.tokenRefused && action.needs.includes('token')) rejectToken(purpose);
        dispatch({ type: 'fix:done', ok: verdict.ok, message: verdict.ok ? `${verdict.message} (changed: ${changed.join(', ')})` : verdict.message });
        if (verdict.ok) {
          if (action.id === 'token.create-classic') offerStores(current);
          shareToken(current);
          recheck(current);
        }
      } catch (error) {
        if (error instanceof TokenRefusedError && action.needs.includes('token')) rejectToken(purpose);
        dispatch({ type: 'fix:done', ok: false, message: errorLine(error) });
      } finally {
        applying.current = null;
      }
    })();
  }, [state.phase, current, fixInput, purpose, recheck, rejectToken, offerStores, shareToken]);

  // Where q already quits; the explanation shown over those views keeps that.
  const quitHere = state.phase === 'finished' || state.phase === 'learn';
  useLatestInput((input, key) => {
    if (key.ctrl && input === 'c') {
      fixAbort.current?.abort();
      port.cancel();
      complete({ kind: 'cancel' });
      return;
    }
    if (question) return; // the question's own prompt has the keys
    if (input === '?') return dispatch({ type: 'help:toggle' });
    if (state.explain?.stage === 'showing') {
      if (key.return || key.escape) return dispatch({ type: 'explain:close' });
      if (input === 'q' && quitHere) return complete({ kind: 'quit', exitCode: exitCodeOf(state) });
      return;
    }
    if (input === 'e' && canExplain(state)) return dispatch({ type: 'explain:ask' });
    switch (state.phase) {
      case 'finished':
        if (input === 'q') return complete({ kind: 'quit', exitCode: exitCodeOf(state) });
        if (input === 'r') return startFullRun();
        if (input === 'p' && port.usePushProbe && port.probe?.() !== 'push') return dispatch({ type: 'push:ask' });
        if (hasServerTable(state)) {
          // The server table: arrows select, Enter or the server's number opens its details.
          if (key.upArrow) return dispatch({ type: 'servers:move', delta: -1 });
          if (key.downArrow) return dispatch({ type: 'servers:move', delta: 1 });
          if (key.return) return dispatch({ type: 'servers:open' });
          if (/^[1-9]$/.test(input)) return dispatch({ type: 'servers:open', index: Number(input) - 1 });
          if (input === 'f' && offered.length > 0) return dispatch({ type: 'fixes:offer', options: offered.map((o) => o.option) });
          return;
        }
        if ((input === 'f' || key.return) && offered.length > 0) return dispatch({ type: 'fixes:offer', options: offered.map((o) => o.option) });
        return;
      case 'server-details': {
        const at = state.servers.indexOf(state.details ?? '');
        if (key.upArrow && at > 0) return dispatch({ type: 'servers:open', index: at - 1 });
        if (key.downArrow && at < state.servers.length - 1) return dispatch({ type: 'servers:open', index: at + 1 });
        if (key.escape || key.return || input === 'b' || key.backspace) return dispatch({ type: 'servers:close' });
        return;
      }
      case 'fix-offer':
      case 'fix-pick':
      case 'fix-scope': {
        const entries = fixMenuEntries(state.fixOptions);
        const size = state.phase === 'fix-offer' ? FIX_MODES.length : state.phase === 'fix-scope' ? 2 : entries.length + 1;
        if (key.upArrow) return dispatch({ type: 'menu:move', delta: -1, size });
        if (key.downArrow) return dispatch({ type: 'menu:move', delta: 1, size });
        if (key.escape || input === 'q') return dispatch({ type: 'fixes:close' });
        if (!key.return) return;
        if (state.phase === 'fix-offer') return dispatch({ type: 'fixes:mode', mode: FIX_MODES[state.menuIndex]!.key });
        if (state.phase === 'fix-scope') return dispatch({ type: 'fixes:scope', all: state.menuIndex === 0 });
        const picked = entries[state.menuIndex]?.option;
        return dispatch(picked ? { type: 'fixes:pick', key: picked.key } : { type: 'fixes:close' });
      }
      case 'fix-preview': {
        // Consent: only `y` goes on; Enter, Escape and any other key decline (contract Additions).
        if (!current) return;
        const url = fixUrl(current.action);
        if (input === 'o' && url) {
          void openUrl(url).then((opened) =>
            setLinkNotice(opened ? `opened in your browser: ${url}` : `no browser can be opened here; open this address yourself: ${url}`),
          );
          return;
        }
        setLinkNotice(undefined);
        if (input !== 'y') return dispatch({ type: 'fix:decline' });
        // A token is pasted (and verified) first, with Ink unmounted; the preview then asks again.
        if (current.action.needs.includes('token') && !fixInput.token) return complete({ kind: 'need-token', purpose, state });
        return dispatch({ type: 'fix:accept' });
      }
      case 'push-confirm':
        if (input === 'y') {
          // biome-ignore lint/correctness/useHookAtTopLevel: usePushProbe is a port method, not a React hook
          port.usePushProbe?.();
          return startFullRun();
        }
        return dispatch({ type: 'push:cancel' });
      case 'fix-wait-user':
        if (key.return && current) {
          void current.action.verify(fixInput, new AbortController().signal).then(
            (v) => {
              dispatch({ type: 'fix:done', ok: v.ok, message: v.message });
              if (v.ok) recheck(current);
            },
            (error: unknown) => dispatch({ type: 'fix:done', ok: false, message: errorLine(error) }),
          );
        }
        return;
      case 'learn': {
        if (input === 'q') return complete({ kind: 'quit', exitCode: exitCodeOf(state) });
        if (input === 's') return dispatch({ type: 'learn:skip' });
        if (input === 'b') return dispatch({ type: 'learn:back' });
        if (!key.return) return;
        const cursor = state.learn.cursor;
        if (state.learn.stage === 'explain' && cursor) {
          const page = learnPage(state, cursor);
          dispatch({ type: 'run:begin', checks: port.checks, scope: page, at: port.now() });
          void port.runSubset(page, listener);
        } else if (state.learn.stage === 'meaning') dispatch({ type: 'learn:next' });
        return;
      }
      case 'running':
      case 'rechecking':
      case 'fix-applying':
        return;
      default: {
        const never: never = state.phase;
        return never;
      }
    }
  });

  const spinner = spinnerFrame(state.now);
  const findings = summaryFindings(state);
  const table = hasServerTable(state);
  const explained = state.explain?.stage === 'showing';
  const leftover = state.phase === 'push-confirm' ? port.pushProbeLeftover?.() : undefined;
  return (
    <Box flexDirection="column" width={width}>
      {/* learn prints nothing but explanations here; its steps are pages. */}
      <Static items={state.printed.slice(printedBefore)}>
        {(item) =>
          item.kind === 'explanation' ? (
            <Box key={item.key} width={width}>
              <ExplainPanel result={item.result} foundIds={new Set(item.foundIds)} />
            </Box>
          ) : item.kind === 'fix-result' ? (
            <Text key={item.key}>
              <Tone token={item.result.outcome === 'applied' ? 'success' : item.result.outcome === 'failed' ? 'danger' : 'muted'}>{item.result.outcome}</Tone>{' '}
              {item.result.title}
              {item.result.message ? `: ${item.result.message}` : ''}
            </Text>
          ) : item.kind === 'check' ? (
            <Box key={item.key} width={width}>
              <CheckRow row={item.row} now={state.now} rerun={item.rerun} width={width} />
            </Box>
          ) : item.kind === 'server-head' ? (
            <ServerTableHead key={item.key} labels={item.labels} width={width} />
          ) : item.kind === 'server' ? (
            <Box key={item.key} width={width}>
              <ServerTableRow line={item.line} labels={state.servers} width={width} now={state.now} rerun={item.rerun} />
            </Box>
          ) : (
            <Box key={item.key} marginTop={1}>
              <Tone token="accent" bold>
                {item.text}
              </Tone>
            </Box>
          )
        }
      </Static>
      {state.mode === 'diagnose' && (state.phase === 'running' || state.phase === 'rechecking') ? (
        <LiveRows state={state} width={width} rows={table ? Math.floor(rows / (question?.kind === 'host-key' ? 4 : 2)) : rows} />
      ) : null}
      {/* While host keys are asked about, their list has the room; the servers' lines come back after. */}
      {table && (state.phase === 'running' || state.phase === 'rechecking') && question?.kind !== 'host-key' ? (
        <LiveServers state={state} width={width} room={Math.max(2, Math.floor((rows - 4) / 3))} />
      ) : null}
      {table && state.phase === 'finished' && !explained ? <ServerPicker state={state} /> : null}
      {state.phase === 'server-details' && state.details ? <ServerDetails state={state} label={state.details} width={width} maxRows={rows - 2} /> : null}
      {state.phase === 'learn' && !explained ? <LearnView state={state} width={width} rows={rows} /> : null}
      {explained ? <ExplainBackHint canQuit={quitHere} /> : null}
      {state.phase === 'finished' && !explained ? (
        <Summary
          findings={findings}
          exitCode={exitCodeOf(state)}
          fixCount={fixMenuEntries(offered.map((o) => o.option)).length}
          results={state.fixResults}
          pushProbe={Boolean(port.usePushProbe) && port.probe?.() !== 'push'}
          unfinished={Object.values(state.rows)
            .filter((r) => r.status === 'error')
            .map((r) => r.title)}
          width={width}
          maxRows={rows - 3 - (table ? 2 : 0)}
          servers={state.servers}
        />
      ) : null}
      {state.phase === 'fix-offer' ? (
        <Menu title={`${offered.length} fix(es) available. How do you want to go through them?`} items={FIX_MODES} index={state.menuIndex} />
      ) : null}
      {state.phase === 'fix-pick' ? (
        <Menu
          title="Which fix?"
          index={state.menuIndex}
          items={[
            ...fixMenuEntries(state.fixOptions).map(({ option: o, servers }) => {
              const done = state.fixResults.filter((r) => r.key === o.key).pop();
              const on = servers.length > 1 ? ` on ${servers.length} servers` : servers.length === 1 && table ? ` on ${servers[0]}` : '';
              // A fix for several servers is named for none of them (its preview names each).
              const title = servers.length > 1 && o.server ? o.title.replace(o.server, 'each server') : o.title;
              return { key: o.key, label: title, hint: done ? `(${done.outcome})` : `(${o.severity}: ${o.findingId}${on})` };
            }),
            { key: '__done', label: 'Done' },
          ]}
        />
      ) : null}
      {state.phase === 'fix-scope' && state.fixPicked !== undefined ? <FixScopeMenu state={state} picked={state.fixPicked} /> : null}
      {(state.phase === 'fix-preview' || state.phase === 'fix-applying' || state.phase === 'fix-wait-user') && current ? (
        <FixPreview
          title={current.action.title}
          findingTitle={`${current.option.findingId} (${current.option.severity})`}
          runOn={current.option.server}
          position={queuePosition(state)}
          lines={current.action.preview(fixInput)}
          needsToken={current.action.needs.includes('token') && !fixInput.token}
          tokenPurpose={purpose}
          tokenAbout={current.action.needs.includes('token') ? tokens[purpose]?.about : undefined}
          url={fixUrl(current.action)}
          stage={state.phase === 'fix-preview' ? 'preview' : state.phase === 'fix-applying' ? 'applying' : 'wait-user'}
          message={state.fixMessage}
          spinner={spinner}
        />
      ) : null}
      {state.phase === 'push-confirm' ? (
        <Box flexDirection="column" marginTop={1} borderStyle="round" paddingX={1}>
          <Text bold>The push probe</Text>
          <Text>
            It pushes a tiny OCI artifact to the tag ghcr-doctor-probe, pulls it back, and deletes that version when the token may (delete:packages); otherwise
            it says what is left behind.
          </Text>
          {leftover ? <Text bold>{leftover}</Text> : null}
          <Text>
            <Tone token="accent" bold>
              Re-run with the push probe? (y/N)
            </Tone>{' '}
            y yes · any other key no
          </Text>
        </Box>
      ) : null}
      {state.phase === 'rechecking' ? <Tone token="accent">{spinner} re-checking after the fix…</Tone> : null}
      {linkNotice && state.phase === 'fix-preview' ? <LineWithLink text={linkNotice} /> : null}
      {state.fixMessage && state.phase === 'fix-preview' ? <Tone token="muted">previous fix: {state.fixMessage}</Tone> : null}
      {question?.kind === 'host-key' ? (
        <HostKeyQuestions
          questions={port.questions?.pendingHostKeys() ?? [question]}
          maxRows={rows - 4}
          onAnswer={(ids, trust) => {
            for (const id of ids) port.questions?.answer(id, trust);
          }}
        />
      ) : question ? (
        <QuestionPrompt key={question.id} question={question} onAnswer={(v) => port.questions?.answer(question.id, v)} />
      ) : null}
      {state.showHelp ? <HelpPanel /> : null}
      {state.explain?.stage === 'queued' ? <Tone token="accent">e: the paste prompt for the error opens when the checks finish</Tone> : null}
      {state.phase === 'running' ? <Tone token="muted">? help · e explain an error · ctrl-c cancel</Tone> : null}
    </Box>
  );
}

/** Which server of a fix applied to several this preview is (each still asks on its own). */
function queuePosition(state: TuiState): string | undefined {
  const current = state.fixOptions.find((o) => o.key === state.fixCurrent);
  if (!current?.server) return undefined;
  const group = sameFixElsewhere(state.fixOptions, current.key);
  const planned = [...state.fixResults.map((r) => r.key).filter((k) => group.includes(k)), current.key, ...state.fixQueue.filter((k) => group.includes(k))];
  const unique = [...new Set(planned)];
  return unique.length > 1 ? `server ${unique.indexOf(current.key) + 1} of ${unique.length}` : undefined;
}

/** A server fix whose finding other servers have too: all of them (each asked in turn), or this one. */
function FixScopeMenu({ state, picked }: { state: TuiState; picked: string }) {
  const option = state.fixOptions.find((o) => o.key === picked);
  const group = sameFixElsewhere(state.fixOptions, picked);
  const servers = group.map((k) => state.fixOptions.find((o) => o.key === k)?.server).filter((s) => s !== undefined);
  return (
    <Menu
      title={`${option?.title ?? 'This fix'}: ${option?.findingId} is on ${servers.length} servers (${servers.join(', ')}). Apply it on`}
      index={state.menuIndex}
      items={[
        { key: 'all', label: `every server with ${option?.findingId} (${servers.length})`, hint: '(each change still shown and asked)' },
        { key: 'one', label: `only ${option?.server}` },
      ]}
    />
  );
}

/**
 * The checks still running (and finished ones waiting for an earlier one to be printed), never more
 * than the terminal holds: the rest is one "waiting" line.
 */
function LiveRows({ state, width, rows }: { state: TuiState; width: number; rows: number }) {
  const live = liveRows(state);
  const started = live.filter((r) => r.status !== 'pending');
  const room = Math.max(1, Math.floor((rows - 4) / 2));
  const shown = started.slice(0, room);
  const waiting = live.length - shown.length;
  return (
    <Box flexDirection="column">
      {shown.map((row) => (
        <CheckRow key={row.id} row={row} now={state.now} width={width} />
      ))}
      {waiting > 0 ? <Tone token="muted">{`… ${waiting} more step(s) waiting`}</Tone> : null}
    </Box>
  );
}

function LearnView({ state, width, rows: terminalRows }: { state: TuiState; width: number; rows: number }) {
  const cursor = state.learn.cursor;
  const pages = learnPages(state);
  const at = cursor ? pages.findIndex((p) => p.includes(cursor)) : -1;
  const page = at >= 0 ? pages[at]! : [];
  const rows = page.map((id) => state.rows[id]).filter((r) => r !== undefined);
  if (!cursor || rows.length === 0) return <Text>Nothing to walk through.</Text>;
  const step = at + 1;
  const text = learnTextFor(cursor);
  // A topic met again (a check that had to wait for another topic's) is not explained word for word twice.
  const earlier = pages.slice(0, at).findIndex((p) => learnTextFor(p[0]!).topic === text.topic);
  // Its meanings speak of the topic's first checks, so this page gets the generic ones.
  const shown =
    earlier < 0
      ? text
      : { ...text, before: [`As explained at step ${earlier + 1}; these checks had to wait for the steps in between.`], meaning: GENERIC_MEANING };
  return (
    <Box flexDirection="column">
      {step === 1 && state.learn.stage === 'explain' ? (
        <Box flexDirection="column" marginBottom={1}>
          {/* Folded on words: Ink keeps the space it breaks at (' one step at a time.' at 80 columns). */}
          {LEARN_INTRO.map((line, i) => (
            <Tone key={i} token="muted">
              {wrapWords(line, Math.max(10, width - 1)).join('\n')}
            </Tone>
          ))}
        </Box>
      ) : null}
      <LearnPage
        step={step}
        total={pages.length}
        rows={rows}
        text={shown}
        stage={state.learn.stage}
        findings={state.findings.filter((f) => page.includes(f.check))}
        now={state.now}
        width={width}
        maxRows={terminalRows}
      />
    </Box>
  );
}
