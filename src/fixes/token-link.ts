/**
 * A new classic token: the exact new-token URL (scopes preselected), a masked paste in the UI, then
 * an immediate `GET /user` to prove it works and has the scopes before the session adopts it.
 * GHCR takes classic PATs only; scopes come from X-OAuth-Scopes.
 */
import type { FetchLike } from '../io/types.js';
import { newTokenUrl } from '../ghcr/web-urls.js';
import { TokenRefusedError, type FixAction, type FixInput, type FixVerdict } from './types.js';
import type { UrlOpener } from './manual-links.js';

export interface TokenLinkDeps {
  apiUrl: string;
  fetch: FetchLike;
  /** Scopes the new token must have, e.g. write:packages, read:packages. */
  scopes: string[];
  /** Makes the verified token the one every later check uses. */
  adopt(token: string): void;
  open: UrlOpener;
}

export interface TokenVerdict extends FixVerdict {
  login?: string;
}

/** `write:packages` implies `read:packages`; `repo` implies nothing about packages. */
export function missingScopes(granted: string[], wanted: string[]): string[] {
  const has = new Set(granted);
  if (has.has('write:packages')) has.add('read:packages');
  return wanted.filter((s) => !has.has(s));
}

/** Checks a pasted token against the API; never includes the token in its message. */
export async function verifyNewToken(token: string, deps: Pick<TokenLinkDeps, 'apiUrl' | 'fetch' | 'scopes'>, signal?: AbortSignal): Promise<TokenVerdict> {
  if (/\s/.test(token)) return { ok: false, tokenRefused: true, message: 'the pasted token contains whitespace or several lines' };
  if (token.startsWith('github_pat_'))
    return { ok: false, tokenRefused: true, message: 'that is a fine-grained token (github_pat_): the registry accepts classic tokens (ghp_) only' };
  const res = await deps.fetch(`${deps.apiUrl}/user`, {
    headers: { authorization: `token ${token}`, accept: 'application/vnd.github+json', 'user-agent': 'ghcr-doctor' },
    signal,
  });
  if (res.status === 401) return { ok: false, tokenRefused: true, message: 'GitHub says 401 Bad credentials: the token is mistyped, expired or revoked' };
  if (!res.ok) return { ok: false, message: `GET /user answered ${res.status}` };
  const body = (await res.json()) as { login?: string };
  const header = res.headers.get('x-oauth-scopes');
  const granted = header
    ? header
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
  const missing = missingScopes(granted, deps.scopes);
  const kind = token.startsWith('ghp_') ? 'classic token' : token.startsWith('gho_') ? 'OAuth app token (gho_)' : 'token';
  const has = granted.length > 0 ? granted.join(', ') : 'no scopes';
  if (missing.length > 0)
    return {
      ok: false,
      tokenRefused: true,
      login: body.login,
      message: `the ${kind} of ${body.login ?? 'this user'} lacks ${missing.join(', ')} (it has ${has})`,
    };
  return { ok: true, login: body.login, message: `${kind} of ${body.login ?? 'this user'} with ${has}` };
}

export function tokenLinkFix(deps: TokenLinkDeps): FixAction & { url: string } {
  const url = newTokenUrl(deps.apiUrl, deps.scopes);
  let last: TokenVerdict | undefined;
  const need = (input: FixInput) => {
    if (!input.token) throw new Error('no token was pasted');
    return input.token.trim();
  };
  return {
    id: 'token.create-classic',
    title: `Create a classic token with ${deps.scopes.join(', ')}`,
    url,
    needs: ['token'],
    preview: () => [
      `open ${url}`,
      `  (a classic token, scopes ${deps.scopes.join(', ')} preselected; set an expiry you will remember)`,
      'paste the new token into the hidden prompt: it is never shown, logged or put on a command line',
      `ghcr-doctor checks it at once with GET ${deps.apiUrl}/user (valid, classic, has the scopes)`,
      'if it passes, the rest of this session uses it; nothing is written to disk by this step',
    ],
    async apply(input, signal) {
      const token = need(input);
      last = await verifyNewToken(token, deps, signal);
      if (!last.ok) throw last.tokenRefused ? new TokenRefusedError(last.message) : new Error(last.message);
      deps.adopt(token);
      return { changed: ['this session now uses the new token'] };
    },
    async verify() {
      return last ?? { ok: false, message: 'the token was not checked' };
    },
    recheck: ['token.*', 'registry.*', 'package.*', 'repo.*', 'server.*'],
  };
}
