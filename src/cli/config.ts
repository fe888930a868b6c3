import path from 'node:path';
import os from 'node:os';
import { promises as fsp } from 'node:fs';
import { parseIntent, type ParsedArgs } from './args.js';
import { UsageError } from './errors.js';
import { sanitizeText } from '../engine/sanitize.js';
import { expandHome } from '../io/expand-home.js';
import { ImageRefError, parseImageRef, type ImageRef } from '../ghcr/image-ref.js';
import type { DiagnosisInputs, SshTargetInput } from '../diagnosis/inputs.js';
import { tokenFileReason } from '../ghcr/token-sources.js';
import { PULL_SECRET_MAX_BYTES, type PullSecretInput } from '../ghcr/pull-secret.js';
import { MAX_TOKEN_BYTES, readRegularFile } from '../io/node-fs.js';
import { parseHostKeyPins } from '../ssh/host-key-pins.js';
import { isSshKeyText } from '../ssh/keys.js';

export const DEFAULT_API_URL = 'https://api.github.com';
export const DEFAULT_STATUS_URL = 'https://www.githubstatus.com';
export const DEFAULT_TIMEOUT_SECONDS = 60;

/** What the token is for: --intent, then GHCR_DOCTOR_INTENT, then push (the demo reads it the same way). */
export function resolveIntent(args: Pick<ParsedArgs, 'intent'>, env: Record<string, string | undefined>): 'push' | 'pull' {
  const fromEnv = nonEmpty(env.GHCR_DOCTOR_INTENT);
  return args.intent ?? (fromEnv !== undefined ? parseIntent(fromEnv, 'GHCR_DOCTOR_INTENT') : 'push');
}

/** The run's budget in whole milliseconds (at least 1): Node's timers refuse a fraction (`--timeout 0.0015`). */
export function timeoutMsOf(args: Pick<ParsedArgs, 'timeoutSeconds'>): number {
  return Math.max(1, Math.round((args.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000));
}

type Env = Record<string, string | undefined>;

function nonEmpty(v: string | undefined): string | undefined {
  return v !== undefined && v.trim() !== '' ? v.trim() : undefined;
}

export function isTruthyEnv(v: string | undefined): boolean {
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

/** Parses the image reference, turning a bad one into exit 2 with the suggestion when there is one. */
export function resolveImage(raw: string): ImageRef {
  try {
    return parseImageRef(raw);
  } catch (error) {
    if (error instanceof ImageRefError) {
      // A suggestion is only worth making when it is itself a valid reference.
      throw new InvalidImageError(raw, error.message, error.suggestion && isValidRef(error.suggestion) ? error.suggestion : undefined);
    }
    throw error;
  }
}

function isValidRef(ref: string): boolean {
  try {
    parseImageRef(ref);
    return true;
  } catch {
    return false;
  }
}

export class InvalidImageError extends UsageError {
  constructor(
    readonly raw: string,
    readonly reason: string,
    readonly suggestion?: string,
  ) {
    // One line: the reason and what to type instead; the reference is the user's text, shown escaped
    // (a newline or an escape sequence in --image / GHCR_DOCTOR_IMAGE must not drive the terminal).
    const hint = suggestion ? `did you mean ${sanitizeText(suggestion)}?` : 'expected HOST/OWNER/NAME[:TAG], e.g. ghcr.io/acme/api:latest';
    super(`invalid image reference: ${sanitizeText(reason)}; ${hint}`);
  }
}

export function parseRepo(raw: string, source: string): { owner: string; name: string } {
  const m = /^([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)\/([A-Za-z0-9._-]+)$/.exec(raw.trim());
  if (!m) throw new UsageError(`${source} must be OWNER/NAME, not "${raw}"`);
  return { owner: m[1]!, name: m[2]!.replace(/\.git$/, '') };
}

/** OWNER/NAME of the `origin` remote of the current directory, when it points at a GitHub host. */
export async function repoFromGitRemote(cwd: string, githubHost = 'github.com'): Promise<{ owner: string; name: string } | undefined> {
  let dir = cwd;
  for (let i = 0; i < 20; i++) {
    try {
      const text = await fsp.readFile(path.join(dir, '.git', 'config'), 'utf8');
      const section = /\[remote "origin"\]([^[]*)/.exec(text)?.[1];
      const url = section && /^\s*url\s*=\s*(.+)$/m.exec(section)?.[1]?.trim();
      if (!url) return undefined;
      const host = githubHost.replace(/[.]/g, '\\.');
      const m = new RegExp(`(?:^|@|//)${host}[:/]([^/]+)/([^/]+?)(?:\\.git)?/?$`).exec(url);
      return m ? { owner: m[1]!, name: m[2]! } : undefined;
    } catch {
      const parent = path.dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  }
  return undefined;
}

/** A GitHub token where a server was expected (`--hosts ~/.ghcr_token`): it would be looked up in DNS as a host name. */
const TOKEN_AS_TARGET = /gh[pousr]_[A-Za-z0-9_]{20,}|github_pat_[A-Za-z0-9_]{20,}/;

export function parseSshTarget(raw: string, source: string): SshTargetInput {
  if (TOKEN_AS_TARGET.test(raw))
    throw new UsageError(`${source} holds a GitHub token, not USER@HOST[:PORT] (is it the token file?): nothing was looked up or sent`);
  const m = /^(?:([^@\s]+)@)?(\[[0-9A-Fa-f:]+\]|[^:@\s]+)(?::(\d{1,5}))?$/.exec(raw.trim());
  if (!m) throw new UsageError(`${source} must be USER@HOST[:PORT], not "${raw}"`);
  const port = m[3] !== undefined ? Number(m[3]) : undefined;
  if (port !== undefined && (port < 1 || port > 65535)) throw new UsageError(`${source}: port ${port} is out of range`);
  return { user: m[1], host: m[2]!.replace(/^\[|\]$/g, ''), port, source };
}

/** The same server named twice is audited once (two connections to one host would only race). */
function uniqueServers(servers: SshTargetInput[]): SshTargetInput[] {
  const seen = new Set<string>();
  return servers.filter((s) => {
    const key = `${s.user ?? ''}@${s.host}:${s.port ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sshFromEnv(env: Env): SshTargetInput | undefined {
  const host = nonEmpty(env.SERVER_HOST);
  if (!host) return undefined;
  for (const [name, value] of [
    ['SERVER_HOST', host],
    ['SERVER_USER', env.SERVER_USER ?? ''],
  ] as const) {
    if (TOKEN_AS_TARGET.test(value))
      throw new UsageError(`${name} holds a GitHub token, not a ${name === 'SERVER_HOST' ? 'host' : 'user'} name: nothing was looked up or sent`);
  }
  const portRaw = nonEmpty(env.SERVER_PORT);
  const port = portRaw !== undefined ? Number(portRaw) : undefined;
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    throw new UsageError(`SERVER_PORT must be a port number, not "${portRaw}"`);
  }
  return { user: nonEmpty(env.SERVER_USER), host, port, source: 'SERVER_HOST' };
}

/** Why a URL must not be plain http:// (unless it is this machine). */
type ClearTextRisk = 'token' | 'forgery';

function normaliseUrl(raw: string, what: string, risk: ClearTextRisk): string {
  let u: URL;
  try {
    u = new URL(raw);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('scheme');
  } catch {
    throw new UsageError(`${what} must be an http(s) URL, not "${raw}"`);
  }
  // The token goes to the API, and what the status page says steers the verdict: plain http:// only to
  // this machine (a local emulation, a test server), where nobody on the way can read or forge it.
  if (u.protocol === 'http:' && !isLoopback(u.hostname)) {
    const why = risk === 'token' ? `the token would travel in clear to ${u.host}` : `anyone on the way to ${u.host} could forge its answers`;
    throw new UsageError(`${what} must be https:// (${why}); http:// is allowed only for localhost`);
  }
  return u.toString().replace(/\/+$/, '');
}

/** localhost, 127.0.0.0/8 and ::1. */
export function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::1';
}

/**
 * An explicit --token-file that cannot be read is bad input (exit 2, one line), decided before any check
 * runs; the token itself is read later by the token.discovery check, through the injectable Io.
 */
async function assertReadableTokenFile(file: string): Promise<void> {
  let reason: string | undefined;
  try {
    // Regular files of a few KiB only: a FIFO, /dev/zero or a huge file is bad input, not something to wait on.
    if ((await readRegularFile(file, MAX_TOKEN_BYTES)).length === 0) reason = 'the file is empty';
  } catch (error) {
    reason = tokenFileReason(error);
  }
  if (reason) throw new UsageError(`cannot read --token-file ${file}: ${reason}`);
}

/**
 * A key named by path (--ssh-key, or SERVER_SSH_KEY when it holds a path rather than key text) that cannot
 * be read is unreadable input (exit 2, one line), as for --token-file: the user pointed at a file that is
 * not there, and every server would otherwise report "no usable key" for it.
 */
// A 16384-bit RSA key in PEM is about 12 KiB; anything far larger is not a key.
const MAX_SSH_KEY_BYTES = 64 * 1024;

async function assertReadableSshKey(value: string, named: string, env: NodeJS.ProcessEnv): Promise<void> {
  if (isSshKeyText(value)) return;
  const file = expandHome(value, nonEmpty(env.HOME) ?? os.homedir());
  let reason: string | undefined;
  try {
    if ((await readRegularFile(file, MAX_SSH_KEY_BYTES)).length === 0) reason = 'the file is empty';
  } catch (error) {
    reason = (error as { code?: unknown }).code === 'EFBIG' ? `larger than ${MAX_SSH_KEY_BYTES / 1024} KiB: not a key file` : tokenFileReason(error);
  }
  if (!reason) return;
  if (named === 'SERVER_SSH_KEY' && !looksLikePath(value)) {
    // The reason of an unknown error quotes the path: only what kind of value it was.
    throw new UsageError(
      'SERVER_SSH_KEY is neither key text (the key itself, from its -----BEGIN line, not base64-encoded) nor the path of a readable key file; its value is not shown',
    );
  }
  throw new UsageError(`cannot read ${named} ${value}: ${reason}`);
}

/**
 * Whether SERVER_SSH_KEY may be echoed in an error as a path. It is a CI secret: key text that does not
 * start with `-----BEGIN` (a key stored base64-encoded, or its body without the header lines), read as a
 * path, would otherwise print the private key in the job's log.
 */
function looksLikePath(value: string): boolean {
  return value.length <= 255 && /^[\w.~/ @:+-]+$/.test(value) && !/[A-Za-z0-9+]{60}/.test(value);
}

/**
 * An explicit --known-hosts that cannot be read is unreadable input (exit 2), as for --ssh-key: otherwise
 * every server would end in ssh.host-key-unknown for a file name the user mistyped. An empty file is fine.
 */
async function assertReadableKnownHosts(value: string, env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await readRegularFile(expandHome(value, nonEmpty(env.HOME) ?? os.homedir()));
  } catch (error) {
    const reason = (error as { code?: unknown }).code === 'EFBIG' ? 'larger than 8 MiB: not a known_hosts file' : tokenFileReason(error);
    throw new UsageError(`cannot read --known-hosts ${value}: ${reason}`);
  }
}

/**
 * An explicit --workflows that is neither a folder nor a workflow file is unreadable input (exit 2),
 * as for `lint DIR`; only the default .github/workflows may be absent.
 */
async function assertWorkflowsInput(resolved: string, given: string): Promise<void> {
  let st;
  try {
    st = await fsp.stat(resolved);
  } catch (error) {
    const reason = (error as { code?: unknown }).code === 'ENOENT' ? 'no such directory' : tokenFileReason(error);
    throw new UsageError(`cannot read --workflows ${given}: ${reason}`);
  }
  if (!st.isDirectory() && !(st.isFile() && /\.ya?ml$/i.test(resolved)))
    throw new UsageError(`--workflows ${given} is not a directory of workflows (nor a .yml or .yaml file)`);
}

const HOSTS_FILE_MAX_BYTES = 1024 * 1024;

/** `--hosts FILE` (capped at 1 MiB): a list, an OpenSSH config or an Ansible inventory; a bad one is exit 2. */
async function readHostsInput(file: string, pattern: string | undefined, env: Env): Promise<SshTargetInput[]> {
  let text: string;
  let handle: fsp.FileHandle | undefined;
  try {
    const st = await fsp.stat(file);
    if (st.isDirectory()) throw new UsageError(`cannot read --hosts ${file}: it is a directory, not a file`);
    if (st.size > HOSTS_FILE_MAX_BYTES) throw new UsageError(`--hosts ${file} is larger than 1 MiB`);
    handle = await fsp.open(file, 'r');
    const buf = Buffer.alloc(Math.min(st.size, HOSTS_FILE_MAX_BYTES));
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    text = buf.subarray(0, bytesRead).toString('utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read --hosts ${file}: ${tokenFileReason(error)}`);
  } finally {
    await handle?.close();
  }
  const home = nonEmpty(env.HOME) ?? os.homedir();
  const { readHostsFile, HostsFileError } = await import('../ssh/hosts-file.js');
  try {
    const { servers } = await readHostsFile(text, {
      label: `--hosts ${file}`,
      pattern,
      isUserSshConfig: path.resolve(file) === path.join(home, '.ssh', 'config'),
      parseTarget: parseSshTarget,
    });
    return servers;
  } catch (error) {
    if (error instanceof HostsFileError || error instanceof UsageError) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * `--pull-secret FILE|-`: read now (capped at the size of a Kubernetes Secret), judged later by
 * token.discovery. A file that cannot be read is bad input; what it holds is a finding.
 */
async function readPullSecretInput(args: ParsedArgs, opts: ResolveOptions): Promise<PullSecretInput> {
  const file = args.pullSecret!;
  if (args.tokenStdin || args.tokenFile !== undefined) {
    throw new UsageError(
      `--pull-secret cannot be used with ${args.tokenStdin ? '--token-stdin' : '--token-file'}: the secret's credential is the one under test`,
    );
  }
  if (file === '-') {
    const text = await opts.readStdin({
      flag: '--pull-secret -',
      example: 'kubectl get secret regcred -o yaml | ghcr-doctor --ci --pull-secret - --image ghcr.io/OWNER/NAME',
      maxBytes: PULL_SECRET_MAX_BYTES,
    });
    if (text.trim() === '') throw new UsageError('--pull-secret - was given but stdin was empty');
    return { text, from: 'stdin' };
  }
  try {
    // Regular files only (a FIFO or a device is refused, never waited on), capped.
    const text = (await readRegularFile(file, PULL_SECRET_MAX_BYTES)).toString('utf8');
    if (text.trim() === '') throw new UsageError(`cannot read --pull-secret ${file}: the file is empty`);
    return { text, from: path.basename(file) };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if ((error as { code?: unknown }).code === 'EFBIG')
      throw new UsageError(`--pull-secret ${file} is larger than 1 MiB: not a Kubernetes Secret or a docker config.json`);
    throw new UsageError(`cannot read --pull-secret ${file}: ${tokenFileReason(error)}`);
  }
}

/** Which flag reads stdin (for the messages) and how much it may read. */
export interface StdinRead {
  flag: string;
  example: string;
  maxBytes?: number;
}

/**
 * File flags take `~/…` as --ssh-key and --known-hosts do: `--token-file=~/.ghcr_token`, a quoted path or the
 * action's `args:` reach us with the tilde unexpanded, and "no such file ~/.ghcr_token" when it is there misleads.
 */
function withHomeExpanded(args: ParsedArgs, home: string): ParsedArgs {
  const expand = (p: string | undefined) => (p === undefined ? undefined : expandHome(p, home));
  return {
    ...args,
    tokenFile: expand(args.tokenFile),
    pullSecret: args.pullSecret === '-' ? '-' : expand(args.pullSecret),
    hosts: expand(args.hosts),
    workflows: expand(args.workflows),
  };
}

export interface ResolveOptions {
  env: Env;
  cwd: string;
  interactive: boolean;
  /** Reads all of stdin (for --token-stdin). */
  readStdin: (what?: StdinRead) => Promise<string>;
  /** Whether an image is required (--ci) or may be asked for later (TTY). */
  requireImage: boolean;
}

export async function resolveInputs(typed: ParsedArgs, opts: ResolveOptions): Promise<DiagnosisInputs> {
  const { env } = opts;
  const args = withHomeExpanded(typed, nonEmpty(env.HOME) ?? os.homedir());
  const imageRaw = args.image ?? nonEmpty(env.GHCR_DOCTOR_IMAGE);
  if (imageRaw === undefined && opts.requireImage) {
    throw new UsageError('no image to diagnose', ['pass --image HOST/OWNER/NAME[:TAG] or set GHCR_DOCTOR_IMAGE']);
  }
  const image = imageRaw !== undefined ? resolveImage(imageRaw) : undefined;

  let stdinToken: string | undefined;
  if (args.tokenStdin) {
    stdinToken = await opts.readStdin();
    if (stdinToken.trim() === '') throw new UsageError('--token-stdin was given but stdin was empty');
  }

  if (args.tokenFile !== undefined) await assertReadableTokenFile(args.tokenFile);
  const pullSecret = args.pullSecret !== undefined ? await readPullSecretInput(args, opts) : undefined;

  // A bad value is named where it came from: the flag, or the environment variable set by CI.
  const apiUrl = normaliseUrl(args.apiUrl ?? nonEmpty(env.GITHUB_API_URL) ?? DEFAULT_API_URL, args.apiUrl ? '--api-url' : 'GITHUB_API_URL', 'token');
  const statusUrl = args.noStatus
    ? null
    : normaliseUrl(
        args.statusUrl ?? nonEmpty(env.GHCR_DOCTOR_STATUS_URL) ?? DEFAULT_STATUS_URL,
        args.statusUrl ? '--status-url' : 'GHCR_DOCTOR_STATUS_URL',
        'forgery',
      );

  let repo: DiagnosisInputs['repo'];
  if (args.repo) repo = parseRepo(args.repo, '--repo');
  else if (nonEmpty(env.GITHUB_REPOSITORY)) repo = parseRepo(env.GITHUB_REPOSITORY!, 'GITHUB_REPOSITORY');
  else {
    const webHost = apiUrl === DEFAULT_API_URL ? 'github.com' : new URL(apiUrl).hostname.replace(/^api\./, '');
    repo = await repoFromGitRemote(opts.cwd, webHost);
  }

  const given = [
    ...args.ssh.map((raw) => parseSshTarget(raw, '--ssh')),
    ...(args.hosts !== undefined ? await readHostsInput(args.hosts, args.hostPattern, env) : []),
  ];
  const servers = given.length ? uniqueServers(given) : [sshFromEnv(env)].filter((s) => s !== undefined);

  let workflowsDir = args.workflows;
  if (workflowsDir) await assertWorkflowsInput(path.resolve(opts.cwd, workflowsDir), workflowsDir);
  else {
    const def = path.join(opts.cwd, '.github', 'workflows');
    try {
      if ((await fsp.stat(def)).isDirectory()) workflowsDir = def;
    } catch {
      /* no workflows here */
    }
  }

  const sshKey = args.sshKey ?? nonEmpty(env.SERVER_SSH_KEY);
  if (servers.length && sshKey !== undefined) await assertReadableSshKey(sshKey, args.sshKey !== undefined ? '--ssh-key' : 'SERVER_SSH_KEY', env);
  if (servers.length && args.knownHosts !== undefined) await assertReadableKnownHosts(args.knownHosts, env);

  return {
    image,
    user: args.user ?? nonEmpty(env.GHCR_USER) ?? nonEmpty(env.REGISTRY_USER),
    stdinToken,
    tokenFile: args.tokenFile,
    ...(pullSecret ? { pullSecret } : {}),
    apiUrl,
    statusUrl,
    repo,
    secretName: args.secretName ?? 'GHCR_TOKEN',
    workflowsDir,
    ssh: servers[0],
    ...(servers.length > 1 ? { servers } : {}),
    ...(args.parallel !== undefined ? { parallel: args.parallel } : {}),
    sshKey,
    knownHosts: args.knownHosts,
    ...hostKeyInputs(
      args.hostKey.length ? args.hostKey : [nonEmpty(env.SERVER_HOST_KEY)].filter((v) => v !== undefined),
      args.hostKey.length ? '--host-key' : 'SERVER_HOST_KEY',
    ),
    deployPath: args.deployPath ?? nonEmpty(env.DEPLOY_PATH),
    probe: args.probe ?? 'session',
    intent: resolveIntent(args, env),
    timeoutMs: timeoutMsOf(args),
    strict: args.strict,
    expectPublic: args.expectPublic,
    interactive: opts.interactive,
  };
}

/** `--host-key` (repeated) or SERVER_HOST_KEY: the pin for every server and the per-host ones. */
function hostKeyInputs(raws: string[], source: string): Pick<DiagnosisInputs, 'hostKey' | 'hostKeyPins'> {
  const pins = parseHostKeyPins(raws, source);
  if (typeof pins === 'string') throw new UsageError(pins);
  const every = pins.find((p) => p.host === undefined)?.fingerprint;
  const some = pins.filter((p) => p.host !== undefined);
  return { ...(every ? { hostKey: every } : {}), ...(some.length ? { hostKeyPins: some } : {}) };
}
