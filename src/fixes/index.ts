/**
 * Which FixActions answer a finding. A finding names its fixes by id (`Fix.id`); the fix table says
 * which of them ghcr-doctor can carry out itself (`action`), and this module builds that action.
 */
import type { Finding } from '../engine/types.js';
import type { FixAction, TokenStore } from './types.js';
import { localTokenFileFix, defaultTokenFile } from './local-token-file.js';
import { manualLinkFix, type UrlOpener } from './manual-links.js';
import { fixAction } from '../engine/fixes.js';
import { repoSecretFix } from './repo-secret.js';
import { tokenLinkFix } from './token-link.js';
import type { FetchLike, FileSystem } from '../io/types.js';
import type { Intent } from '../diagnosis/inputs.js';
import { intentOf } from '../checks/intent.js';

export interface FixEnvironment {
  apiUrl: string;
  fetch: FetchLike;
  fs: FileSystem;
  homedir: string;
  tokenFile?: string;
  repo?: { owner: string; name: string };
  secretName: string;
  /** The token pasted in this session, else the one the checks found. */
  currentToken(): string | undefined;
  adoptToken(token: string): void;
  open: UrlOpener;
  /** Fixes other modules make for a finding (the server fixes, which need the session's SSH facts). */
  moreFixes(f: Finding): FixAction[];
  /** What the token is for (--intent; absent = push): a pull-only token needs no write:packages. */
  intent?: Intent;
  /** Storing a newly verified token on each deploy server the run reached (none without --ssh). */
  serverTokenStores?(): TokenStore[];
  /**
   * The token that calls the GitHub API for repository changes after a new token was adopted: the one
   * the run found first (a new packages token usually lacks the repo scope), else the current one.
   */
  apiToken?(): string | undefined;
}

/** Scopes a new token needs: push and pull (only pull with --intent pull), plus what the finding says is missing. */
export function scopesFor(f: Finding, intent?: Intent): string[] {
  const wanted = intentOf(intent) === 'pull' ? ['read:packages'] : ['write:packages', 'read:packages'];
  const missing = f.evidence.missing;
  if (Array.isArray(missing)) for (const m of missing) if (typeof m === 'string' && !wanted.includes(m)) wanted.push(m);
  return wanted;
}

export function fixActionsFor(f: Finding, env: FixEnvironment): FixAction[] {
  const out: FixAction[] = [];
  const kinds = new Set(f.fixes.map((x) => fixAction(x.id)));
  // The server fixes need the session's SSH facts: the caller builds them (src/fixes/server-fixes.ts).
  out.push(...env.moreFixes(f));
  if (kinds.has('new-token')) {
    out.push(tokenLinkFix({ apiUrl: env.apiUrl, fetch: env.fetch, scopes: scopesFor(f, env.intent), adopt: env.adoptToken, open: env.open }));
    out.push(localTokenFileFix({ fs: env.fs, file: defaultTokenFile(env.homedir, env.tokenFile), currentToken: env.currentToken }));
  }
  if (kinds.has('repo-secret') && env.repo) {
    out.push(repoSecretFixFor(env, env.repo));
  }
  for (const x of f.fixes) {
    const url = x.links[0];
    if (fixAction(x.id) === 'web-page' && url)
      out.push(manualLinkFix({ id: x.id, title: x.title, url, steps: [x.title], recheck: recheckAfterWebFix(f) }, env.open));
  }
  return out;
}

/** After a change on a web page: the finding's own area, and the registry (which sees every change). */
function recheckAfterWebFix(f: Finding): string[] {
  const area = f.id.split('.')[0]!;
  return [...new Set([`${area}.*`, 'registry.*', ...(area === 'package' ? ['repo.*', 'server.*'] : [])])];
}

/**
 * Where a newly verified token is used, as the hand-written runbooks update it: the local token file,
 * the deploy server (with --ssh), and the repository's Actions secret (with a repository). Each is its
 * own fix, asked y/N with its preview; the token they store is the one just pasted.
 */
export function tokenStoreActions(env: FixEnvironment): TokenStore[] {
  const out: TokenStore[] = [{ action: localTokenFileFix({ fs: env.fs, file: defaultTokenFile(env.homedir, env.tokenFile), currentToken: env.currentToken }) }];
  out.push(...(env.serverTokenStores?.() ?? []));
  if (env.repo) {
    out.push({ action: repoSecretFixFor(env, env.repo) });
  }
  return out;
}

/**
 * The repository secret holds the token; the API call that writes it needs `repo` access, which the run's
 * first token may have and a freshly pasted packages token has not (so: the run's token first).
 */
function repoSecretFixFor(env: FixEnvironment, repo: NonNullable<FixEnvironment['repo']>): FixAction {
  return repoSecretFix({
    apiUrl: env.apiUrl,
    fetch: env.fetch,
    owner: repo.owner,
    repo: repo.name,
    secretName: env.secretName,
    apiToken: env.apiToken ?? env.currentToken,
    secretValue: (pasted) => pasted ?? env.currentToken(),
  });
}
