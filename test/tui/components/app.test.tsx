import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { App } from '../../../src/tui/App.js';
import { pushProbeLeftover } from '../../../src/tui/make-port.js';
import type { AppPort, AppResult, OfferedFix } from '../../../src/tui/port.js';
import type { EngineListener, Finding } from '../../../src/engine/types.js';
import { TokenRefusedError, type FixAction } from '../../../src/fixes/types.js';
import { CHECKS, done, found, runDone, start } from '../fixtures.js';
import { KEYS, allOutput, press, renderInRoot, waitForText } from '../ink-harness.js';

afterEach(() => cleanup());

/** A diagnosis whose token check fails until the fix "repairs" it. */
function fakeWorld() {
  let repaired = false;
  const applied: string[] = [];
  const emit = async (ids: string[], listener: EngineListener) => {
    await Promise.resolve();
    for (const id of ids) {
      listener(start(id));
      if (id === 'token.scopes' && !repaired) {
        listener({ type: 'finding', finding: found('token.missing-scope', id, 'lacks write:packages') });
        listener(done(id, 'fail', 'lacks write:packages'));
      } else listener(done(id, 'pass', `${id} ok`));
    }
    listener({ type: 'run:done', checks: [], findings: [], durationMs: 3 });
  };
  const action = (id: FixAction['id'], needs: FixAction['needs'] = []): FixAction => ({
    id,
    title: `Fix ${id}`,
    needs,
    preview: (input) => [`change thing for ${id}${input.token ? ' with the pasted token' : ''}`],
    apply: async () => {
      applied.push(id);
      repaired = true;
      return { changed: ['thing'] };
    },
    verify: async () => ({ ok: true, message: 'verified' }),
    recheck: ['token.scopes'],
  });
  const cancel = vi.fn();
  const port: AppPort = {
    checks: CHECKS,
    runAll: (l) =>
      emit(
        CHECKS.map((c) => c.id),
        l,
      ),
    runSubset: (ids, l) => emit(ids, l),
    recheckIds: (a) => a.recheck,
    fixesFor: (findings: Finding[]): OfferedFix[] =>
      findings.flatMap((f) =>
        [action('token.create-classic', ['token']), action('token.store-file')].map((a) => ({
          option: { key: `${f.id}:${a.id}`, actionId: a.id, title: a.title, findingId: f.id, severity: f.severity, check: f.check },
          action: a,
        })),
      ),
    cancel,
    now: () => 0,
  };
  return { port, applied, cancel };
}

describe('App (diagnosis)', () => {
  it('runs, prints each finished step, ends on the summary; q quits with the exit code', async () => {
    const { port } = fakeWorld();
    const results: AppResult[] = [];
    const ui = renderInRoot<AppResult>(<App port={port} mode="diagnose" strict={false} tickMs={0} openUrl={async () => true} />, (r) => results.push(r));
    await waitForText(ui, 'Problems found');
    const out = allOutput(ui);
    for (const c of CHECKS) expect(out).toContain(c.title);
    expect(out).toContain('lacks write:packages');
    expect(ui.lastFrame()).toContain('f fix (2 available)');
    await press(ui, 'q');
    await vi.waitFor(() => expect(results).toEqual([{ kind: 'quit', exitCode: 1 }]));
  });

  it('the first frame already shows the checks that started at once, running; later events still arrive', async () => {
    const { port } = fakeWorld();
    let finish: () => void = () => {};
    // As the runner does: every check with nothing to wait for starts synchronously, the rest later.
    port.runAll = (l) => {
      l(start('token.discovery'));
      return new Promise<void>((resolve) => {
        finish = () => {
          l(done('token.discovery', 'pass', 'found'));
          for (const id of ['token.scopes', 'registry.login', 'registry.push']) {
            l(start(id));
            l(done(id, 'pass', `${id} ok`));
          }
          l(runDone());
          resolve();
        };
      });
    };
    const ui = renderInRoot<AppResult>(<App port={port} mode="diagnose" strict={false} tickMs={0} openUrl={async () => true} />, () => {});
    const first = ui.frames[0] ?? '';
    expect(first).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Token/);
    // Steps not started yet are one line, so the live area never outgrows the terminal.
    expect(first).toContain('more step(s) waiting');
    finish();
    await waitForText(ui, 'registry.push ok');
  });

  it('? toggles the help', async () => {
    const { port } = fakeWorld();
    const ui = renderInRoot<AppResult>(<App port={port} mode="diagnose" strict={false} tickMs={0} openUrl={async () => true} />, () => {});
    await waitForText(ui, 'Problems found');
    await press(ui, '?');
    await waitForText(ui, 'cancel at once (exit 130');
    await press(ui, '?');
    await vi.waitFor(() => expect(ui.lastFrame()).not.toContain('cancel at once'));
  });

  it('fix flow: choose a mode, see the preview, decline one, accept one; it is applied and its check re-runs', async () => {
    const { port, applied } = fakeWorld();
    const ui = renderInRoot<AppResult>(<App port={port} mode="diagnose" strict={false} tickMs={0} openUrl={async () => true} />, () => {});
    await waitForText(ui, 'Problems found');
    await press(ui, 'f');
    await waitForText(ui, 'How do you want to go through them?');
    await press(ui, KEYS.down);
    await waitForText(ui, '❯ Fix errors only');
    await press(ui, KEYS.enter);
    await waitForText(ui, 'Fix: Fix token.create-classic');
    expect(ui.lastFrame()).toContain('• change thing for token.create-classic');
    expect(ui.lastFrame()).toContain('Paste the token now? (y/N)');
    await press(ui, 'n');
    await waitForText(ui, 'Fix: Fix token.store-file');
    expect(applied).toEqual([]); // nothing ran without a yes
    await press(ui, 'y');
    await waitForText(ui, 'Nothing blocks pulls or pushes.');
    expect(applied).toEqual(['token.store-file']);
    expect(allOutput(ui)).toContain('↻ Token scopes');
    expect(ui.lastFrame()).toMatch(/declined Fix token.create-classic\n/);
    expect(ui.lastFrame()).not.toContain(': declined');
    expect(ui.lastFrame()).toContain('applied Fix token.store-file');
  });

  it('a fix that needs a token: y hands control back for the paste; back with the verified token, it asks y/N again before applying', async () => {
    const { port, applied } = fakeWorld();
    const results: AppResult[] = [];
    const ui = renderInRoot<AppResult>(<App port={port} mode="diagnose" strict={false} tickMs={0} openUrl={async () => true} />, (r) => results.push(r));
    await waitForText(ui, 'Problems found');
    await press(ui, 'f');
    await press(ui, KEYS.enter); // fix everything
    await waitForText(ui, 'Paste the token now? (y/N)');
    await press(ui, 'y');
    await vi.waitFor(() => expect(results[0]).toMatchObject({ kind: 'need-token', purpose: 'local' }));
    expect(applied).toEqual([]);
    cleanup();

    const resumed = (results[0] as Extract<AppResult, { kind: 'need-token' }>).state;
    const ui2 = renderInRoot<AppResult>(
      <App
        port={port}
        mode="diagnose"
        strict={false}
        tickMs={0}
        openUrl={async () => true}
        resume={resumed}
        tokens={{ local: { value: 'ghp_pasted', about: 'classic token of octo with write:packages' } }}
      />,
      () => {},
    );
    await waitForText(ui2, 'Apply this fix? (y/N)');
    expect(ui2.lastFrame()).toContain('token: classic token of octo with write:packages (verified just now)');
    expect(ui2.lastFrame()).toContain('with the pasted token');
    expect(applied).toEqual([]); // the paste alone changed nothing
    await press(ui2, 'y');
    await waitForText(ui2, 'Fix: Fix token.store-file');
    expect(applied).toEqual(['token.create-classic']);
  });

  it.each([
    ['enter', KEYS.enter],
    ['escape', KEYS.escape],
    ['another key', 'x'],
  ])('consent: %s on a preview declines it; only y applies', async (_name, key) => {
    const { port, applied } = fakeWorld();
    const ui = renderInRoot<AppResult>(<App port={port} mode="diagnose" strict={false} tickMs={0} openUrl={async () => true} />, () => {});
    await waitForText(ui, 'Problems found');
    await press(ui, 'f');
    await press(ui, KEYS.enter); // fix everything
    await waitForText(ui, 'Fix: Fix token.create-classic');
    await press(ui, key);
    await waitForText(ui, 'Fix: Fix token.store-file');
    expect(ui.lastFrame()).toContain('Apply this fix? (y/N)');
    await press(ui, key);
    await waitForText(ui, 'declined Fix token.store-file');
    expect(applied).toEqual([]);
  });

  it.each([
    {
      why: 'refused',
      failure: () => new TokenRefusedError('401 Bad credentials'),
      forgotten: ['local'],
      retry: 'Paste the token now? (y/N)', // not "Apply": the refused token is gone
    },
    {
      why: 'a timeout (says nothing about the token)',
      failure: () => new Error('Timed out while waiting for handshake'),
      forgotten: [],
      retry: 'Apply this fix? (y/N)', // the same verified token, no second paste
    },
  ])('a fix with a pasted token that fails, $why: the token is forgotten only when it was refused', async ({ failure, forgotten: expected, retry }) => {
    const { port } = fakeWorld();
    let applied = 0;
    const rejecting: FixAction = {
      id: 'token.store-file',
      title: 'Save it',
      needs: ['token'],
      preview: () => ['write the file'],
      apply: async () => {
        applied++;
        throw failure();
      },
      verify: async () => ({ ok: true, message: '' }),
      recheck: [],
    };
    port.fixesFor = (findings) =>
      findings.map((f) => ({
        option: { key: `${f.id}:save`, actionId: rejecting.id, title: rejecting.title, findingId: f.id, severity: f.severity, check: f.check },
        action: rejecting,
      }));
    const forgotten: string[] = [];
    const results: AppResult[] = [];
    const ui = renderInRoot<AppResult>(
      <App
        port={port}
        mode="diagnose"
        strict={false}
        tickMs={0}
        openUrl={async () => true}
        tokens={{ local: { value: 'ghp_rejected', about: 'classic token of octo' } }}
        forgetToken={(p) => forgotten.push(p)}
      />,
      (r) => results.push(r),
    );
    await waitForText(ui, 'Problems found');
    await press(ui, 'f');
    await press(ui, KEYS.enter);
    await waitForText(ui, 'Apply this fix? (y/N)');
    await press(ui, 'y');
    await waitForText(ui, `failed Save it: ${failure().message}`);
    expect(ui.lastFrame()).not.toContain('applying');
    expect(forgotten).toEqual(expected);
    await press(ui, 'f');
    await press(ui, KEYS.enter);
    await waitForText(ui, retry);
    await press(ui, 'y');
    if (expected.length > 0) await vi.waitFor(() => expect(results[0]).toMatchObject({ kind: 'need-token', purpose: 'local' }));
    else await vi.waitFor(() => expect(applied).toBe(2)); // applied again with the kept token
    expect(results.filter((r) => r.kind === 'need-token')).toHaveLength(expected.length);
  });

  it('o without a browser says so and prints the address to copy', async () => {
    const { port } = fakeWorld();
    const linked = {
      id: 'token.create-classic',
      title: 'New token',
      url: 'https://github.com/settings/tokens/new?scopes=write:packages&description=ghcr-doctor',
      needs: [],
      preview: () => ['open the page'],
      apply: async () => ({ changed: [] }),
      verify: async () => ({ ok: true, message: '' }),
      recheck: [],
    } as FixAction;
    port.fixesFor = (findings) =>
      findings.map((f) => ({
        option: { key: `${f.id}:new`, actionId: linked.id, title: linked.title, findingId: f.id, severity: f.severity, check: f.check },
        action: linked,
      }));
    const ui = renderInRoot<AppResult>(<App port={port} mode="diagnose" strict={false} tickMs={0} openUrl={async () => false} />, () => {});
    await waitForText(ui, 'Problems found');
    await press(ui, 'f');
    await press(ui, KEYS.enter);
    await waitForText(ui, 'o open the link');
    await press(ui, 'o');
    await waitForText(ui, 'no browser can be opened here; open this address yourself:');
    expect(ui.lastFrame()).toContain('Apply this fix? (y/N)'); // o is not an answer
    expect(ui.lastFrame()!.replace(/\n/g, '')).toContain('https://github.com/settings/tokens/new?scopes=write:packages&description=ghcr-doctor');
  });

  it("a server fix does not reuse the laptop token: it asks for the server's own", async () => {
    const { port } = fakeWorld();
    const serverLogin: FixAction = {
      id: 'server.login-persistent',
      title: 'Log the server in',
      needs: ['token'],
      preview: () => ['server: podman login --password-stdin'],
      apply: async () => ({ changed: [] }),
      verify: async () => ({ ok: true, message: '' }),
      recheck: [],
    };
    port.fixesFor = (findings) =>
      findings.map((f) => ({
        option: { key: `${f.id}:server`, actionId: serverLogin.id, title: serverLogin.title, findingId: f.id, severity: f.severity, check: f.check },
        action: serverLogin,
      }));
    const results: AppResult[] = [];
    const ui = renderInRoot<AppResult>(
      <App
        port={port}
        mode="diagnose"
        strict={false}
        tickMs={0}
        openUrl={async () => true}
        tokens={{ local: { value: 'ghp_laptop', about: 'classic token of octo with write:packages' } }}
      />,
      (r) => results.push(r),
    );
    await waitForText(ui, 'Problems found');
    await press(ui, 'f');
    await press(ui, KEYS.enter);
    await waitForText(ui, "paste the server's own token");
    expect(ui.lastFrame()).not.toContain('verified just now'); // the laptop's token is not shown as the server's
    await press(ui, 'y');
    await vi.waitFor(() => expect(results[0]).toMatchObject({ kind: 'need-token', purpose: 'server' }));
  });

  it('one by one: after the new token is verified, its stores are asked next, each y/N; Enter declines one, a failing one says why, the rest are still asked', async () => {
    const { port, applied } = fakeWorld();
    const store = (id: FixAction['id'], title: string, fail?: string): FixAction => ({
      id,
      title,
      needs: id === 'actions.set-secret' ? [] : ['token'],
      preview: (input) => [`${title} with ${input.token ? 'the new token' : 'no token'}`],
      apply: async () => {
        if (fail) throw new Error(fail);
        applied.push(title);
        return { changed: [title] };
      },
      verify: async () => ({ ok: true, message: 'stored' }),
      recheck: ['token.scopes'],
    });
    const stores = [
      store('token.store-file', 'Save to the file'),
      store('server.write-token-file', 'Store on the server', 'the server was not reached during the diagnosis'),
      store('actions.set-secret', 'Store in the secret'),
    ];
    port.storesForNewToken = (from) =>
      stores.map((a) => ({ option: { ...from, key: `new-token:${a.id}`, actionId: a.id, title: a.title }, action: a, tokenFrom: 'local' as const }));
    const ui = renderInRoot<AppResult>(
      <App
        port={port}
        mode="diagnose"
        strict={false}
        tickMs={0}
        openUrl={async () => true}
        tokens={{ local: { value: 'ghp_new', about: 'classic token of octo' } }}
      />,
      () => {},
    );
    await waitForText(ui, 'Problems found');
    await press(ui, 'f');
    await press(ui, KEYS.down);
    await press(ui, KEYS.down);
    await press(ui, KEYS.enter); // one by one
    await waitForText(ui, 'Which fix?');
    await press(ui, KEYS.enter); // the token fix
    await waitForText(ui, 'Fix: Fix token.create-classic');
    await press(ui, 'y');
    const file = await waitForText(ui, 'Fix: Save to the file');
    expect(file).toContain('Save to the file with the new token');
    expect(file).toContain('Apply this fix? (y/N)');
    await press(ui, KEYS.enter); // declined
    await waitForText(ui, 'Fix: Store on the server');
    expect(ui.lastFrame()).toContain('token: classic token of octo (verified just now)');
    await press(ui, 'y');
    await waitForText(ui, 'Fix: Store in the secret');
    await press(ui, 'y');
    await waitForText(ui, 'Which fix?'); // then back to the list
    const out = allOutput(ui);
    expect(out).toContain('declined Save to the file');
    expect(out).toContain('failed Store on the server: the server was not reached during the diagnosis');
    expect(out).toContain('applied Store in the secret');
    expect(applied).toEqual(['token.create-classic', 'Store in the secret']);
  });

  it('ctrl-c cancels: the port aborts and the app ends as cancelled', async () => {
    const { port, cancel } = fakeWorld();
    const results: AppResult[] = [];
    const ui = renderInRoot<AppResult>(<App port={port} mode="diagnose" strict={false} tickMs={0} openUrl={async () => true} />, (r) => results.push(r));
    await waitForText(ui, 'Problems found');
    await press(ui, KEYS.ctrlC);
    await vi.waitFor(() => expect(results).toEqual([{ kind: 'cancel' }]));
    expect(cancel).toHaveBeenCalledOnce();
  });
});

describe('App (push probe)', () => {
  it('p asks before switching to the push probe; yes re-runs everything with it, no changes nothing', async () => {
    const { port } = fakeWorld();
    let probe: 'session' | 'push' = 'session';
    port.probe = () => probe;
    port.usePushProbe = () => void (probe = 'push');
    const runAll = vi.spyOn(port, 'runAll');
    const ui = renderInRoot<AppResult>(<App port={port} mode="diagnose" strict={false} tickMs={0} openUrl={async () => true} />, () => {});
    await waitForText(ui, 'p push probe');
    await press(ui, 'p');
    await waitForText(ui, 'Re-run with the push probe? (y/N)');
    await press(ui, KEYS.enter); // Enter is no
    await vi.waitFor(() => expect(ui.lastFrame()).not.toContain('Re-run with the push probe?'));
    expect(probe).toBe('session');
    await press(ui, 'p');
    await waitForText(ui, 'Re-run with the push probe?');
    await press(ui, 'n');
    await vi.waitFor(() => expect(ui.lastFrame()).not.toContain('Re-run with the push probe?'));
    expect(probe).toBe('session');
    await press(ui, 'p');
    await waitForText(ui, 'Re-run with the push probe?');
    await press(ui, 'y');
    await waitForText(ui, 'Re-run #2');
    expect(probe).toBe('push');
    expect(runAll).toHaveBeenCalledTimes(2);
    await waitForText(ui, 'Problems found');
    expect(ui.lastFrame()).not.toContain('p push probe'); // already in use
  });

  it('the question says what the probe leaves behind when the scopes are known', async () => {
    const { port } = fakeWorld();
    port.probe = () => 'session';
    port.usePushProbe = () => {};
    port.pushProbeLeftover = () => pushProbeLeftover(['read:packages', 'write:packages'], 'ghcr.io/acme/api:latest');
    const ui = renderInRoot<AppResult>(<App port={port} mode="diagnose" strict={false} tickMs={0} openUrl={async () => true} />, () => {});
    await waitForText(ui, 'p push probe');
    await press(ui, 'p');
    await waitForText(ui, 'Re-run with the push probe? (y/N)');
    expect(ui.lastFrame()!.replace(/[│\s]+/g, ' ')).toContain(
      'This token lacks delete:packages: the tag ghcr-doctor-probe and its version stay in ghcr.io/acme/api:latest afterwards',
    );
  });

  it('pushProbeLeftover: deleted with delete:packages, left behind without, nothing said when the scopes are unknown', () => {
    expect(pushProbeLeftover(['write:packages', 'delete:packages'], 'ghcr.io/acme/api:latest')).toBe(
      "This token has delete:packages: the probe's version is deleted from ghcr.io/acme/api:latest afterwards.",
    );
    expect(pushProbeLeftover(['write:packages'], 'ghcr.io/acme/api:latest')).toMatch(/lacks delete:packages/);
    expect(pushProbeLeftover(['read:packages'], 'ghcr.io/acme/api:latest')).toMatch(/lacks write:packages: the push should be denied/);
    expect(pushProbeLeftover(null, 'ghcr.io/acme/api:latest')).toBeUndefined();
    expect(pushProbeLeftover(undefined, undefined)).toBeUndefined();
  });
});

describe('App (learn)', () => {
  it('explains a step, runs it on enter, shows what it means, and moves on', async () => {
    const { port } = fakeWorld();
    const runAll = vi.spyOn(port, 'runAll');
    const ui = renderInRoot<AppResult>(<App port={port} mode="learn" strict={false} tickMs={0} openUrl={async () => true} />, () => {});
    // The two token checks share one page (one explanation, one enter).
    await waitForText(ui, 'step 1 of 3');
    expect(ui.lastFrame()).toContain('Which token, and what it may do');
    // The intro and the explanation are folded on words: no line begins with the space Ink broke at.
    expect(ui.lastFrame()!.replace(/\s+/g, ' ')).toContain('one step at a time.');
    expect(ui.lastFrame()).not.toMatch(/^ \S/m);
    expect(ui.lastFrame()).not.toMatch(/^│ {2}\S/m);
    expect(ui.lastFrame()).not.toContain('What this means for you');
    expect(runAll).not.toHaveBeenCalled(); // nothing runs before the user asks
    await press(ui, KEYS.enter);
    await waitForText(ui, 'What this means for you');
    await waitForText(ui, 'lacks write:packages');
    // The meaning follows the outcome: the identity check passed, the scopes did not.
    expect(ui.lastFrame()).toContain('The registry will refuse what you asked with this token');
    expect(ui.lastFrame()).not.toContain('has what it needs');
    await press(ui, KEYS.enter);
    await waitForText(ui, 'step 2 of 3');
    await press(ui, 's');
    await waitForText(ui, 'step 3 of 3');
    await press(ui, 'b');
    await waitForText(ui, 'step 2 of 3');
    expect(ui.lastFrame()).toContain('enter: run "Registry login"');
  });

  it('a key right after the view changed goes to the new view (not to the handler of the one before)', async () => {
    const { port } = fakeWorld();
    const runSubset = vi.spyOn(port, 'runSubset');
    const ui = renderInRoot<AppResult>(<App port={port} mode="learn" strict={false} tickMs={0} openUrl={async () => true} />, () => {});
    await waitForText(ui, 'step 1 of 3');
    await press(ui, KEYS.enter);
    await waitForText(ui, 'enter: next step');
    // Two keys in one go, as a fast typist or a loaded machine delivers them: next page, then run it.
    ui.stdin.write(KEYS.enter);
    ui.stdin.write(KEYS.enter);
    await waitForText(ui, 'step 2 of 3');
    await vi.waitFor(() => expect(runSubset).toHaveBeenCalledTimes(2));
  });

  it('the step timings stay inside the box border', async () => {
    const { port } = fakeWorld();
    const ui = renderInRoot<AppResult>(<App port={port} mode="learn" strict={false} tickMs={0} openUrl={async () => true} />, () => {});
    await waitForText(ui, 'step 1 of 3');
    await press(ui, KEYS.enter);
    await waitForText(ui, 'What this means for you');
    const lines = ui
      .lastFrame()!
      .split('\n')
      .filter((l) => /\d+ms/.test(l));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.trimEnd()).toMatch(/│$/);
  });
});
