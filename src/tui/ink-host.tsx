/**
 * Mounts the Ink app for one stretch of the session and resolves with how it ended. Unmounting
 * returns stdin (raw mode off) before anything else, e.g. an inquirer prompt, reads it.
 */
import { render } from 'ink';
import { App, type AppProps } from './App.js';
import { InkLifecycleRoot } from './lifecycle.js';
import type { AppResult } from './port.js';
import { ThemeProvider } from './theme-context.js';
import type { Theme } from './theme.js';

export async function mountApp(props: AppProps, theme: Theme, signal: AbortSignal): Promise<AppResult> {
  let result: AppResult = { kind: 'cancel' };
  // Cancelled before this mount (Ctrl-C between two views): an abort listener added now would never fire.
  if (signal.aborted) return result;
  // An inquirer prompt leaves stdin explicitly paused; Ink's 'readable' listener does not undo
  // that, so no key would arrive and the event loop would empty (Ink unmounts on beforeExit).
  if (process.stdin.isPaused()) process.stdin.resume();
  const instance = render(
    <ThemeProvider value={theme}>
      <InkLifecycleRoot<AppResult> onResult={(r) => (result = r)}>
        <App {...props} />
      </InkLifecycleRoot>
    </ThemeProvider>,
    // Ctrl-C arrives as a key while Ink holds raw mode; App turns it into a clean cancel.
    { exitOnCtrlC: false, patchConsole: false },
  );
  const onAbort = () => instance.unmount();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await instance.waitUntilExit();
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  return signal.aborted ? { kind: 'cancel' } : result;
}
