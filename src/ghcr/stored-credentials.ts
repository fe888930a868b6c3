import path from 'node:path';
import type { Io } from '../io/types.js';
import { errorLine } from '../engine/text.js';
import { sanitizeText } from '../engine/sanitize.js';

/**
 * One credential that a container client on THIS machine would send to a registry host.
 * Callers that keep `secret` must register it with the redactor (`ctx.redactor.addSecret(secret, user)`).
 */
export interface StoredCredential {
  /** Absolute path of the file that holds (or points to) the credential. */
  file: string;
  /** The key under `auths` / `credHelpers` that matched (`ghcr.io`, `https://ghcr.io`, `ghcr.io/acme`…). */
  key: string;
  user?: string;
  /** The password / token; absent for helper entries (the secret lives in the helper). */
  secret?: string;
  /** `auth`: base64 user:secret; `identitytoken`: an OAuth refresh token; `helper`: a docker credential helper. */
  kind: 'auth' | 'identitytoken' | 'helper';
  /** Helper name (`desktop`, `pass`, `secretservice`…): the program is `docker-credential-<helper>`. */
  helper?: string;
}

export interface StoredCredentialProblem {
  file: string;
  /** One line: "not valid JSON", "is a directory", "permission denied", "auth is not base64 user:password". */
  reason: string;
}

export interface StoredCredentialScan {
  credentials: StoredCredential[];
  /** Files that exist but could not be used; a missing file is not a problem. */
  problems: StoredCredentialProblem[];
}

/**
 * The files docker and podman read, in the order the discovery reports them: docker's config first
 * (`$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`), then podman's auth files in podman's own
 * lookup order (containers-auth.json(5)): `$REGISTRY_AUTH_FILE`, `$XDG_RUNTIME_DIR/containers/auth.json`,
 * `${XDG_CONFIG_HOME:-~/.config}/containers/auth.json`. Duplicates (REGISTRY_AUTH_FILE pointing at one of
 * the others) are listed once.
 */
export function credentialFiles(io: Pick<Io, 'env' | 'homedir'>): string[] {
  const env = io.env;
  const files: string[] = [];
  const dockerDir = env.DOCKER_CONFIG?.trim() ? env.DOCKER_CONFIG.trim() : path.join(io.homedir, '.docker');
  files.push(path.join(dockerDir, 'config.json'));
  if (env.REGISTRY_AUTH_FILE?.trim()) files.push(env.REGISTRY_AUTH_FILE.trim());
  if (env.XDG_RUNTIME_DIR?.trim()) files.push(path.join(env.XDG_RUNTIME_DIR.trim(), 'containers', 'auth.json'));
  const configHome = env.XDG_CONFIG_HOME?.trim() ? env.XDG_CONFIG_HOME.trim() : path.join(io.homedir, '.config');
  files.push(path.join(configHome, 'containers', 'auth.json'));
  return [...new Set(files.map((f) => path.resolve(f)))];
}

/**
 * The host a key of `auths` names. Docker writes `ghcr.io`, older clients `https://ghcr.io` or
 * `https://ghcr.io/v1/`; podman also allows namespaced keys (`ghcr.io/acme/api`) that still belong to the host.
 */
export function keyHost(key: string): string {
  const withoutScheme = key.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  return withoutScheme.split('/')[0]!.toLowerCase();
}

function matchesHost(key: string, registryHost: string): boolean {
  return keyHost(key) === registryHost.toLowerCase();
}

/** `auth` is base64 of `user:secret`; the secret itself may contain colons, the user may not. */
export function decodeAuth(auth: string): { user: string; secret: string } | undefined {
  const trimmed = auth.trim();
  if (!/^[A-Za-z0-9+/=_-]+$/.test(trimmed)) return undefined;
  const decoded = Buffer.from(trimmed, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return undefined;
  return { user: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

function readReason(error: unknown): string {
  switch (errorCode(error)) {
    case 'EISDIR':
      return 'is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return errorLine(error);
  }
}

interface AuthFileShape {
  auths?: Record<string, { auth?: unknown; identitytoken?: unknown; username?: unknown; password?: unknown } | null>;
  credHelpers?: Record<string, unknown>;
  credsStore?: unknown;
}

/** Entries of one parsed docker/podman file that are for `registryHost`. */
export function credentialsInFile(file: string, json: unknown, registryHost: string): StoredCredentialScan {
  const credentials: StoredCredential[] = [];
  const problems: StoredCredentialProblem[] = [];
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    return { credentials, problems: [{ file, reason: 'not a JSON object' }] };
  }
  const doc = json as AuthFileShape;
  const auths = doc.auths && typeof doc.auths === 'object' ? doc.auths : {};
  const helpers = doc.credHelpers && typeof doc.credHelpers === 'object' ? doc.credHelpers : {};
  const store = typeof doc.credsStore === 'string' && doc.credsStore.trim() ? doc.credsStore.trim() : undefined;
  const helperKeys = new Set<string>();

  // credHelpers wins over credsStore and over auths for its host, as in docker's GetAuthConfig.
  for (const [key, helper] of Object.entries(helpers)) {
    if (!matchesHost(key, registryHost) || typeof helper !== 'string' || !helper.trim()) continue;
    helperKeys.add(keyHost(key));
    credentials.push({ file, key, kind: 'helper', helper: helper.trim() });
  }

  for (const [key, entry] of Object.entries(auths)) {
    if (!matchesHost(key, registryHost) || helperKeys.has(keyHost(key))) continue;
    const e = entry && typeof entry === 'object' ? entry : {};
    const auth = typeof e.auth === 'string' && e.auth.trim() ? e.auth : undefined;
    const identityToken = typeof e.identitytoken === 'string' && e.identitytoken ? e.identitytoken : undefined;
    const decoded = auth ? decodeAuth(auth) : undefined;
    if (auth && !decoded) problems.push({ file, reason: `"${key}": auth is not base64 user:password` });
    if (identityToken) {
      credentials.push({ file, key, kind: 'identitytoken', secret: identityToken, user: decoded?.user });
    } else if (decoded) {
      credentials.push({ file, key, kind: 'auth', user: decoded.user, secret: decoded.secret });
    } else if (typeof e.username === 'string' && typeof e.password === 'string' && e.password) {
      // Not written by docker or podman, but both read it (legacy and hand-written files).
      credentials.push({ file, key, kind: 'auth', user: e.username, secret: e.password });
    } else if (store && !auth) {
      // `docker login` with a credsStore leaves an empty entry; the secret is in the store (srl-labs/containerlab#1591).
      credentials.push({ file, key, kind: 'helper', helper: store });
    }
  }
  return { credentials: credentials.map(shownSafely), problems: problems.map((p) => ({ ...p, reason: sanitizeText(p.reason) })) };
}

/**
 * What a file says that the report may quote (the key, the user name, the helper's name) is shown
 * escaped, as all outside text: a hand-edited or hostile config.json can hold escape sequences there.
 * The secret is left as it is: it is sent, never shown.
 */
function shownSafely(c: StoredCredential): StoredCredential {
  return {
    ...c,
    key: sanitizeText(c.key),
    ...(c.user !== undefined ? { user: sanitizeText(c.user) } : {}),
    ...(c.helper !== undefined ? { helper: sanitizeText(c.helper) } : {}),
  };
}

/** Every credential stored on this machine for `registryHost`, with the files that could not be read. */
export async function scanStoredCredentials(io: Pick<Io, 'env' | 'homedir' | 'fs'>, registryHost: string): Promise<StoredCredentialScan> {
  const credentials: StoredCredential[] = [];
  const problems: StoredCredentialProblem[] = [];
  // Read at once, judged in order: the token checks wait for this scan, and each read is a trip to the disk.
  const files = credentialFiles(io);
  const reads = await Promise.all(
    files.map((file) =>
      Promise.resolve()
        .then(() => io.fs.readFile(file))
        .then(
          (data) => ({ file, text: data.toString('utf8') }),
          (error: unknown) => ({ file, error }),
        ),
    ),
  );
  for (const read of reads) {
    const { file } = read;
    if ('error' in read) {
      if (errorCode(read.error) !== 'ENOENT' && errorCode(read.error) !== 'ENOTDIR') problems.push({ file, reason: readReason(read.error) });
      continue;
    }
    const { text } = read;
    let json: unknown;
    try {
      json = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch {
      problems.push({ file, reason: 'not valid JSON' });
      continue;
    }
    const found = credentialsInFile(file, json, registryHost);
    credentials.push(...found.credentials);
    problems.push(...found.problems);
  }
  return { credentials, problems };
}

/** The credentials only; see scanStoredCredentials for unreadable files. */
export async function readStoredCredentials(io: Pick<Io, 'env' | 'homedir' | 'fs'>, registryHost: string): Promise<StoredCredential[]> {
  return (await scanStoredCredentials(io, registryHost)).credentials;
}
