/**
 * The demo's deploy server: a fake SshConnector whose sessions answer like a Debian box with
 * rootless podman for the `deploy` user, as a non-interactive SSH exec sees it. Its files, clock and
 * images are state; `podman pull` and `podman login` really talk to the sandbox's ghcr.io (in
 * process), so what the server can pull is decided by the same World as everything else, and the
 * messages are podman's own wording.
 *
 * It answers the commands ghcr-doctor runs (the survey script, cat, stat-like SFTP calls, podman
 * image exists/pull/rmi/login/logout, date, and the pull script as a whole); anything else is "not found", as a shell would say.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { FetchLike } from '../io/types.js';
import {
  SshHostKeyError,
  SshUnreachableError,
  type ConnectRequest,
  type Connected,
  type ExecOptions,
  type ExecResult,
  type RemoteStat,
  type SshConnector,
  type SshSession,
} from '../ssh/connector.js';
import { decideHostTrust } from '../ssh/host-trust.js';
import { sha256Fingerprint } from '../ssh/fingerprint.js';
import { SURVEY_SCRIPT } from '../ssh/survey.js';
import { PULL_CLEANUP_MARK, parsePullCommand } from '../ssh/pull-script.js';
import { MiniShell, type ShellResult } from './mini-shell.js';
import { DEMO_SERVER, DEMO_USER, type DeployServerSetup } from './scenarios.js';

const PODMAN_VERSION = 'podman version 4.9.3';

/** The server's ed25519 host key as SSH sends it (string "ssh-ed25519", string key). */
export const DEMO_HOST_KEY_BLOB = (() => {
  const type = Buffer.from('ssh-ed25519');
  const key = createHash('sha256').update('ghcr-doctor demo deploy server host key').digest();
  const len = (b: Buffer) => {
    const l = Buffer.alloc(4);
    l.writeUInt32BE(b.length);
    return l;
  };
  return Buffer.concat([len(type), type, len(key), key]);
})();
export const DEMO_HOST_KEY_FINGERPRINT = sha256Fingerprint(DEMO_HOST_KEY_BLOB);
/** The laptop's known_hosts line for the server. */
export const DEMO_KNOWN_HOSTS_LINE = `${DEMO_SERVER.host} ssh-ed25519 ${DEMO_HOST_KEY_BLOB.toString('base64')}\n`;

interface ServerFile {
  data: Buffer;
  mode: number;
  uid: number;
}

export interface DeployServerOptions {
  setup: DeployServerSetup;
  /** The sandbox's fetch: the server reaches ghcr.io through it. */
  fetch: FetchLike;
  now: () => number;
  registryHost: string;
}

const ok = (stdout = '', stderr = ''): ShellResult => ({ code: 0, stdout, stderr });
const fail = (code: number, stderr: string, stdout = ''): ShellResult => ({ code, stdout, stderr });

/** Options of podman login/logout that take a value (so the registry is the remaining operand). */
const PODMAN_VALUE_OPTIONS = new Set(['-u', '--username', '-p', '--password', '--authfile', '--cert-dir']);

function podmanOperands(args: string[]): { operands: string[]; option: (name: string) => string | undefined } {
  const operands: string[] = [];
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (PODMAN_VALUE_OPTIONS.has(a)) values.set(a, args[++i] ?? '');
    else if (a.startsWith('--') && a.includes('=')) values.set(a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1));
    else if (!a.startsWith('-')) operands.push(a);
  }
  return { operands, option: (name) => values.get(name) };
}

export class DemoDeployServer {
  readonly files = new Map<string, ServerFile>();
  readonly images = new Set<string>();
  /** Every command run, for tests ("no token on a command line"). */
  readonly commands: string[] = [];
  readonly user = DEMO_SERVER.user;
  readonly uid = DEMO_SERVER.uid;
  readonly home = DEMO_SERVER.home;
  readonly env: Record<string, string>;

  constructor(private readonly options: DeployServerOptions) {
    // pam_systemd gives an SSH session its runtime directory (tmpfs).
    this.env = { HOME: this.home, USER: this.user, XDG_RUNTIME_DIR: `/run/user/${this.uid}`, PATH: '/usr/local/bin:/usr/bin:/bin' };
    const { stored, tokenFile } = options.setup;
    if (stored) {
      const auth = Buffer.from(`${DEMO_USER}:${stored.token}`).toString('base64');
      const file = this.authFileFor(stored.location);
      const json = stored.location === 'docker' ? { auths: { [options.registryHost]: { auth } } } : { auths: { [options.registryHost]: { auth } } };
      this.writeFile(file, `${JSON.stringify(json, null, '\t')}\n`, 0o600);
    }
    if (tokenFile) this.writeFile(path.posix.join(this.home, '.ghcr_token'), tokenFile.content, tokenFile.mode);
  }

  private authFileFor(location: 'persistent' | 'runtime' | 'docker'): string {
    if (location === 'runtime') return `${this.env.XDG_RUNTIME_DIR}/containers/auth.json`;
    if (location === 'docker') return `${this.home}/.docker/config.json`;
    return `${this.home}/.config/containers/auth.json`;
  }

  writeFile(p: string, content: string | Buffer, mode: number): void {
    this.files.set(p, { data: Buffer.from(content), mode, uid: this.uid });
  }

  private readable(f: ServerFile): boolean {
    return f.uid === this.uid ? (f.mode & 0o400) !== 0 : (f.mode & 0o004) !== 0;
  }

  private fsType(p: string): string {
    return p.startsWith('/run/') ? 'tmpfs' : 'ext2/ext3';
  }

  /** The deploy user's clock, seconds (skewed when the scenario says so). */
  private nowSeconds(): number {
    return Math.floor(this.options.now() / 1000) + (this.options.setup.clockSkewSeconds ?? 0);
  }

  /** containers-auth.json(5) lookup order: REGISTRY_AUTH_FILE, runtime dir, config dir, docker. */
  private podmanAuthFiles(): string[] {
    return [
      this.env.REGISTRY_AUTH_FILE,
      `${this.env.XDG_RUNTIME_DIR}/containers/auth.json`,
      `${this.home}/.config/containers/auth.json`,
      `${this.home}/.docker/config.json`,
    ].filter((p): p is string => Boolean(p));
  }

  private storedAuth(): string | undefined {
    for (const p of this.podmanAuthFiles()) {
      const f = this.files.get(p);
      if (!f) continue;
      try {
        const auths = (JSON.parse(f.data.toString('utf8')) as { auths?: Record<string, { auth?: string }> }).auths ?? {};
        const entry = auths[this.options.registryHost] ?? auths[`https://${this.options.registryHost}`];
        if (entry?.auth) return entry.auth;
      } catch {
        /* podman would fail on a broken file too; the survey reports it */
      }
    }
    return undefined;
  }

  survey(args: string[]): string {
    const out = [
      `uid=${this.uid}`,
      `user=${this.user}`,
      `home=${this.home}`,
      `xdg_runtime_dir=${this.env.XDG_RUNTIME_DIR ?? ''}`,
      `registry_auth_file=${this.env.REGISTRY_AUTH_FILE ?? ''}`,
      'docker_config=',
      `podman=${PODMAN_VERSION}`,
      `now=${this.nowSeconds()}`,
    ];
    const probe = (role: string, p: string | undefined) => {
      if (!p) return;
      const f = this.files.get(p);
      if (f) out.push(['file', role, p, `${f.mode.toString(8)} ${f.uid}`, this.fsType(p), this.readable(f) ? '1' : '0'].join('\t'));
      else out.push(['nofile', role, p].join('\t'));
    };
    probe('podman-env', this.env.REGISTRY_AUTH_FILE);
    probe('podman-runtime', `${this.env.XDG_RUNTIME_DIR}/containers/auth.json`);
    probe('podman-config', `${this.home}/.config/containers/auth.json`);
    probe('docker-config', `${this.home}/.docker/config.json`);
    probe('token-file', `${this.home}/.ghcr_token`);
    const deployPath = args[0];
    if (deployPath) {
      probe('deploy-token-file', `${deployPath}/.ghcr_token`);
      probe('deploy-env', `${deployPath}/.env`);
    }
    return `${out.join('\n')}\n`;
  }

  /** What PULL_SCRIPT does on a real server: the pull, then the image removed again if it was not there before. */
  private async pullRestoring(ref: string, signal?: AbortSignal): Promise<ShellResult> {
    const before = this.images.has(ref);
    const pull = await this.podmanPull(ref, signal);
    const cleanup = before ? 'already present, kept' : this.images.delete(ref) ? 'removed again' : 'not pulled';
    return { ...pull, stdout: `${pull.stdout}\n${PULL_CLEANUP_MARK}${cleanup}\n` };
  }

  /** `podman pull`: the Docker Registry v2 flow against the sandbox's ghcr.io, with podman's messages. */
  async podmanPull(ref: string, signal?: AbortSignal): Promise<ShellResult> {
    const m = /^([^/]+)\/(.+?)(?::([^:/@]+))?$/.exec(ref);
    if (!m) return fail(125, `Error: parsing reference "${ref}": invalid reference format\n`);
    const [, host, repository, tag = 'latest'] = m as unknown as [string, string, string, string | undefined];
    let progress = `Trying to pull ${ref}...\n`;
    const source = `Error: initializing source docker://${ref}`;
    if (host !== this.options.registryHost) {
      return fail(125, `${progress}${source}: pinging container registry ${host}: Get "https://${host}/v2/": dial tcp: lookup ${host}: no such host\n`);
    }
    const auth = this.storedAuth();
    const tokenUrl = `https://${host}/token?scope=${encodeURIComponent(`repository:${repository}:pull`)}&service=${host}`;
    const tokenRes = await this.options.fetch(tokenUrl, { headers: auth ? { authorization: `Basic ${auth}` } : {}, signal });
    if (tokenRes.status === 401)
      return fail(125, `${progress}${source}: unable to retrieve auth token: invalid username/password: unauthorized: authentication required\n`);
    if (tokenRes.status !== 200) {
      return fail(
        125,
        `${progress}${source}: Requesting bearer token: invalid status code from registry ${tokenRes.status} (${tokenRes.statusText || statusText(tokenRes.status)})\n`,
      );
    }
    const { token } = (await tokenRes.json()) as { token: string };
    const manifest = await this.options.fetch(`https://${host}/v2/${repository}/manifests/${tag}`, {
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json',
      },
      signal,
    });
    if (manifest.status !== 200) {
      const body = (await manifest.json().catch(() => ({}))) as { errors?: Array<{ code?: string; message?: string }> };
      const e = body.errors?.[0];
      // containers/image prints registry errors as "<code lowercased>: <message>".
      const reason =
        e?.code === 'MANIFEST_UNKNOWN' ? 'manifest unknown' : e ? `${(e.code ?? '').toLowerCase()}: ${e.message ?? ''}` : `StatusCode: ${manifest.status}`;
      return fail(125, `${progress}${source}: reading manifest ${tag} in ${host}/${repository}: ${reason}\n`);
    }
    const digest = manifest.headers.get('docker-content-digest') ?? 'sha256:0';
    const imageId = createHash('sha256').update(digest).digest('hex');
    progress += `Getting image source signatures\nCopying blob sha256:${imageId.slice(0, 64)}\nCopying config sha256:${imageId}\nWriting manifest to image destination\n`;
    this.images.add(ref);
    return ok(`${imageId}\n`, progress);
  }

  /** `podman login -u USER --password-stdin [--authfile F] HOST`: the token arrives on stdin only. */
  async podmanLogin(args: string[], stdin: string | undefined, signal?: AbortSignal): Promise<ShellResult> {
    const { operands, option } = podmanOperands(args);
    const host = operands.pop();
    const user = option('-u') ?? option('--username');
    const authfile = option('--authfile') ?? this.env.REGISTRY_AUTH_FILE ?? `${this.env.XDG_RUNTIME_DIR}/containers/auth.json`;
    if (!args.includes('--password-stdin')) return fail(125, 'Error: cannot prompt for username without stdin\n');
    if (!host || !user) return fail(125, 'Error: missing registry or username\n');
    // podman reads every line of stdin and glues them together.
    const password = (stdin ?? '').split(/\r?\n/).join('');
    const basic = Buffer.from(`${user}:${password}`).toString('base64');
    const res = await this.options.fetch(`https://${host}/token?service=${host}`, { headers: { authorization: `Basic ${basic}` }, signal });
    if (res.status !== 200) return fail(125, `Error: logging into "${host}": invalid username/password\n`);
    const existing = this.files.get(authfile);
    let json: { auths: Record<string, { auth: string }> } = { auths: {} };
    try {
      if (existing) json = JSON.parse(existing.data.toString('utf8')) as typeof json;
    } catch {
      /* replaced below */
    }
    json.auths[host] = { auth: basic };
    this.writeFile(authfile, `${JSON.stringify(json, null, '\t')}\n`, 0o600);
    return ok('Login Succeeded!\n');
  }

  podmanLogout(args: string[]): ShellResult {
    const { operands, option } = podmanOperands(args);
    const host = operands.pop() ?? '';
    const only = option('--authfile');
    let removed = false;
    for (const p of only ? [only] : this.podmanAuthFiles().slice(0, 3)) {
      const f = this.files.get(p);
      if (!f) continue;
      const json = JSON.parse(f.data.toString('utf8')) as { auths?: Record<string, unknown> };
      if (json.auths?.[host]) {
        delete json.auths[host];
        this.writeFile(p, `${JSON.stringify(json, null, '\t')}\n`, f.mode);
        removed = true;
      }
    }
    return removed ? ok(`Removed login credentials for ${host}\n`) : fail(125, `Error: not logged into ${host}\n`);
  }

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    this.commands.push(command);
    if (options.signal?.aborted) throw options.signal.reason;
    const stdin = options.stdin === undefined ? undefined : Buffer.from(options.stdin).toString('utf8');
    let result: ShellResult;
    if (/^sh -s\b/.test(command)) {
      const args = command.split(/\s+/).slice(2);
      result =
        stdin === SURVEY_SCRIPT
          ? ok(this.survey(args.slice(args[0] === '--' ? 1 : 0)))
          : fail(2, 'sh: the demo server only runs the scripts ghcr-doctor sends\n');
    } else if (parsePullCommand(command)) {
      result = await this.pullRestoring(parsePullCommand(command)!.ref, options.signal);
    } else {
      result = await new MiniShell(this.env, (argv, input) => this.command(argv, input, options.signal)).run(command, stdin);
    }
    return { code: result.code, stdout: Buffer.from(result.stdout), stderr: Buffer.from(result.stderr) };
  }

  /** One simple command, as the deploy user's shell would run it. */
  private async command(argv: string[], stdin: string | undefined, signal?: AbortSignal): Promise<ShellResult> {
    const [cmd, ...rest] = argv;
    const args = rest.filter((a) => a !== '--');
    switch (cmd) {
      case undefined:
      case 'true':
      case 'umask':
        return ok();
      case 'false':
        return fail(1, '');
      case 'printf': {
        const [format = '', ...values] = rest;
        let i = 0;
        return ok(format.replace(/%s/g, () => values[i++] ?? '').replace(/\\n/g, '\n'));
      }
      case 'echo':
        return ok(`${rest.join(' ')}\n`);
      case 'dirname':
        return ok(`${path.posix.dirname(args[0] ?? '.')}\n`);
      case 'id':
        return ok(
          args[0] === '-u'
            ? `${this.uid}\n`
            : args[0] === '-un'
              ? `${this.user}\n`
              : `uid=${this.uid}(${this.user}) gid=${this.uid}(${this.user}) groups=${this.uid}(${this.user})\n`,
        );
      case 'date':
        return ok(args[0] === '+%s' ? `${this.nowSeconds()}\n` : `${new Date(this.nowSeconds() * 1000).toUTCString()}\n`);
      case 'mkdir':
        return ok(); // directories exist implicitly in this server's file table
      case 'cat': {
        const p = args[0] ?? '';
        const f = this.files.get(p);
        if (!f) return fail(1, `cat: ${p}: No such file or directory\n`);
        if (!this.readable(f)) return fail(1, `cat: ${p}: Permission denied\n`);
        return ok(f.data.toString('utf8'));
      }
      case 'cp': {
        const [from, to] = args.filter((a) => !a.startsWith('-'));
        const f = from ? this.files.get(from) : undefined;
        if (!f || !to) return fail(1, `cp: cannot stat '${from ?? ''}': No such file or directory\n`);
        this.files.set(to, { ...f, data: Buffer.from(f.data) });
        return ok();
      }
      case 'chmod': {
        const [mode, file] = args;
        const f = file ? this.files.get(file) : undefined;
        if (!f || !mode || !/^[0-7]{3,4}$/.test(mode)) return fail(1, `chmod: cannot access '${file ?? ''}': No such file or directory\n`);
        f.mode = parseInt(mode, 8);
        return ok();
      }
      case 'rm':
        for (const p of args.filter((a) => !a.startsWith('-'))) this.files.delete(p);
        return ok();
      case 'podman':
        return this.podman(rest, stdin, signal);
      default:
        return fail(127, `sh: 1: ${cmd}: not found\n`);
    }
  }

  private async podman(args: string[], stdin: string | undefined, signal?: AbortSignal): Promise<ShellResult> {
    const [sub, ...rest] = args;
    const operand = rest.filter((a) => !a.startsWith('-'))[0] ?? '';
    if (sub === '--version') return ok(`${PODMAN_VERSION}\n`);
    if (sub === 'image' && rest[0] === 'exists') return this.images.has(rest[1] ?? '') ? ok() : fail(1, '');
    if (sub === 'pull') return this.podmanPull(operand, signal);
    if (sub === 'rmi') return this.images.delete(operand) ? ok(`Untagged: ${operand}\n`) : fail(1, `Error: ${operand}: image not known\n`);
    if (sub === 'login' && rest.includes('--get-login')) {
      const host = podmanOperands(rest).operands.pop() ?? '';
      const auth = this.storedAuth();
      return auth ? ok(`${Buffer.from(auth, 'base64').toString('utf8').split(':')[0]}\n`) : fail(125, `Error: not logged into ${host}\n`);
    }
    if (sub === 'login') return this.podmanLogin(rest, stdin, signal);
    if (sub === 'logout') return this.podmanLogout(rest);
    return fail(125, `Error: unrecognized command \`podman ${sub ?? ''}\`\n`);
  }

  session(): SshSession {
    return {
      exec: (command, options) => this.exec(command, options),
      writeFileExclusive: async (p, data, mode) => {
        if (this.files.has(p)) throw Object.assign(new Error(`${p}: Failure (file exists)`), { code: 4 });
        this.writeFile(p, data, mode);
      },
      rename: async (from, to) => {
        const f = this.files.get(from);
        if (!f) throw Object.assign(new Error(`${from}: No such file`), { code: 2 });
        this.files.delete(from);
        this.files.set(to, f);
      },
      stat: async (p): Promise<RemoteStat | undefined> => {
        const f = this.files.get(p);
        return f ? { mode: 0o100000 | f.mode, uid: f.uid, size: f.data.length } : undefined;
      },
      readFile: async (p) => {
        const f = this.files.get(p);
        if (!f) throw Object.assign(new Error(`${p}: No such file`), { code: 2 });
        return Buffer.from(f.data);
      },
      close: () => undefined,
    };
  }

  /** The SshConnector the checks use: OpenSSH's host trust rules (real code), then a session. */
  connector(): SshConnector {
    return {
      connect: async (request: ConnectRequest): Promise<Connected> => {
        const { hostName: host, port } = request.target;
        if (host !== DEMO_SERVER.host || port !== DEMO_SERVER.port) {
          throw new SshUnreachableError('dns', `getaddrinfo ENOTFOUND ${host} (the demo has one server: ${DEMO_SERVER.host})`, 'ENOTFOUND');
        }
        const decision = decideHostTrust(request.trust, host, port, DEMO_HOST_KEY_BLOB);
        let trustedBy: string;
        if (decision.kind === 'refused') throw decision.error;
        if (decision.kind === 'ask') {
          const yes = request.trust.confirmUnknown ? await request.trust.confirmUnknown(decision.fingerprint) : false;
          if (!yes) throw new SshHostKeyError('unknown', decision.fingerprint, 'ssh-ed25519', [], `${host} is not in known_hosts`);
          trustedBy = 'confirmed on screen';
        } else trustedBy = decision.trustedBy;
        return {
          session: this.session(),
          hostKeyFingerprint: decision.fingerprint,
          trustedBy,
          authenticatedWith: { source: 'agent', label: 'demo key (simulated agent)' },
        };
      },
    };
  }
}

function statusText(status: number): string {
  return (
    ({ 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 500: 'Internal Server Error' } as Record<number, string>)[status] ??
    'Error'
  );
}
