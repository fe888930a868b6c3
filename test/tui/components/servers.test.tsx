import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { App } from '../../../src/tui/App.js';
import { HostKeyQuestions } from '../../../src/tui/components/HostKeyQuestions.js';
import { QuestionBroker, type HostKeyQuestion } from '../../../src/tui/questions.js';
import type { AppPort, AppResult, OfferedFix } from '../../../src/tui/port.js';
import type { EngineEvent, EngineListener, Finding } from '../../../src/engine/types.js';
import type { FixAction } from '../../../src/fixes/types.js';
import { done, runDone } from '../fixtures.js';
import { KEYS, allOutput, press, renderInRoot, renderPlain, waitFor, waitForText } from '../ink-harness.js';
import { ALL_CHECKS, label, serverRun } from '../server-fixtures.js';

afterEach(() => cleanup());

const L1 = label(1);
const L2 = label(2);
const L3 = label(3);
const FP = (n: number) => `SHA256:${String(n).repeat(43)}`;

/** Three servers: the first and third not logged in until their fix ran; the host-key hook asks the broker first. */
function fleet(
  questions = new QuestionBroker(),
  hostKeys: Array<{ server: string; host: string; fingerprint: string }> = [],
  labels = [L1, L2, L3],
  needs: FixAction['needs'] = [],
) {
  const fixed = new Set<string>();
  const applied: string[] = [];
  const subsets: Array<{ ids: string[]; servers?: string[] }> = [];
  const trusted: Array<[string, boolean]> = [];
  // Every server but the second is not logged in until its fix ran.
  const runServer = (server: string): EngineEvent[] =>
    serverRun(server, fixed.has(server) || server === labels[1] ? {} : { credentials: 'server.not-logged-in' });
  const emitAll = async (listener: EngineListener) => {
    await Promise.resolve();
    const answers = await Promise.all(hostKeys.map((k) => questions.confirmHostKey({ host: k.host, port: 22, fingerprint: k.fingerprint, server: k.server })));
    for (const [i, k] of hostKeys.entries()) trusted.push([k.server, answers[i]!]);
    for (const id of ['token.discovery', 'token.scopes', 'registry.login', 'registry.push']) listener(done(id, 'pass', 'ok'));
    for (const s of labels) for (const e of runServer(s)) listener(e);
    listener(runDone());
  };
  const login = (server: string): FixAction => ({
    id: 'server.login-persistent',
    title: `Log ${server} in persistently`,
    needs,
    preview: () => [`podman login --authfile ~/.config/containers/auth.json ghcr.io (token on stdin)`],
    apply: async () => {
      applied.push(server);
      fixed.add(server);
      return { changed: ['auth.json'] };
    },
    verify: async () => ({ ok: true, message: 'pull works' }),
    recheck: ['server.runtime'],
  });
  const port: AppPort = {
    checks: ALL_CHECKS,
    servers: labels,
    runAll: emitAll,
    async runSubset(ids, listener, servers) {
      subsets.push({ ids, servers });
      await Promise.resolve();
      for (const s of servers ?? labels) for (const e of runServer(s).filter((e) => e.type !== 'check:start' || ids.includes(e.id))) listener(e);
      listener(runDone());
    },
    recheckIds: () => ['server.runtime', 'server.credentials', 'server.pull'],
    fixesFor: (findings: Finding[]): OfferedFix[] =>
      findings
        .filter((f) => f.id === 'server.not-logged-in')
        .map((f) => {
          const action = login(f.server!);
          return {
            option: {
              key: `${f.id}:${action.id}@${f.server}`,
              actionId: action.id,
              title: 'Log in persistently',
              findingId: f.id,
              severity: f.severity,
              check: f.check,
              server: f.server,
            },
            action,
          };
        }),
    cancel: () => questions.cancelAll(),
    now: () => 0,
    questions,
  };
  return { port, applied, subsets, trusted };
}

const renderApp = (port: AppPort, results: AppResult[] = []) =>
  renderInRoot<AppResult>(<App port={port} mode="diagnose" strict={false} tickMs={0} openUrl={async () => true} />, (r) => results.push(r));

describe('App with several deploy servers', () => {
  it('fills in the server table as servers finish and ends on the table, the problems once, and the keys', async () => {
    const ui = renderApp(fleet().port);
    const end = await waitForText(ui, 'Problems found');
    const out = allOutput(ui);
    expect(out).toContain('Deploy servers (3)');
    expect(out).toMatch(/Server\s+State\s+Runtime\s+Credential\s+Pull/);
    expect(out).toMatch(new RegExp(`2 ✔ ${L2.replace(/\./g, '\\.')}\\s+ok\\s+podman 4\\.9\\.3\\s+ok\\s+ok`));
    expect(out).toMatch(/1 ✖ ghcrd-many1@10\.0\.0\.1:22\s+1 problem\(s\)\s+podman 4\.9\.3\s+not logged in\s+fails/);
    // The finished view: the table with the selection, one problem naming both servers, the keys.
    expect(end).toContain(`Server 1 of 3: ✖ ${L1} 1 problem(s)`);
    expect(end.match(/\[server\.not-logged-in\]/g)).toHaveLength(1);
    expect(end).toContain(`on 2 servers: ${L1}, ${L3}`);
    expect(end).toContain('↑/↓ enter details');
    // One fix (log in) for two servers: one entry of the fix menu, so one "available", as the menu lists it.
    expect(end).toContain('f fix (1 available)');
    // The per-server checks are never steps of their own (three servers would print each three times).
    expect(out).not.toContain('Pull on the server');
  });

  it('enter, a number or the arrows open one server: its checks and findings; esc goes back', async () => {
    const ui = renderApp(fleet().port);
    await waitForText(ui, 'Problems found');
    await press(ui, KEYS.enter);
    let frame = await waitForText(ui, `${L1} (server 1 of 3)`);
    expect(frame).toContain('Pull on the server');
    expect(frame).toContain('[server.not-logged-in]');
    await press(ui, KEYS.down);
    frame = await waitForText(ui, `${L2} (server 2 of 3)`);
    expect(frame).toContain('No problem found on this server.');
    await press(ui, KEYS.escape);
    await waitForText(ui, 'Problems found');
    await press(ui, '3');
    await waitForText(ui, `${L3} (server 3 of 3)`);
    await press(ui, KEYS.escape);
    frame = await waitForText(ui, 'Problems found');
    expect(frame).toContain(`Server 3 of 3: ✖ ${L3}`);
  });

  it('a fix for every server with the finding: each server previewed (on USER@HOST:PORT) and asked; only that server re-checked', async () => {
    const { port, applied, subsets } = fleet();
    const ui = renderApp(port);
    await waitForText(ui, 'Problems found');
    await press(ui, 'f');
    await waitForText(ui, 'How do you want to go through them?');
    await press(ui, KEYS.down);
    await press(ui, KEYS.down);
    await press(ui, KEYS.enter); // one by one
    let frame = await waitForText(ui, 'Which fix?');
    expect(frame).toContain('(error: server.not-logged-in on 2 servers)');
    await press(ui, KEYS.enter);
    frame = await waitForText(ui, 'Apply it on');
    expect(frame).toContain('every server with server.not-logged-in (2)');
    expect(frame).toContain(`only ${L1}`);
    await press(ui, KEYS.enter); // every server
    frame = await waitForText(ui, `This will, on ${L1}:`);
    expect(frame).toContain('server 1 of 2');
    expect(frame).toContain('Apply this fix? (y/N)');
    await press(ui, 'y');
    frame = await waitForText(ui, `This will, on ${L3}:`);
    expect(frame).toContain('server 2 of 2');
    expect(applied).toEqual([L1]);
    expect(subsets).toEqual([{ ids: ['server.runtime', 'server.credentials', 'server.pull'], servers: [L1] }]);
    await press(ui, KEYS.enter); // Enter is no
    await waitForText(ui, 'Which fix?');
    expect(applied).toEqual([L1]);
    expect(subsets).toHaveLength(1);
    await press(ui, KEYS.escape);
    frame = await waitForText(ui, 'Problems found');
    // L1 re-checked and fine now; L3 (declined) keeps its finding.
    expect(frame).toContain(`on ${L3}`);
    expect(frame).not.toContain('on 2 servers');
  });
});

describe('a server fix that needs a token, on several servers', () => {
  it('the token pasted for the first server is used for the next: its preview asks to apply, not to paste again', async () => {
    const { port, applied } = fleet(new QuestionBroker(), [], [L1, L2, L3], ['token']);
    const ui = renderInRoot<AppResult>(
      <App port={port} mode="diagnose" strict={false} tickMs={0} openUrl={async () => true} tokens={{ server: { value: 'ghp_x', about: 'a token' } }} />,
      () => undefined,
    );
    await waitForText(ui, 'Problems found');
    await press(ui, 'f');
    await waitForText(ui, 'How do you want to go through them?');
    await press(ui, KEYS.enter); // everything, each asked
    await waitForText(ui, `This will, on ${L1}:`);
    expect(ui.lastFrame()).toContain('Apply this fix? (y/N)');
    await press(ui, 'y');
    const next = await waitForText(ui, `This will, on ${L3}:`);
    expect(applied).toEqual([L1]);
    expect(next).toContain('Apply this fix? (y/N)');
  });
});

describe('a server fix that needs a token, pasted with the UI unmounted', () => {
  it('after the remount the token serves the next server too', async () => {
    const { port, applied } = fleet(new QuestionBroker(), [], [L1, L2, L3], ['token']);
    const results: AppResult[] = [];
    const first = renderInRoot<AppResult>(<App port={port} mode="diagnose" strict={false} tickMs={0} openUrl={async () => true} />, (r) => results.push(r));
    await waitForText(first, 'Problems found');
    await press(first, 'f');
    await waitForText(first, 'How do you want to go through them?');
    await press(first, KEYS.enter);
    await waitForText(first, 'Paste the token now? (y/N)');
    await press(first, 'y');
    await vi.waitFor(() => expect(results[0]?.kind).toBe('need-token'));
    first.unmount();
    const r = results[0] as Extract<AppResult, { kind: 'need-token' }>;
    const second = renderInRoot<AppResult>(
      <App
        port={port}
        mode="diagnose"
        strict={false}
        tickMs={0}
        openUrl={async () => true}
        resume={r.state}
        tokens={{ server: { value: 'ghp_x', about: 'a token' } }}
      />,
      (x) => results.push(x),
    );
    await waitForText(second, 'Apply this fix? (y/N)');
    await press(second, 'y');
    const next = await waitForText(second, `This will, on ${L3}:`);
    expect(applied).toEqual([L1]);
    expect(next).toContain('Apply this fix? (y/N)');
  });
});

describe('eight servers in an 80x24 terminal', () => {
  it('the finished view (table, problems, keys) fits 24 rows and 80 columns', async () => {
    const labels = [1, 2, 3, 4, 5, 6, 7, 8].map(label);
    const ui = renderApp(fleet(new QuestionBroker(), [], labels).port);
    Object.defineProperty(ui.stdout, 'rows', { value: 24 });
    Object.defineProperty(ui.stdout, 'columns', { value: 80 });
    ui.stdout.emit('resize');
    await waitForText(ui, 'Problems found');
    // A key that redraws without printing anything new: the frame is the live area alone.
    await press(ui, KEYS.down);
    const frame = await waitForText(ui, `Server 2 of 8: ✔ ${label(2)}`);
    // The test renderer repeats what <Static> printed in every frame: the live area starts at the picker.
    const all = frame.split('\n');
    const live = all.slice(all.findIndex((l) => l.startsWith('Server 2 of 8')) - 1);
    const table = all.slice(
      all.findIndex((l) => l.startsWith('Deploy servers (8)')),
      all.findIndex((l) => l.startsWith('Server 2 of 8')),
    );
    // The table printed once and the live area under it fill no more than the screen.
    expect(table.length + live.length, frame).toBeLessThanOrEqual(24);
    for (const l of [...table, ...live]) expect(l.length, l).toBeLessThanOrEqual(80);
    for (const l of labels) expect(table.join('\n')).toContain(l);
    expect(live.join('\n')).toContain('Problems found');
    expect(live.join('\n')).toContain('on 7 servers');
    expect(live.at(-1)).toContain('q quit');
    // One server's details fit too, however long its checks' results.
    await press(ui, KEYS.enter);
    const details = (await waitForText(ui, `${label(2)} (server 2 of 8)`)).split('\n');
    const part = details.slice(details.findIndex((l) => l.startsWith(`${label(2)} (server 2 of 8)`)) - 1);
    expect(part.length, part.join('\n')).toBeLessThanOrEqual(23);
    for (const l of part) expect(l.length, l).toBeLessThanOrEqual(80);
    expect(part.join('\n')).toContain('✔ Pull on the server: podman pull ok');
  });
});

describe('unknown host keys with several servers', () => {
  it('one question per host; "trust all N shown" only once every fingerprint is listed, and it trusts exactly those', async () => {
    const questions = new QuestionBroker();
    // L1 and L3 are two users on the same machine: one host key, one question naming both.
    const { port, trusted } = fleet(questions, [
      { server: L1, host: '10.0.0.1', fingerprint: FP(1) },
      { server: L2, host: '10.0.0.2', fingerprint: FP(2) },
      { server: L3, host: '10.0.0.1', fingerprint: FP(1) },
    ]);
    const ui = renderApp(port);
    const frame = await waitForText(ui, 'a trust all 2 shown');
    expect(frame).toContain('2 SSH host keys are not in known_hosts');
    expect(frame).toContain(`10.0.0.1:22  ${FP(1)}`);
    expect(frame).toContain(`10.0.0.2:22  ${FP(2)}`);
    expect(frame).toContain(`for ${L1}, ${L3}`);
    expect(frame).toContain('Trust the host key of 10.0.0.1:22? (y/N)');
    await press(ui, 'a');
    await waitForText(ui, 'Problems found');
    expect(trusted).toEqual([
      [L1, true],
      [L2, true],
      [L3, true],
    ]);
  });

  it('answers one host at a time: Enter is no for the one asked about, the next is asked; alone, no "trust all"', async () => {
    const questions = new QuestionBroker();
    const { port, trusted } = fleet(questions, [
      { server: L1, host: '10.0.0.1', fingerprint: FP(1) },
      { server: L2, host: '10.0.0.2', fingerprint: FP(2) },
    ]);
    const ui = renderApp(port);
    await waitForText(ui, 'a trust all 2 shown');
    await press(ui, KEYS.enter);
    const frame = await waitForText(ui, 'Trust the SSH host key of');
    expect(frame).toContain(FP(2));
    expect(frame).not.toContain('trust all');
    await press(ui, 'y');
    await waitForText(ui, 'Problems found');
    expect(trusted).toEqual([
      [L1, false],
      [L2, true],
    ]);
  });

  it('more unknown hosts than fit: no "trust all" until the rest has been shown', async () => {
    const qs: HostKeyQuestion[] = [1, 2, 3, 4].map((n) => ({
      id: n,
      kind: 'host-key',
      message: `Trust the SSH host key of ${label(n)}?`,
      detail: [],
      host: `10.0.0.${n}`,
      port: 22,
      fingerprint: FP(n),
      servers: [label(n)],
    }));
    const answers: Array<[number[], boolean]> = [];
    const ui = renderPlain(<HostKeyQuestions questions={qs} maxRows={12} onAnswer={(ids, t) => answers.push([ids, t])} />);
    const frame = await waitFor(ui, (f) => f.includes('4 SSH host keys'), 'the list');
    expect(frame).toContain('… 2 more, shown as these are answered');
    expect(frame).not.toContain('trust all');
    await press(ui, 'a'); // not offered: a is no for the one asked about
    expect(answers).toEqual([[[1], false]]);
    ui.rerender(<HostKeyQuestions questions={qs.slice(2)} maxRows={12} onAnswer={(ids, t) => answers.push([ids, t])} />);
    await waitForText(ui, 'a trust all 2 shown');
    await press(ui, 'a');
    expect(answers).toEqual([
      [[1], false],
      [[3, 4], true],
    ]);
  });

  it('ctrl-c with host-key questions open answers them no and cancels', async () => {
    const questions = new QuestionBroker();
    const { port, trusted } = fleet(questions, [
      { server: L1, host: '10.0.0.1', fingerprint: FP(1) },
      { server: L2, host: '10.0.0.2', fingerprint: FP(2) },
    ]);
    const results: AppResult[] = [];
    const ui = renderApp(port, results);
    await waitForText(ui, 'a trust all 2 shown');
    await press(ui, KEYS.ctrlC);
    await vi.waitFor(() => expect(results).toEqual([{ kind: 'cancel' }]));
    await vi.waitFor(() => expect(trusted.map(([, t]) => t)).toEqual([false, false]));
  });
});
