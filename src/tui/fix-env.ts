/**
 * What the TUI's fixes may use from a session: its API, files, tokens and the server it reached. A new
 * token adopted by the token fix becomes the session's; the token the run found before it still calls
 * the API for the repository secret (a new packages token usually lacks the repo scope).
 */
import type { Io } from '../io/types.js';
import type { FixEnvironment } from '../fixes/index.js';
import { openInBrowser, type UrlOpener } from '../fixes/manual-links.js';
import { serverFixActions, serverTokenStores } from '../fixes/server-fixes.js';
import type { DiagnosisSession } from '../diagnosis/session.js';

export function sessionFixEnv(session: DiagnosisSession, io: Io, opts: { tokenFile?: string; open?: UrlOpener } = {}): () => FixEnvironment {
  let foundToken: string | undefined;
  return () => ({
    apiUrl: session.inputs.apiUrl,
    fetch: io.fetch,
    fs: io.fs,
    homedir: io.homedir,
    tokenFile: opts.tokenFile,
    repo: session.inputs.repo,
    secretName: session.inputs.secretName,
    currentToken: () => session.currentToken(),
    adoptToken: (t) => {
      foundToken ??= session.currentToken();
      session.adoptToken(t);
    },
    apiToken: () => foundToken ?? session.currentToken(),
    open: opts.open ?? openInBrowser,
    moreFixes: (f) => serverFixActions(session.context, f),
    serverTokenStores: () => serverTokenStores(session.context),
    intent: session.inputs.intent,
  });
}
