/**
 * ink-testing-library plus polling helpers (Shopify cli-kit's waitForContent): wait for text on
 * screen with a deadline instead of sleeping. Assert before unmount: Ink writes a bare '\n' then.
 */
import type React from 'react';
import { render } from 'ink-testing-library';
import { InkLifecycleRoot } from '../../src/tui/lifecycle.js';
import { ThemeProvider } from '../../src/tui/theme-context.js';
import { NO_COLOR } from '../../src/tui/theme.js';

export const KEYS = { up: '\u001B[A', down: '\u001B[B', enter: '\r', escape: '\u001B', ctrlC: '\u0003' };

export type Rendered = ReturnType<typeof render>;

const tick = () => new Promise<void>((r) => setImmediate(() => setTimeout(r, 0)));

export async function waitFor(instance: Rendered, predicate: (frame: string) => boolean, what: string, timeoutMs = 3000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = instance.lastFrame() ?? '';
    if (predicate(frame)) return frame;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last frame:\n${frame}`);
    await tick();
  }
}

export function waitForText(instance: Rendered, text: string, timeoutMs?: number): Promise<string> {
  return waitFor(instance, (f) => f.includes(text), JSON.stringify(text), timeoutMs);
}

/** Types a key once the UI has settled a little (React 19 flushes on the scheduler). */
export async function press(instance: Rendered, key: string): Promise<void> {
  await tick();
  instance.stdin.write(key);
  await tick();
}

/** Everything printed so far (Static output lands in earlier frames). */
export function allOutput(instance: Rendered): string {
  return instance.frames.join('\n');
}

export function renderPlain(node: React.ReactElement): Rendered {
  return render(<ThemeProvider value={NO_COLOR}>{node}</ThemeProvider>);
}

export function renderInRoot<R>(node: React.ReactElement, onResult: (r: R) => void): Rendered {
  return render(
    <ThemeProvider value={NO_COLOR}>
      <InkLifecycleRoot<R> onResult={onResult}>{node}</InkLifecycleRoot>
    </ThemeProvider>,
  );
}
