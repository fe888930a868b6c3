/**
 * Saves a token to the local token file (`--token-file` or `~/.ghcr_token`): mode 600 from creation,
 * written under a temporary name and renamed (never half-written), the previous file backed up.
 */
import path from 'node:path';
import type { FileSystem } from '../io/types.js';
import { maskToken } from '../engine/redact.js';
import type { FixAction, FixInput } from './types.js';

export interface LocalTokenFileDeps {
  fs: FileSystem;
  /** Absolute path of the file to write. */
  file: string;
  /** The token adopted earlier in this session, when the user does not paste another one. */
  currentToken(): string | undefined;
}

export function defaultTokenFile(homedir: string, tokenFile?: string): string {
  return tokenFile ? path.resolve(tokenFile) : path.join(homedir, '.ghcr_token');
}

function tokenOf(input: FixInput, deps: LocalTokenFileDeps): string {
  const token = (input.token ?? deps.currentToken())?.trim();
  if (!token) throw new Error('no token to save: paste one first');
  return token;
}

export function localTokenFileFix(deps: LocalTokenFileDeps): FixAction {
  return {
    id: 'token.store-file',
    title: `Save the token to ${deps.file} (mode 600)`,
    needs: ['token'],
    preview(input) {
      const token = input.token ?? deps.currentToken();
      return [
        `write ${deps.file}: the token ${token ? maskToken(token) : '(the one you paste)'} on one line, no trailing newline`,
        `mode 600 from creation (a temporary file in ${path.dirname(deps.file)} renamed over it, so it is never half-written)`,
        `an existing ${path.basename(deps.file)} is first copied to ${path.basename(deps.file)}.bak-<time> (mode 600)`,
      ];
    },
    async apply(input, signal) {
      const token = tokenOf(input, deps);
      signal.throwIfAborted();
      const { backup } = await deps.fs.writeSecretFile(deps.file, token);
      return { changed: [deps.file, ...(backup ? [`${backup} (backup)`] : [])] };
    },
    async verify(input) {
      const token = tokenOf(input, deps);
      const [content, st] = await Promise.all([deps.fs.readFile(deps.file), deps.fs.stat(deps.file)]);
      if (content.toString('utf8') !== token) return { ok: false, message: `${deps.file} does not hold the token that was written` };
      if ((st.mode & 0o077) !== 0) return { ok: false, message: `${deps.file} has mode ${(st.mode & 0o777).toString(8)}, not 600` };
      return { ok: true, message: `${deps.file} holds the token (mode 600)` };
    },
    recheck: ['token.*'],
  };
}
