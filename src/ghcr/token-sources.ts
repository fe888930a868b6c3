import path from 'node:path';
import type { DiagnosisInputs } from '../diagnosis/inputs.js';
import type { Io } from '../io/types.js';
import { MAX_TOKEN_BYTES } from '../io/node-fs.js';
import { scanStoredCredentials, type StoredCredential } from './stored-credentials.js';
import { readPullSecret, type PullSecretRead } from './pull-secret.js';
import { errorLine } from '../engine/text.js';

/** One place a token was found. `raw` is exactly what was read (hygiene is judged on it); never printed. */
export interface TokenCandidate {
  /** For people: `--token-file ~/t.txt`, `GHCR_TOKEN`, `~/.ghcr_token`, `~/.docker/config.json (ghcr.io)`. */
  label: string;
  origin: 'token-file' | 'stdin' | 'env' | 'home-file' | 'stored' | 'pull-secret';
  raw: string;
  /** User name stored alongside (docker/podman files, a pull secret). */
  user?: string;
  /** More about where, for the summary: `Secret regcred in prod, key ghcr.io`. */
  where?: string;
}

export interface TokenDiscovery {
  /** In contract order; the first is the one the diagnosis uses. */
  candidates: TokenCandidate[];
  /** Sources that hold something unusable: `GHCR_TOKEN (set but empty)`, a credential helper, a broken file. */
  notes: string[];
  /** Credentials stored in a docker credential helper (no secret readable without running the helper). */
  helpers: StoredCredential[];
  /** With --pull-secret: what it held (the Secret's name and namespace; why nothing could be used). */
  pullSecret?: PullSecretRead;
}

/** The environment variables a token may come from, in contract order. */
export const TOKEN_ENV_VARS = ['GHCR_TOKEN', 'GITHUB_TOKEN', 'GH_TOKEN'] as const;

/** `~/…` for paths under the home directory, so reports do not leak the account layout needlessly. */
export function displayPath(io: Pick<Io, 'homedir'>, file: string): string {
  if (!io.homedir || path.resolve(io.homedir) === path.parse(io.homedir).root) return file;
  const rel = path.relative(io.homedir, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? `~/${rel}` : file;
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

/** A token file given explicitly that cannot be read: the CLI turns this into exit 2. */
export class TokenFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`cannot read --token-file ${file}: ${reason}`);
  }
}

export function tokenFileReason(error: unknown): string {
  switch (errorCode(error)) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTREG':
      return 'not a regular file (a pipe, a device or a socket)';
    case 'EFBIG':
      return `larger than ${MAX_TOKEN_BYTES / 1024} KiB: not a token file`;
    case 'ENAMETOOLONG':
      return 'too long to be a file name';
    default:
      return errorLine(error);
  }
}

/**
 * Every token source, in the contract's order: `--token-file`, `--token-stdin`, GHCR_TOKEN, GITHUB_TOKEN,
 * GH_TOKEN, `~/.ghcr_token`, then credentials stored for the registry host (docker, then podman files).
 * All are read so the report can say which others exist; only the first is used.
 */
export async function discoverTokens(inputs: DiagnosisInputs, io: Pick<Io, 'env' | 'homedir' | 'fs'>): Promise<TokenDiscovery> {
  const candidates: TokenCandidate[] = [];
  const notes: string[] = [];

  // A pull secret is the credential under test: what this machine holds is not what the cluster sends.
  if (inputs.pullSecret) {
    const read = await readPullSecret(inputs.pullSecret, inputs.image?.registry ?? 'ghcr.io');
    if (read.ok) {
      const where = [read.name ? `Secret ${read.name}` : 'docker config', read.namespace ? `in ${read.namespace}` : '', `key ${read.key}`]
        .filter(Boolean)
        .join(' ');
      candidates.push({ label: 'pull-secret', origin: 'pull-secret', raw: read.secret, user: read.user, where });
    }
    return { candidates, notes, helpers: [], pullSecret: read };
  }

  if (inputs.tokenFile) {
    let raw: string;
    try {
      raw = (await io.fs.readFile(inputs.tokenFile, MAX_TOKEN_BYTES)).toString('utf8');
    } catch (error) {
      throw new TokenFileError(inputs.tokenFile, tokenFileReason(error));
    }
    const label = `--token-file ${displayPath(io, path.resolve(inputs.tokenFile))}`;
    if (raw.trim() === '') notes.push(`${label} (empty file)`);
    else candidates.push({ label, origin: 'token-file', raw });
  }
  if (inputs.stdinToken !== undefined) {
    if (inputs.stdinToken.trim() === '') notes.push('--token-stdin (empty)');
    else candidates.push({ label: '--token-stdin', origin: 'stdin', raw: inputs.stdinToken });
  }
  for (const name of TOKEN_ENV_VARS) {
    const value = io.env[name];
    if (value === undefined) continue;
    if (value.trim() === '') notes.push(`${name} (set but empty)`);
    else candidates.push({ label: name, origin: 'env', raw: value });
  }

  // Both reads at once (the token checks, and so the whole diagnosis, wait for this); judged in order.
  const homeFile = path.join(io.homedir, '.ghcr_token');
  const home = Promise.resolve()
    .then(() => io.fs.readFile(homeFile, MAX_TOKEN_BYTES))
    .then(
      (data) => ({ raw: data.toString('utf8') }),
      (error: unknown) => ({ error }),
    );
  const [homeRead, stored] = await Promise.all([home, scanStoredCredentials(io, inputs.image?.registry ?? 'ghcr.io')]);
  if ('error' in homeRead) {
    if (errorCode(homeRead.error) !== 'ENOENT') notes.push(`~/.ghcr_token (${tokenFileReason(homeRead.error)})`);
  } else if (homeRead.raw.trim() === '') notes.push('~/.ghcr_token (empty file)');
  else candidates.push({ label: '~/.ghcr_token', origin: 'home-file', raw: homeRead.raw });
  const helpers: StoredCredential[] = [];
  for (const c of stored.credentials) {
    const where = `${displayPath(io, c.file)} (${c.key})`;
    if (c.kind === 'helper' || !c.secret) {
      helpers.push(c);
      notes.push(`${where}: stored in docker-credential-${c.helper ?? '?'}`);
    } else {
      candidates.push({ label: where, origin: 'stored', raw: c.secret, user: c.user });
    }
  }
  for (const p of stored.problems) notes.push(`${displayPath(io, p.file)}: ${p.reason}`);
  return { candidates, notes, helpers };
}
