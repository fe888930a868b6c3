/**
 * Which FixActions answer a finding. A finding names its fixes by id (`Fix.id`); an action with the
 * same id is offered. Beyond that, the fixes this module knows how to make are matched on finding ids.
 */
import type { Finding } from '../engine/types.js';
import type { FixAction } from './types.js';
import { localTokenFileFix, defaultTokenFile } from './local-token-file.js';
import { manualFixFor, type UrlOpener } from './manual-links.js';
import { repoSecretFix } from './repo-secret.js';
import { tokenLinkFix } from './token-link.js';
import type { FetchLike, FileSystem } from '../io/types.js';
import type { Intent } from '../cli/args.js';
import { intentOf } from '../checks/intent.js';

/** Fix ids the checks attach that a new classic token answers. */
const NEW_TOKEN_FIX_IDS = new Set(['token.create-classic', 'token.regenerate', 'token.edit-scopes', 'token.store-file']);

/** Findings a new classic token (then saving it) fixes. */
const NEW_TOKEN_FINDINGS = new Set<string>([
  'token.not-found',
  'token.malformed',
  'token.fine-grained',
  'token.oauth-app',
  'token.app-installation',
  'token.invalid',
  'token.expiring',
  'token.missing-scope',
  'token.org-policy',
  'token.stale-stored',
  'registry.login-rejected',
]);

export interface FixEnvironment {
  apiUrl: string;
  fetch: FetchLike;
  fs: FileSystem;
  homedir: string;
  tokenFile?: string;
  image?: { owner: string; name: string };
  ownerType?: 'User' | 'Organization';
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
  out.push(...env.moreFixes(f));
  if (NEW_TOKEN_FINDINGS.has(f.id) || f.fixes.some((x) => NEW_TOKEN_FIX_IDS.has(x.id))) {
    out.push(tokenLinkFix({ apiUrl: env.apiUrl, fetch: env.fetch, scopes: scopesFor(f, env.intent), adopt: env.adoptToken, open: env.open }));
    out.push(localTokenFileFix({ fs: env.fs, file: defaultTokenFile(env.homedir, env.tokenFile), currentToken: env.currentToken }));
  }
  if (f.id === 'actions.secret-missing' && env.repo) {
    out.push(
      repoSecretFix({
        apiUrl: env.apiUrl,
        fetch: env.fetch,
        owner: env.repo.owner,
        repo: env.repo.name,
        secretName: env.secretName,
        apiToken: env.currentToken,
        secretValue: (pasted) => pasted ?? env.currentToken(),
      }),
    );
  }
  const manual = manualFixFor(
    f,
    { apiUrl: env.apiUrl, owner: env.image?.owner, name: env.image?.name, ownerType: env.ownerType, repo: env.repo ? `${env.repo.owner}/${env.repo.name}` : undefined },
    env.open,
  );
  if (manual) out.push(manual);
  return out;
}

