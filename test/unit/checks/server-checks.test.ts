import { describe, expect, it } from 'vitest';
import { diagnose, reportTarget } from '../../../src/diagnosis/diagnose.js';
import type { DiagnosisInputs } from '../../../src/diagnosis/inputs.js';
import { Redactor } from '../../../src/engine/redact.js';
import { exitCodeFor } from '../../../src/engine/outcome.js';
import { DiagnosisSession, withDependants } from '../../../src/diagnosis/session.js';
import { parseImageRef } from '../../../src/ghcr/image-ref.js';
import type { FileSystem, Io } from '../../../src/io/types.js';
import { serverChecks } from '../../../src/checks/server-checks.js';
import {
  SshAuthError,
  SshHostKeyError,
  SshUnreachableError,
  type ConnectRequest,
  type ExecOptions,
  type ExecResult,
  type SshConnector,
  type SshSession,
} from '../../../src/ssh/connector.js';
import { PULL_CLEANUP_MARK, pullCommand } from '../../../src/ssh/pull-script.js';
import { fakeFetch } from '../../helpers/fake-fetch.js';

const TOKEN = 'ghp_unitServerToken000000000000000000001';

/** Any control character but the newline (a detail may span lines). */
const CONTROL_BUT_NEWLINE = new RegExp('[\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f]');

/** The pull script's command line, and its stdout when it reports `cleanup`. */
const PULL = /^sh -c .* ghcr-doctor-pull podman /s;
const pulled = (cleanup: string) => ({ code: 0, stdout: `\n${PULL_CLEANUP_MARK}${cleanup}\n` });

/** A scripted server: `on(regex, reply)`; records every command and whether it was closed. */
class FakeSession implements SshSession {
  commands: Array<{ command: string; stdin?: string }> = [];
  closed = 0;
  constructor(private readonly replies: Array<[RegExp, (stdin?: string) => Partial<{ code: number; stdout: string; stderr: string }>]>) {}
  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    const stdin = options.stdin?.toString();
    this.commands.push({ command, stdin });
    const hit = this.replies.find(([re]) => re.test(command));
    const r = hit ? hit[1](stdin) : { code: 127, stderr: `${command}: not scripted` };
    return { code: r.code ?? 0, stdout: Buffer.from(r.stdout ?? ''), stderr: Buffer.from(r.stderr ?? '') };
  }
  async writeFileExclusive(): Promise<void> {}
  async rename(): Promise<void> {}
  async stat() {
    return undefined;
  }
  async readFile(): Promise<Buffer> {
    return Buffer.alloc(0);
  }
  close(): void {
    this.closed++;
  }
}

function survey(lines: string[]): string {
  return ['uid=1001', 'user=deploy', 'home=/home/deploy', 'xdg_runtime_dir=/run/user/1001', `now=${Math.floor(Date.now() / 1000)}`, ...lines].join('\n');
}

function connectorFor(session: SshSession | Error): SshConnector & { requests: ConnectRequest[] } {
  const requests: ConnectRequest[] = [];
  return {
    requests,
    async connect(req) {
      requests.push(req);
      if (session instanceof Error) throw session;
      return { session, hostKeyFingerprint: 'SHA256:fake', trustedBy: 'known_hosts line 1', authenticatedWith: { source: 'file', label: '/k' } };
    },
  };
}

const memFs = (files: Record<string, string>): FileSystem =>
  ({
    readFile: async (p: string) => {
      if (!(p in files)) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return Buffer.from(files[p]!);
    },
  }) as unknown as FileSystem;

const registry = fakeFetch([
  {
    url: 'https://ghcr.io/v2/',
    reply: {
      status: 401,
      headers: {
        'www-authenticate': 'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:user/image:pull"',
        date: new Date().toUTCString(),
      },
    },
  },
  {
    url: 'https://ghcr.io/token',
    reply: (req) =>
      req.headers.get('authorization') === `Basic ${Buffer.from(`octocat:${TOKEN}`).toString('base64')}`
        ? { body: { token: 'x' } }
        : { status: 403, body: { errors: [{ code: 'DENIED', message: 'denied' }] } },
  },
]);

function serverInputs(over: Partial<DiagnosisInputs> = {}): DiagnosisInputs {
  return {
    image: parseImageRef('ghcr.io/octocat/api:latest'),
    apiUrl: 'https://api.github.com',
    statusUrl: null,
    secretName: 'GHCR_TOKEN',
    probe: 'session',
    timeoutMs: 10_000,
    strict: false,
    expectPublic: false,
    interactive: false,
    ssh: { host: 'prod', source: '--ssh' },
    ...over,
  };
}

const serverIo = (files: Record<string, string> = {}): Io => ({
  fetch: registry,
  fs: memFs(files),
  clock: { now: () => Date.now() },
  env: { USER: 'me' },
  homedir: '/home/me',
});

async function run(connector: SshConnector, over: Partial<DiagnosisInputs> = {}, files: Record<string, string> = {}) {
  const redactor = new Redactor();
  const result = await diagnose(serverInputs(over), serverIo(files), { listener: () => {}, redactor, checks: serverChecks(), ports: { ssh: connector } });
  return { result, ids: result.findings.map((f) => f.id), code: exitCodeFor(result.findings), redactor };
}

describe('ssh.* errors stop the server checks', () => {
  const cases: Array<[string, Error, string, number]> = [
    ['unreachable', new SshUnreachableError('refused', 'connect ECONNREFUSED', 'ECONNREFUSED'), 'ssh.unreachable', 3],
    ['host key unknown', new SshHostKeyError('unknown', 'SHA256:abc', 'ssh-ed25519', [], 'unknown'), 'ssh.host-key-unknown', 1],
    ['host key changed', new SshHostKeyError('mismatch', 'SHA256:new', 'ssh-ed25519', ['SHA256:old'], 'changed'), 'ssh.host-key-mismatch', 1],
    ['auth failed', new SshAuthError([{ source: 'file', label: '/k', fingerprint: 'SHA256:k' }], [], 'refused'), 'ssh.auth-failed', 1],
  ];
  it.each(cases.map(([name, error, id, code]) => ({ name, error, id, code })))('$name → $id only, exit $code', async ({ error, id, code }) => {
    const r = await run(connectorFor(error));
    expect(r.ids).toEqual([id]);
    expect(r.code).toBe(code);
    expect(r.result.checks.filter((c) => c.id.startsWith('server.')).every((c) => c.status === 'skip')).toBe(true);
  });
  it('mismatch evidence has fingerprint and expected', async () => {
    const r = await run(connectorFor(new SshHostKeyError('mismatch', 'SHA256:new', 'ssh-ed25519', ['SHA256:old'], 'changed')));
    expect(r.result.findings[0]!.evidence).toMatchObject({ fingerprint: 'SHA256:new', expected: 'SHA256:old' });
  });
  it('no --ssh: every server check is skipped, nothing connects', async () => {
    const c = connectorFor(new Error('must not connect'));
    const r = await run(c, { ssh: undefined });
    expect(c.requests).toEqual([]);
    expect(r.ids).toEqual([]);
  });
});

describe('server audit over a fake session', () => {
  it("the server's words (survey, auth file user, token file, runtime version) reach no finding or summary with a control character", async () => {
    const evil = '\x1b]52;c;cHduZWQ=\x07\rOK\n::warning::x';
    const evilUser = `octo${evil}`;
    const auth = JSON.stringify({ auths: { 'ghcr.io': { auth: Buffer.from(`${evilUser}:ghp_staleRuntimeDirToken0000000000000009`).toString('base64') } } });
    const home = `/home/deploy\x1b[2J`;
    const session = new FakeSession([
      [
        /^sh -s/,
        () => ({
          stdout: [
            'uid=1001',
            `user=deploy\x1b]8;;https://evil.example\x07`,
            `home=${home}`,
            'xdg_runtime_dir=/run/user/1001',
            `now=${Math.floor(Date.now() / 1000)}`,
            `podman=podman version 4.9.3\x1b]52;c;cHduZWQ=\x07`,
            `file\tpodman-config\t${home}/.config/containers/auth.json\t644 1001\text4\t1`,
            `file\ttoken-file\t${home}/.ghcr_token\t644 1001\text4\t1`,
          ].join('\n'),
        }),
      ],
      [/auth\.json/, () => ({ stdout: auth })],
      [/ghcr_token/, () => ({ stdout: `ghp_evilTokenFile00000000000000000000001${evil}\r\n` })],
      [PULL, () => ({ ...pulled('not pulled'), code: 125, stderr: `Error: unauthorized${evil}` })],
    ]);
    const r = await run(connectorFor(session));
    const shown: string[] = [];
    const collect = (v: unknown): void => {
      if (typeof v === 'string') shown.push(v);
      else if (Array.isArray(v)) v.forEach(collect);
      else if (v && typeof v === 'object') Object.values(v).forEach(collect);
    };
    collect(r.result.findings);
    collect(r.result.checks.map((c) => c.summary));
    expect(r.ids).toContain('server.token-file-insecure');
    expect(r.ids).toContain('server.stored-token-invalid');
    for (const text of shown) expect(text, JSON.stringify(text)).not.toMatch(CONTROL_BUT_NEWLINE);
    expect(shown.join('\n')).toContain('\\x1b[2J');
  });

  it('~/.ssh/config decides user and port; target.server is USER@HOST:PORT', async () => {
    const session = new FakeSession([
      [/^sh -s/, () => ({ stdout: survey(['podman=podman version 4.9.3']) })],
      [PULL, () => pulled('removed again')],
    ]);
    const c = connectorFor(session);
    const r = await run(c, {}, { '/home/me/.ssh/config': 'Host prod\n  HostName 203.0.113.7\n  User deploy\n  Port 2222\n', '/home/me/.ssh/known_hosts': '' });
    expect(c.requests[0]!.target).toMatchObject({ hostName: '203.0.113.7', user: 'deploy', port: 2222 });
    expect(reportTarget(r.result.context).server).toBe('deploy@prod:2222');
    expect(c.requests[0]!.trust.confirmUnknown).toBeUndefined(); // --ci never asks
  });

  it('known_hosts: the user file plus /etc/ssh/ssh_known_hosts, unless --known-hosts names one file', async () => {
    const session = new FakeSession([[/^sh -s/, () => ({ stdout: survey([]) })]]);
    const files = {
      '/home/me/.ssh/known_hosts': 'user-entry ssh-ed25519 AAAA\n',
      '/etc/ssh/ssh_known_hosts': 'global-entry ssh-ed25519 AAAA\n',
      '/pinned/kh': 'only-entry ssh-ed25519 AAAA\n',
    };
    const c1 = connectorFor(session);
    await run(c1, {}, files);
    expect(c1.requests[0]!.trust.knownHostsText).toContain('user-entry');
    expect(c1.requests[0]!.trust.knownHostsText).toContain('global-entry');
    const c2 = connectorFor(new FakeSession([[/^sh -s/, () => ({ stdout: survey([]) })]]));
    await run(c2, { knownHosts: '/pinned/kh' }, files);
    expect(c2.requests[0]!.trust.knownHostsText).toBe('only-entry ssh-ed25519 AAAA\n');
  });

  it('valid stored credential: validated locally through /token, no secret on any command line, connection closed once', async () => {
    const auth = JSON.stringify({ auths: { 'ghcr.io': { auth: Buffer.from(`octocat:${TOKEN}`).toString('base64') } } });
    const session = new FakeSession([
      [
        /^sh -s/,
        () => ({ stdout: survey(['podman=podman version 4.9.3', 'file\tpodman-config\t/home/deploy/.config/containers/auth.json\t600 1001\text4\t1']) }),
      ],
      [/^cat -- \/home\/deploy\/.config\/containers\/auth.json$/, () => ({ stdout: auth })],
      [PULL, () => pulled('removed again')],
    ]);
    const r = await run(connectorFor(session));
    expect(r.ids).toEqual([]);
    expect(registry.calls.some((c) => c.url.pathname === '/token')).toBe(true);
    expect(session.commands.map((c) => c.command).join('\n')).not.toContain(TOKEN);
    expect(session.commands.map((c) => c.command)).toContain(pullCommand('podman', 'ghcr.io/octocat/api:latest'));
    expect(session.closed).toBe(1);
    expect(r.redactor.redact(`x ${TOKEN} y`)).not.toContain(TOKEN);
  });

  it('a re-check after a fix (TUI) reconnects with the pinned host key, re-takes the survey and closes again', async () => {
    let mode = '644';
    const session = () =>
      new FakeSession([
        [/^sh -s/, () => ({ stdout: survey(['podman=podman version 4.9.3', `file\ttoken-file\t/home/deploy/.ghcr_token\t${mode} 1001\text4\t1`]) })],
        [/^cat -- \/home\/deploy\/.ghcr_token$/, () => ({ stdout: `${TOKEN}\n` })],
        [PULL, () => pulled('removed again')],
      ]);
    // Every connect (the first, then the re-check's reconnect) gets a fresh scripted session.
    const sessions: FakeSession[] = [];
    const requests: ConnectRequest[] = [];
    const wrapped: SshConnector = {
      async connect(req) {
        requests.push(req);
        sessions.push(session());
        return {
          session: sessions.at(-1)!,
          hostKeyFingerprint: 'SHA256:fake',
          trustedBy: 'known_hosts line 1',
          authenticatedWith: { source: 'file', label: '/k' },
        };
      },
    };
    const diagnosis = new DiagnosisSession({
      inputs: serverInputs(),
      io: serverIo(),
      redactor: new Redactor(),
      ports: { ssh: wrapped },
      checks: serverChecks(),
    });
    const r1 = await diagnosis.runAll(() => {});
    expect(r1.findings.map((f) => f.id)).toEqual(['server.token-file-insecure', 'server.not-logged-in']);
    expect(sessions[0]!.closed).toBe(1);
    mode = '600';
    // The server's checks ran with its own context (facts.server), which a re-check reuses; ssh.connect replays.
    const r2 = await diagnosis.runSubset(withDependants(diagnosis.checks, ['server.runtime']), () => {});
    expect(r2.findings.map((f) => f.id)).toEqual(['server.not-logged-in']);
    expect(requests.at(-1)!.trust).toEqual({ pin: 'SHA256:fake' });
    expect(sessions).toHaveLength(2);
    expect(sessions[1]!.closed).toBe(1);
    await diagnosis.close();
    expect(sessions.map((s) => s.closed)).toEqual([1, 1]);
  });

  it('the pull runs as one script on the server (it cleans up even when we are gone) and its clean-up line reaches the summary, not the output', async () => {
    const moved = 'already present, kept (a newer image was pulled and removed; the tag points at the old one again)';
    const session = new FakeSession([
      [/^sh -s/, () => ({ stdout: survey(['podman=podman version 4.9.3']) })],
      [PULL, () => ({ ...pulled(moved), stdout: `sha256:new\n\n${PULL_CLEANUP_MARK}${moved}\n` })],
    ]);
    const r = await run(connectorFor(session));
    const cmds = session.commands.map((c) => c.command);
    expect(cmds).toEqual([expect.stringMatching(/^sh -s/), pullCommand('podman', 'ghcr.io/octocat/api:latest')]);
    expect(r.result.checks.find((c) => c.id === 'server.pull')!.summary).toBe(`podman pull ghcr.io/octocat/api:latest as deploy: ok (${moved})`);
  });

  it("a banner printed by the server's shell startup files does not corrupt the files read", async () => {
    const auth = JSON.stringify({ auths: { 'ghcr.io': { auth: Buffer.from(`octocat:${TOKEN}`).toString('base64') } } });
    const banner = 'Welcome to prod-1! Unauthorized access prohibited.\n';
    const session = new FakeSession([
      [
        /^sh -s/,
        () => ({
          stdout:
            banner +
            survey(['podman=podman version 4.9.3', `file\tpodman-config\t/home/deploy/.config/containers/auth.json\t600 1001 ${auth.length}\text4\t1`]),
        }),
      ],
      [/^cat -- /, () => ({ stdout: banner + auth })],
      [PULL, () => pulled('removed again')],
    ]);
    const r = await run(connectorFor(session));
    expect(r.result.checks.find((c) => c.id === 'server.credentials')!.summary).toContain('(accepted)');
    expect(r.ids).toEqual([]);
  });

  it("$REGISTRY_AUTH_FILE replaces podman's runtime-dir authfile (containers/image lookup order)", async () => {
    const stale = JSON.stringify({ auths: { 'ghcr.io': { auth: Buffer.from('octocat:ghp_staleRuntimeDirToken0000000000000001').toString('base64') } } });
    const good = JSON.stringify({ auths: { 'ghcr.io': { auth: Buffer.from(`octocat:${TOKEN}`).toString('base64') } } });
    const session = new FakeSession([
      [
        /^sh -s/,
        () => ({
          stdout: survey([
            'registry_auth_file=/etc/deploy/auth.json',
            'podman=podman version 4.9.3',
            'file\tpodman-env\t/etc/deploy/auth.json\t600 1001\text4\t1',
            'file\tpodman-runtime\t/run/user/1001/containers/auth.json\t600 1001\ttmpfs\t1',
          ]),
        }),
      ],
      [/^cat -- \/etc\/deploy\/auth.json$/, () => ({ stdout: good })],
      [/^cat -- \/run\/user/, () => ({ stdout: stale })],
      [PULL, () => pulled('removed again')],
    ]);
    const r = await run(connectorFor(session));
    expect(r.ids).toEqual([]);
    expect(r.result.checks.find((c) => c.id === 'server.credentials')!.summary).toBe('podman: /etc/deploy/auth.json (accepted)');
  });

  it('an auth file that is not JSON is named in the summary and not mistaken for "not logged in"', async () => {
    const session = new FakeSession([
      [
        /^sh -s/,
        () => ({ stdout: survey(['podman=podman version 4.9.3', 'file\tpodman-config\t/home/deploy/.config/containers/auth.json\t600 1001\text4\t1']) }),
      ],
      [/^cat -- /, () => ({ stdout: '{"auths": {' })],
      [
        PULL,
        () => ({
          ...pulled('not pulled'),
          code: 125,
          stderr: 'Error: unmarshaling JSON at "/home/deploy/.config/containers/auth.json": unexpected end of JSON input',
        }),
      ],
    ]);
    const r = await run(connectorFor(session));
    expect(r.result.checks.find((c) => c.id === 'server.credentials')!.summary).toContain('not valid JSON: /home/deploy/.config/containers/auth.json');
    expect(r.ids).toEqual(['server.pull-failed']);
  });

  it('the registry cannot be reached (clock and credentials not judged): the pull still runs and the connection is closed', async () => {
    const session = new FakeSession([
      [
        /^sh -s/,
        () => ({ stdout: survey(['podman=podman version 4.9.3', 'file\tpodman-config\t/home/deploy/.config/containers/auth.json\t600 1001\text4\t1']) }),
      ],
      [/^cat -- /, () => ({ stdout: JSON.stringify({ auths: { 'ghcr.io': { auth: Buffer.from(`octocat:${TOKEN}`).toString('base64') } } }) })],
      [
        PULL,
        () => ({
          ...pulled('not pulled'),
          code: 125,
          stderr:
            'Error: initializing source docker://ghcr.io/octocat/api:latest: pinging container registry ghcr.io: Get "https://ghcr.io/v2/": dial tcp: lookup ghcr.io on 10.0.0.2:53: no such host',
        }),
      ],
    ]);
    const offline = (async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('getaddrinfo ENOTFOUND ghcr.io'), { code: 'ENOTFOUND' }) });
    }) as never;
    const inputs = {
      image: parseImageRef('ghcr.io/octocat/api:latest'),
      apiUrl: 'https://api.github.com',
      statusUrl: null,
      secretName: 'GHCR_TOKEN',
      probe: 'session' as const,
      timeoutMs: 10_000,
      strict: false,
      expectPublic: false,
      interactive: false,
      ssh: { host: 'prod', source: '--ssh' },
    };
    const result = await diagnose(
      inputs,
      { fetch: offline, fs: memFs({}), clock: { now: () => Date.now() }, env: {}, homedir: '/h' },
      { listener: () => {}, redactor: new Redactor(), checks: serverChecks(), ports: { ssh: connectorFor(session) } },
    );
    const status = Object.fromEntries(result.checks.map((c) => [c.id, c.status]));
    expect(status['server.clock']).toBe('skip');
    expect(status['server.pull']).toBe('fail');
    expect(result.findings.find((f) => f.id === 'server.pull-failed')!.evidence.cause).toBe('network');
    expect(session.closed).toBe(1);
  });

  it('a crashing server check still closes the connection', async () => {
    const session = new FakeSession([[/^sh -s/, () => ({ code: 2, stderr: 'sh: syntax error' })]]);
    const r = await run(connectorFor(session));
    expect(r.result.checks.find((c) => c.id === 'server.runtime')!.status).toBe('error');
    expect(session.closed).toBe(1);
  });

  it('docker only, credential helper answers: the helper gets the host on stdin', async () => {
    const session = new FakeSession([
      [/^sh -s/, () => ({ stdout: survey(['docker=Docker version 27.0.1', 'file\tdocker-config\t/home/deploy/.docker/config.json\t600 1001\text4\t1']) })],
      [/^cat -- /, () => ({ stdout: JSON.stringify({ auths: { 'ghcr.io': {} }, credsStore: 'pass' }) })],
      [
        /^docker-credential-pass get$/,
        (stdin) =>
          stdin === 'ghcr.io\n' ? { stdout: JSON.stringify({ ServerURL: 'ghcr.io', Username: 'octocat', Secret: TOKEN }) } : { code: 1, stderr: 'bad stdin' },
      ],
      [/ghcr-doctor-pull docker /, () => pulled('already present, kept')],
    ]);
    const r = await run(connectorFor(session));
    expect(r.ids).toEqual([]);
    expect(r.result.checks.find((c) => c.id === 'server.credentials')!.summary).toContain('accepted');
    expect(r.result.checks.find((c) => c.id === 'server.pull')!.summary).toContain('already present, kept');
    expect(session.commands.map((c) => c.command)).toContain(pullCommand('docker', 'ghcr.io/octocat/api:latest'));
  });
});

describe('many deploy servers in one run', () => {
  const healthy = () =>
    new FakeSession([
      [
        /^sh -s/,
        () => ({ stdout: survey(['podman=podman version 4.9.3', 'file\tpodman-config\t/home/deploy/.config/containers/auth.json\t600 1001\text4\t1']) }),
      ],
      [/^cat -- /, () => ({ stdout: JSON.stringify({ auths: { 'ghcr.io': { auth: Buffer.from(`octocat:${TOKEN}`).toString('base64') } } }) })],
      [PULL, () => pulled('removed again')],
    ]);
  const notLoggedIn = () =>
    new FakeSession([
      [/^sh -s/, () => ({ stdout: survey(['podman=podman version 4.9.3']) })],
      [PULL, () => ({ ...pulled('not pulled'), code: 125, stderr: 'Error: reading manifest latest in ghcr.io/octocat/api: unauthorized' })],
    ]);
  /** Per host: a scripted session, an error, or 'hang' (never answers until the connect budget runs out). */
  function connectorByHost(plan: Record<string, (() => SshSession) | Error | 'hang'>) {
    let active = 0;
    const stats = { maxActive: 0, hosts: [] as string[] };
    const connector: SshConnector = {
      async connect(req) {
        stats.hosts.push(req.target.hostName);
        active++;
        stats.maxActive = Math.max(stats.maxActive, active);
        try {
          await new Promise((r) => setTimeout(r, 20));
          const p = plan[req.target.hostName]!;
          if (p === 'hang') {
            await new Promise((r) => setTimeout(r, req.timeoutMs));
            throw new SshUnreachableError('timeout', 'timed out while waiting for the handshake');
          }
          if (p instanceof Error) throw p;
          return { session: p(), hostKeyFingerprint: 'SHA256:fake', trustedBy: 'known_hosts line 1', authenticatedWith: { source: 'file', label: '/k' } };
        } finally {
          active--;
        }
      },
    };
    return { connector, stats };
  }
  const servers = (...hosts: string[]) => hosts.map((host) => ({ host, user: 'deploy', source: '--ssh' }));

  it('every ssh.* / server.* check and finding names its server; a hanging and an unreachable server hide nothing of the others', async () => {
    const { connector } = connectorByHost({
      ok: healthy,
      nologin: notLoggedIn,
      down: new SshUnreachableError('refused', 'connect ECONNREFUSED', 'ECONNREFUSED'),
      hang: 'hang',
    });
    const list = servers('ok', 'nologin', 'down', 'hang');
    const r = await run(connector, { ssh: list[0], servers: list, timeoutMs: 2_000 });
    const labels = ['deploy@ok:22', 'deploy@nologin:22', 'deploy@down:22', 'deploy@hang:22'];
    expect(reportTarget(r.result.context)).toMatchObject({ server: labels[0], servers: labels });
    for (const c of r.result.checks) expect(labels).toContain(c.server);
    const ids = ['ssh.connect', 'server.runtime', 'server.credentials', 'server.token-file', 'server.clock', 'server.pull'];
    for (const label of labels)
      expect(
        r.result.checks
          .filter((c) => c.server === label)
          .map((c) => c.id)
          .sort(),
      ).toEqual([...ids].sort());
    const by = (label: string) => r.result.findings.filter((f) => f.server === label).map((f) => f.id);
    expect(r.result.findings.every((f) => labels.includes(f.server!))).toBe(true);
    expect(by('deploy@ok:22')).toEqual([]);
    expect(r.result.checks.find((c) => c.server === 'deploy@ok:22' && c.id === 'server.pull')!.status).toBe('pass');
    expect(by('deploy@nologin:22')).toContain('server.not-logged-in');
    expect(by('deploy@down:22')).toEqual(['ssh.unreachable']);
    expect(by('deploy@hang:22')).toEqual(['ssh.unreachable']);
    expect(r.result.findings.find((f) => f.server === 'deploy@hang:22')!.evidence.kind).toBe('timeout');
    expect(r.code).toBe(1);
  });

  it('exit code over all servers: 3 only when every error is an unreachable one', async () => {
    const { connector } = connectorByHost({ ok: healthy, down: new SshUnreachableError('refused', 'connect ECONNREFUSED', 'ECONNREFUSED') });
    const list = servers('ok', 'down');
    expect((await run(connector, { ssh: list[0], servers: list })).code).toBe(3);
    const { connector: c2 } = connectorByHost({
      down: new SshUnreachableError('dns', 'getaddrinfo ENOTFOUND', 'ENOTFOUND'),
      key: new SshAuthError([{ source: 'file', label: '/k', fingerprint: 'SHA256:k' }], [], 'refused'),
    });
    const l2 = servers('down', 'key');
    expect((await run(c2, { ssh: l2[0], servers: l2 })).code).toBe(1);
  });

  it('at most --parallel servers connect at once, each over its own connection', async () => {
    const { connector, stats } = connectorByHost({ a: healthy, b: healthy, c: healthy, d: healthy, e: healthy });
    const list = servers('a', 'b', 'c', 'd', 'e');
    const r = await run(connector, { ssh: list[0], servers: list, parallel: 2 });
    expect(stats.maxActive).toBe(2);
    expect(stats.hosts.sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(r.result.checks.filter((c) => c.id === 'server.pull' && c.status === 'pass')).toHaveLength(5);
  });

  it('twelve servers at once: no MaxListenersExceededWarning on the shared abort signal', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const hosts = Array.from({ length: 12 }, (_, i) => `s${i}`);
      const { connector } = connectorByHost(Object.fromEntries(hosts.map((h) => [h, healthy])));
      const list = servers(...hosts);
      await run(connector, { ssh: list[0], servers: list, parallel: 12 });
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });

  it('one server too: its checks and findings name it, and target.servers lists it', async () => {
    const r = await run(connectorFor(notLoggedIn()));
    expect(reportTarget(r.result.context)).toMatchObject({ server: 'me@prod:22', servers: ['me@prod:22'] });
    expect(r.result.findings.length).toBeGreaterThan(0);
    expect(r.result.findings.every((f) => f.server === 'me@prod:22')).toBe(true);
    expect(r.result.checks.every((c) => c.server === 'me@prod:22')).toBe(true);
  });
});
