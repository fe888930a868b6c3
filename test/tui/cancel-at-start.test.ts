/**
 * Ctrl-C while the interactive UI is still loading (before Ink holds the keys) aborts the run signal
 * before the UI listens to it: the UI must see that and end at once (exit 130), not start anyway.
 */
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../src/cli/args.js';
import { CancelledError } from '../../src/cli/errors.js';
import { Redactor } from '../../src/engine/redact.js';
import type { Runtime } from '../../src/cli/runtime.js';
import { buildSandbox } from '../../src/demo/sandbox.js';
import { demoInputs, demoPorts, resolveScenario } from '../../src/demo/command.js';
import { runInteractive } from '../../src/tui/command.js';
import { mountApp } from '../../src/tui/ink-host.js';
import { pickTheme } from '../../src/tui/theme.js';

describe('Ctrl-C before the UI is up', () => {
  it('runInteractive with an already aborted signal throws CancelledError without mounting the UI', async () => {
    const args = parseCliArgs(['demo']);
    const redactor = new Redactor();
    const sandbox = buildSandbox(
      resolveScenario(args),
      () => Date.now(),
      (t) => redactor.addSecret(t),
    );
    const inputs = demoInputs(sandbox, args, true);
    const written: string[] = [];
    const controller = new AbortController();
    controller.abort(new CancelledError());
    const rt: Runtime = {
      argv: ['demo'],
      env: { NO_COLOR: '1' },
      cwd: '/',
      io: sandbox.io,
      output: { redactor, out: (t) => void written.push(t), err: (t) => void written.push(t), stdoutIsTty: true, stdinIsTty: true },
      readStdin: async () => '',
      signal: controller.signal,
    };
    await expect(runInteractive(args, rt, { inputs, ports: demoPorts(sandbox) })).rejects.toBeInstanceOf(CancelledError);
  });

  it('mountApp with an already aborted signal resolves as a cancel without rendering', async () => {
    const controller = new AbortController();
    controller.abort(new CancelledError());
    const port = new Proxy(
      {},
      {
        get: () => {
          throw new Error('the app was rendered');
        },
      },
    );
    const result = await mountApp(
      { port, mode: 'diagnose', strict: false, tokens: {}, forgetToken: () => undefined, openUrl: async () => undefined } as never,
      pickTheme({ NO_COLOR: '1' }, false),
      controller.signal,
    );
    expect(result).toEqual({ kind: 'cancel' });
  });
});
