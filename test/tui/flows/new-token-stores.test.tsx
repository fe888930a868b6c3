/**
 * After a new token is verified, the TUI offers to store it where it is used, each its own y/N: the
 * local token file, the deploy server, the repository's Actions secret. Driven against the demo's
 * sandbox (the real session, port and fixes): the stores land in the sandbox's state.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { App } from '../../../src/tui/App.js';
import type { AppResult } from '../../../src/tui/port.js';
import { makePort } from '../../../src/tui/make-port.js';
import { sessionFixEnv } from '../../../src/tui/fix-env.js';
import { DiagnosisSession } from '../../../src/diagnosis/session.js';
import { Redactor } from '../../../src/engine/redact.js';
import { parseCliArgs } from '../../../src/cli/args.js';
import { buildSandbox } from '../../../src/demo/sandbox.js';
import { demoInputs, demoPorts } from '../../../src/demo/command.js';
import { DEFAULT_SCENARIO, DEMO_HOME, DEMO_REPO, DEMO_SERVER, findScenario } from '../../../src/demo/scenarios.js';
import { KEYS, allOutput, press, renderInRoot, waitFor, waitForText, type Rendered } from '../ink-harness.js';

afterEach(() => cleanup());

const NEW_TOKEN = `ghp_${'madeUpForTheStores'.padEnd(36, '7')}`;
const ABOUT = 'classic token of hellocplusplus0 with write:packages, read:packages';

function demoWorld() {
  let now = Date.parse('2026-12-02T10:00:00Z');
  const clock = () => now;
  const sandbox = buildSandbox(findScenario(DEFAULT_SCENARIO)!, clock);
  const redactor = new Redactor();
  for (const s of sandbox.secrets) redactor.addSecret(s);
  redactor.addSecret(NEW_TOKEN);
  const inputs = demoInputs(sandbox, parseCliArgs(['demo']), true);
  const session = new DiagnosisSession({ inputs, io: sandbox.io, redactor, ports: demoPorts(sandbox), signal: new AbortController().signal });
  const port = makePort(session, sessionFixEnv(session, sandbox.io, { open: async () => false }), redactor, () => {});
  return { sandbox, port, tick: () => (now += 5000) };
}

/** Declines previews (Enter) until the one titled `title` is on screen. */
async function declineUntil(ui: Rendered, title: string): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const frame = await waitFor(ui, (f) => /\(y\/N\)/.test(f), 'a preview', 10_000);
    if (frame.includes(`Fix: ${title}`)) return;
    await press(ui, KEYS.enter);
  }
  throw new Error(`no preview "${title}"`);
}

describe('a new token is stored where it is used, each with its own y/N', () => {
  it('token file, server and repository secret: previews, y to each, written in the sandbox, then re-checked', async () => {
    const { sandbox, port, tick } = demoWorld();
    const secretBefore = sandbox.world.repos[0]!.secrets!.find((s) => s.name === 'GHCR_TOKEN')!;
    const stampBefore = secretBefore.updatedAt ?? secretBefore.createdAt;
    const results: AppResult[] = [];
    const ui = renderInRoot<AppResult>(<App port={port} mode="diagnose" strict={false} tickMs={0} openUrl={async () => false} />, (r) => results.push(r));
    await waitForText(ui, 'q quit', 20_000);
    await press(ui, 'f');
    await press(ui, KEYS.enter); // fix everything
    await declineUntil(ui, 'Create a classic token');
    await press(ui, 'y');
    await vi.waitFor(() => expect(results[0]).toMatchObject({ kind: 'need-token', purpose: 'local' }));
    const resume = (results[0] as Extract<AppResult, { kind: 'need-token' }>).state;
    cleanup();

    // Back from the masked prompt with the verified token, as command.ts remounts.
    const ui2 = renderInRoot<AppResult>(
      <App
        port={port}
        mode="diagnose"
        strict={false}
        tickMs={0}
        openUrl={async () => false}
        resume={resume}
        tokens={{ local: { value: NEW_TOKEN, about: ABOUT } }}
      />,
      () => {},
    );
    await waitForText(ui2, 'Apply this fix? (y/N)');
    await press(ui2, 'y');
    tick();

    // 1. The local token file.
    await waitForText(ui2, `Fix: Save the token to ${DEMO_HOME}/.ghcr_token`, 10_000);
    await press(ui2, 'y');
    // 2. The server: the same token, with the least-privilege note.
    const server = await waitForText(ui2, `Fix: Store the new token in ~/.ghcr_token on ${DEMO_SERVER.user}@${DEMO_SERVER.host}:22 too`, 10_000);
    expect(server).toContain('a token with read:packages alone is enough there');
    await press(ui2, 'y');
    // 3. The repository secret, called with the token the run found (the new one has no repo scope).
    const secret = await waitForText(ui2, `Fix: Store the token in the ${DEMO_REPO} secret GHCR_TOKEN`, 10_000);
    expect(secret.replace(/\n\s*/g, ' ')).toContain('the API calls are made with the token this run found');
    tick();
    await press(ui2, 'y');
    await waitForText(ui2, 'applied Store the token in the', 10_000);
    // The rest of the queue (the server login, which now uses the same token) is declined.
    for (let i = 0; i < 10 && !/q quit/.test(ui2.lastFrame() ?? ''); i++) {
      await waitFor(ui2, (f) => /\(y\/N\)|q quit/.test(f), 'a preview or the summary', 20_000);
      if (/\(y\/N\)/.test(ui2.lastFrame() ?? '')) await press(ui2, KEYS.enter);
    }
    await waitForText(ui2, 'q quit', 20_000);

    const out = allOutput(ui2).replace(/\s+/g, ' ');
    expect(out).toMatch(/applied Create a classic token/);
    expect(out).toMatch(/applied Save the token to \/home\/demo\/\.ghcr_token/);
    expect(out).toMatch(/applied Store the new token in ~\/\.ghcr_token on deploy@203\.0\.113\.7:22 too.*content verified/);
    expect(out).toMatch(/applied Store the token in the hellocplusplus0\/v7 secret GHCR_TOKEN: secret GHCR_TOKEN updated/);
    expect(out.includes(NEW_TOKEN)).toBe(false);
    // The sandbox's state: the file, the server's file, and the secret (sealed, newer).
    expect((await sandbox.fs.readFile(`${DEMO_HOME}/.ghcr_token`)).toString()).toBe(NEW_TOKEN);
    expect(sandbox.server.files.get(`${DEMO_SERVER.home}/.ghcr_token`)?.data.toString()).toBe(`${NEW_TOKEN}\n`);
    const secretAfter = sandbox.world.repos[0]!.secrets!.find((s) => s.name === 'GHCR_TOKEN')!;
    expect(Date.parse(secretAfter.updatedAt!)).toBeGreaterThan(Date.parse(stampBefore!));
    expect(secretAfter.encryptedValue).toBeTruthy();
    expect(secretAfter.encryptedValue).not.toContain(NEW_TOKEN);
  }, 60_000);
});
