import { randomBytes } from 'node:crypto';
import { findToken, tokenValidity, type World, type WorldToken } from './world.js';
import { decideAccess, type RegistryAction, type RegistryDenial } from './package-access.js';

/**
 * ghcr.io's side of the Docker Registry v2 bearer flow: the `/token` endpoint and the
 * registry's answers to requests that carry (or lack) the opaque token it issued. Pure decisions
 * from the World plus an in-memory grant table; the lab's HTTPS front and the demo sandbox wire
 * these to a network or to an in-process fetch.
 */

export const GHCR_SERVICE = 'ghcr.io';

export interface SandboxResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RepositoryScope {
  /** OWNER/NAME (nested names keep their slashes). */
  repository: string;
  actions: RegistryAction[];
}

export interface RepositoryGrant {
  repository: string;
  granted: RegistryAction[];
  /** Why each requested-but-refused action was refused, answered when the client tries it. */
  denied: Partial<Record<RegistryAction, RegistryDenial>>;
}

export interface Grant {
  /** The credential behind the grant (null: anonymous); re-checked on every registry request. */
  tokenValue: string | null;
  login: string | null;
  repositories: RepositoryGrant[];
  expiresAt: number;
}

/** Issued registry tokens. GHCR returns no `expires_in`; clients assume ~60 s, we keep 5 min. */
export class GrantStore {
  private readonly grants = new Map<string, Grant>();
  constructor(private readonly lifetimeMs = 300_000) {}

  issue(grant: Omit<Grant, 'expiresAt'>, now: number): string {
    // Opaque on purpose: GHCR tokens need not be JWTs, clients must not decode them (radius#12623).
    const token = `djE6${randomBytes(24).toString('base64url')}`;
    this.grants.set(token, { ...grant, expiresAt: now + this.lifetimeMs });
    return token;
  }

  lookup(token: string, now: number): Grant | undefined {
    const g = this.grants.get(token);
    if (g && g.expiresAt <= now) {
      this.grants.delete(token);
      return undefined;
    }
    return g;
  }
}

export function registryError(status: number, code: string, message: string, extra: Record<string, string> = {}): SandboxResponse {
  return {
    status,
    headers: {
      'content-type': 'application/json',
      'docker-distribution-api-version': 'registry/2.0',
      ...extra,
    },
    body: JSON.stringify({ errors: [{ code, message }] }),
  };
}

/** `repository:OWNER/NAME:pull,push` → {repository, actions}; other resource types are ignored. */
export function parseScopes(scopes: string[]): RepositoryScope[] {
  const out: RepositoryScope[] = [];
  for (const raw of scopes.flatMap((s) => s.split(' '))) {
    const m = /^repository:(.+):([a-z*,]+)$/.exec(raw);
    if (!m) continue;
    const actions = m[2]!.split(',').flatMap((a): RegistryAction[] => (a === '*' ? ['pull', 'push'] : a === 'pull' || a === 'push' ? [a] : []));
    out.push({ repository: m[1]!, actions: [...new Set(actions)] });
  }
  return out;
}

function splitRepository(repository: string): { owner: string; name: string } {
  const i = repository.indexOf('/');
  return i < 0 ? { owner: repository, name: '' } : { owner: repository.slice(0, i), name: repository.slice(i + 1) };
}

export interface TokenRequest {
  authorization?: string;
  /** All `scope` query parameters. */
  scopes: string[];
  service?: string;
}

export interface TokenServiceOptions {
  world: World;
  grants: GrantStore;
  now: () => number;
}

/** Credentials from a Basic header: GHCR ignores the username for PATs. */
function basicPassword(header: string): string | undefined {
  const m = /^Basic\s+(.+)$/i.exec(header.trim());
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? undefined : decoded.slice(i + 1);
}

/** A credential GHCR accepts at /token: known, not revoked or expired, and not fine-grained. */
export function registryCredential(world: World, value: string, now: number): WorldToken | undefined {
  const token = findToken(world, value);
  if (tokenValidity(token, now) !== 'valid') return undefined;
  if (token!.kind === 'fine-grained') return undefined;
  return token;
}

/**
 * GET /token?service=ghcr.io&scope=repository:OWNER/NAME:pull,push.
 * - Bearer to /token → 401.
 * - Basic with an invalid credential → 403 `DENIED denied`: docker prints `denied: denied` at login
 *  , podman `Requesting bearer token: invalid status code from registry 403 (Forbidden)`.
 *   GHCR does not fall back to anonymous, which is why stale creds break public pulls.
 * - Otherwise 200 `{"token": …}` for the allowed subset of what was asked; refused actions
 *   are answered with GHCR's denial when the client tries them.
 */
export function handleTokenRequest(req: TokenRequest, opts: TokenServiceOptions): SandboxResponse {
  const now = opts.now();
  let token: WorldToken | null = null;
  const auth = req.authorization?.trim();
  if (auth) {
    if (/^Bearer\b/i.test(auth)) return registryError(401, 'UNAUTHORIZED', 'authentication required');
    const password = basicPassword(auth);
    const cred = password === undefined ? undefined : registryCredential(opts.world, password, now);
    if (!cred) return registryError(403, 'DENIED', 'denied');
    token = cred;
  }
  const repositories: RepositoryGrant[] = parseScopes(req.scopes).map((scope) => {
    const { owner, name } = splitRepository(scope.repository);
    const grant: RepositoryGrant = { repository: scope.repository, granted: [], denied: {} };
    for (const action of scope.actions) {
      const d = decideAccess(opts.world, token, owner, name, action);
      if (d.ok) grant.granted.push(action);
      else grant.denied[action] = d.denial;
    }
    return grant;
  });
  const issued = opts.grants.issue({ tokenValue: token?.value ?? null, login: token?.owner ?? null, repositories }, now);
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: issued }),
  };
}

/* ---------------- registry side: /v2/… ---------------- */

export interface RegistryRequest {
  method: string;
  /** Path with query, e.g. `/v2/acme/api/manifests/latest`. */
  path: string;
  authorization?: string;
}

export type GateResult =
  | { allow: true; repository: string; action: RegistryAction; login: string | null; tokenValue: string | null }
  | { allow: true; repository: null; action: null; login: string | null; tokenValue: string | null }
  | { allow: false; response: SandboxResponse };

export interface RegistryPath {
  repository: string;
  kind: 'manifests' | 'blobs' | 'uploads' | 'tags';
  rest: string;
}

/** `/v2/OWNER/NAME.../(manifests|blobs|blobs/uploads|tags)/…`; null for `/v2/` and `_catalog`. */
export function parseRegistryPath(path: string): RegistryPath | null {
  const p = path.split('?')[0]!;
  const m = /^\/v2\/(.+?)\/(manifests|blobs\/uploads|blobs|tags)(?:\/(.*))?$/.exec(p);
  if (!m) return null;
  const kind = m[2] === 'blobs/uploads' ? 'uploads' : (m[2] as 'manifests' | 'blobs' | 'tags');
  return { repository: m[1]!, kind, rest: m[3] ?? '' };
}

export function challenge(realm: string, scope: string): Record<string, string> {
  return { 'www-authenticate': `Bearer realm="${realm}",service="${GHCR_SERVICE}",scope="${scope}"` };
}

export interface GateOptions {
  world: World;
  grants: GrantStore;
  now: () => number;
  /** `https://HOST/token` */
  realm: string;
}

/**
 * Decides a registry request before anything reaches storage. `/v2/` without a valid token is 401
 * with the placeholder scope `repository:user/image:pull`; repository paths challenge with their
 * real scope; a token lacking the action gets GHCR's denial.
 */
export function gateRegistryRequest(req: RegistryRequest, opts: GateOptions): GateResult {
  const now = opts.now();
  const method = req.method.toUpperCase();
  const path = req.path.split('?')[0]!;
  const parsed = parseRegistryPath(path);
  const isBase = path === '/v2/' || path === '/v2';
  const action: RegistryAction = method === 'GET' || method === 'HEAD' ? 'pull' : 'push';
  const scope = parsed ? `repository:${parsed.repository}:${action === 'pull' ? 'pull' : 'pull,push'}` : 'repository:user/image:pull';
  const unauthorized = (message: string) => ({
    allow: false as const,
    response: registryError(401, 'UNAUTHORIZED', message, challenge(opts.realm, scope)),
  });

  if (!isBase && !parsed) {
    // `_catalog` and unknown paths: GHCR challenges with the placeholder scope too.
    return unauthorized('authentication required');
  }
  const auth = req.authorization?.trim() ?? '';
  if (!auth) return unauthorized('authentication required');
  const m = /^Bearer(?:\s+(.*))?$/i.exec(auth);
  if (!m) return unauthorized('authentication required');
  const bearer = (m[1] ?? '').trim();
  if (!bearer) return unauthorized('authentication token not provided'); // Homebrew/brew#11066
  const grant = opts.grants.lookup(bearer, now);
  // The credential behind the grant may have been revoked or expired since.
  const credentialGone = grant?.tokenValue != null && !registryCredential(opts.world, grant.tokenValue, now);
  if (!grant || credentialGone) return unauthorized('unauthenticated: User cannot be authenticated with the token provided.');

  if (isBase) return { allow: true, repository: null, action: null, login: grant.login, tokenValue: grant.tokenValue };
  const repo = parsed!;
  // GHCR answers DELETE of an upload session with 405 Unsupported.
  if (repo.kind === 'uploads' && method === 'DELETE' && repo.rest !== '') {
    return { allow: false, response: registryError(405, 'UNSUPPORTED', 'The operation is unsupported.') };
  }
  const rg = grant.repositories.find((r) => r.repository === repo.repository);
  if (rg?.granted.includes(action)) return { allow: true, repository: repo.repository, action, login: grant.login, tokenValue: grant.tokenValue };
  const denial = rg?.denied[action];
  if (!denial) return unauthorized('authentication required'); // never asked for this scope: the client re-authenticates
  if (denial.status === 401) return unauthorized(denial.message);
  // A push's blob-existence HEAD does not fail on a read denial: real denied pushes surface at
  // "initiating layer upload … /blobs/uploads/: denied: …" (tuna-os/tunaOS#642, product-os/flowzone#516).
  if (action === 'pull' && repo.kind === 'blobs' && method === 'HEAD') {
    return { allow: false, response: registryError(404, 'BLOB_UNKNOWN', 'blob unknown to registry') };
  }
  return { allow: false, response: registryError(denial.status, denial.code, denial.message) };
}
