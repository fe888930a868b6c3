import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { App } from '../../../src/tui/App.js';
import { QuestionBroker } from '../../../src/tui/questions.js';
import type { AppPort, AppResult } from '../../../src/tui/port.js';
import { CHECKS, done, start } from '../fixtures.js';
import { KEYS, press, renderInRoot, waitForText } from '../ink-harness.js';

afterEach(() => cleanup());

/** A run whose first check asks the host-key question and then a passphrase, as ssh.connect does. */
function askingPort(questions: QuestionBroker, answers: unknown[]): AppPort {
  return {
    checks: CHECKS,
    async runAll(listener) {
      listener(start('token.discovery'));
      answers.push(await questions.confirm('Trust the SSH host key of deploy@h:22?', ['Fingerprint: SHA256:abc']));
      answers.push(await questions.secret('Passphrase for the SSH key ~/.ssh/id_ed25519'));
      for (const c of CHECKS) listener(done(c.id, 'pass', 'ok'));
      listener({ type: 'run:done', checks: [], findings: [], durationMs: 1 });
    },
    runSubset: async () => {},
    recheckIds: () => [],
    fixesFor: () => [],
    cancel: () => questions.cancelAll(),
    now: () => 0,
    questions,
  };
}

describe('questions from a running check, answered in the Ink view', () => {
  it('a host-key confirm shows (y/N), y trusts; a masked passphrase; keys do not leak to the app meanwhile', async () => {
    const questions = new QuestionBroker();
    const answers: unknown[] = [];
    const results: AppResult[] = [];
    const ui = renderInRoot<AppResult>(
      <App port={askingPort(questions, answers)} mode="diagnose" strict={false} tickMs={0} openUrl={async () => true} />,
      (r) => results.push(r),
    );
    await waitForText(ui, 'Trust the SSH host key of deploy@h:22?');
    expect(ui.lastFrame()).toContain('Fingerprint: SHA256:abc');
    expect(ui.lastFrame()).toContain('(y/N)');
    await press(ui, 'y');
    await waitForText(ui, 'Passphrase for the SSH key');
    for (const ch of 'hunter2') await press(ui, ch);
    await waitForText(ui, '*******');
    expect(ui.lastFrame()).not.toContain('hunter2');
    await press(ui, 'q'); // typed into the passphrase, not "quit"
    expect(results).toEqual([]);
    await press(ui, KEYS.enter);
    await waitForText(ui, 'Nothing blocks');
    expect(answers).toEqual([true, 'hunter2q']);
  });

  it.each([
    ['enter', KEYS.enter],
    ['escape', KEYS.escape],
    ['q', 'q'],
  ])('%s on a confirm is no (only y is yes), and does not quit the app', async (_name, key) => {
    const questions = new QuestionBroker();
    const answers: unknown[] = [];
    const results: AppResult[] = [];
    const ui = renderInRoot<AppResult>(
      <App port={askingPort(questions, answers)} mode="diagnose" strict={false} tickMs={0} openUrl={async () => true} />,
      (r) => results.push(r),
    );
    await waitForText(ui, 'Trust the SSH host key of deploy@h:22?');
    await press(ui, key);
    await waitForText(ui, 'Passphrase for the SSH key');
    expect(answers).toEqual([false]);
    expect(results).toEqual([]);
  });

  it('ctrl-c during a question answers it "no" and cancels', async () => {
    const questions = new QuestionBroker();
    const answers: unknown[] = [];
    const results: AppResult[] = [];
    const ui = renderInRoot<AppResult>(
      <App port={askingPort(questions, answers)} mode="diagnose" strict={false} tickMs={0} openUrl={async () => true} />,
      (r) => results.push(r),
    );
    await waitForText(ui, 'Trust the SSH host key');
    await press(ui, KEYS.ctrlC);
    await vi.waitFor(() => expect(results).toEqual([{ kind: 'cancel' }]));
    expect(answers[0]).toBe(false);
  });
});
