import { noSshPorts } from '../../helpers/ports.js';
import { describe, expect, it } from 'vitest';
import type { DiagnosisContext } from '../../../src/diagnosis/context.js';
import { Redactor } from '../../../src/engine/redact.js';
import { finding } from '../../../src/engine/findings.js';
import { fix } from '../../../src/engine/fixes.js';
import { parseImageRef } from '../../../src/ghcr/image-ref.js';
import type { ExecOptions, ExecResult, RemoteStat, SshSession } from '../../../src/ssh/connector.js';
import { ServerConnection, type ServerFacts } from '../../../src/checks/server-facts.js';
import { loginCommands, serverFixActions, serverTokenStores } from '../../../src/fixes/server-fixes.js';
import { writeRemoteSecretFile } from '../../../src/fixes/server-remote.js';
import { TokenRefusedError } from '../../../src/fixes/types.js';

const ENV = { apiUrl: 'https://api.github.com', target: 'deploy@203.0.113.7:22' };
const TOKEN = 'ghp_unitFixToken00000000000000000000000001';

/** Records the order of remote operations; files live in a map. */
class RecordingSession implements SshSession {
  log: string[] = [];
  files = new Map<string, { data: Buffer; mode: number }>();
  async exec(command: string, o: ExecOptions = {}): Promise<ExecResult> {
    this.log.push(`exec ${command}${o.stdin ? ' <stdin>' : ''}`);
    const cp = /^umask 077 && cp -p -- (\S+) (\S+) && chmod 600/.exec(command);
    if (cp) this.files.set(cp[2]!, { ...this.files.get(cp[1]!)!, mode: 0o600 });
    if (command === 'printf %s "$HOME"') return { code: 0, stdout: Buffer.from('/home/deploy'), stderr: Buffer.alloc(0) };
    if (command === 'id -u') return { code: 0, stdout: Buffer.from('1001\n'), stderr: Buffer.alloc(0) };
    return { code: 0, stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) };
  }
  async writeFileExclusive(path: string, data: Buffer, mode: number) {
    if (this.files.has(path)) throw new Error('EEXIST');
    this.log.push(`create ${path} mode ${mode.toString(8)}`);
    this.files.set(path, { data, mode });
  }
  async rename(from: string, to: string) {
    this.log.push(`rename ${from} -> ${to}`);
    this.files.set(to, this.files.get(from)!);
    this.files.delete(from);
  }
  async stat(path: string): Promise<RemoteStat | undefined> {
    const f = this.files.get(path);
    return f ? { mode: 0o100000 | f.mode, uid: 1001, size: f.data.length } : undefined;
  }
  async readFile(path: string) {
    return this.files.get(path)!.data;
  }
  close() {
    this.log.push('close');
  }
}

function context(session: RecordingSession): DiagnosisContext {
  const server: ServerFacts = {
    target: { alias: 'prod', hostName: '203.0.113.7', port: 22, user: 'deploy', identityFiles: [], fromConfig: [] },
    hostKeyFingerprint: 'SHA256:x',
    runtimes: ['podman', 'docker'],
    connection: new ServerConnection(undefined, async () => session),
  };
  return {
    inputs: {
      image: parseImageRef('ghcr.io/octocat/api:latest'),
      user: 'octocat',
      apiUrl: '',
      statusUrl: null,
      secretName: 'GHCR_TOKEN',
      probe: 'session',
      timeoutMs: 1000,
      strict: false,
      expectPublic: false,
      interactive: true,
    },
    io: { clock: { now: () => Date.parse('2026-11-30T00:00:00Z') } } as DiagnosisContext['io'],
    facts: { server },
    redactor: new Redactor(),
    ports: noSshPorts,
  };
}

describe('server fixes', () => {
  it('the token file is created 600 under a temp name, then renamed over; the old one is backed up first', async () => {
    const s = new RecordingSession();
    s.files.set('/home/deploy/.ghcr_token', { data: Buffer.from('old\r\n'), mode: 0o644 });
    const { backup } = await writeRemoteSecretFile(s, '/home/deploy/.ghcr_token', Buffer.from(`${TOKEN}\n`), Date.parse('2026-11-30T00:00:00Z'));
    expect(backup).toBe('/home/deploy/.ghcr_token.bak-2026-11-30T00-00-00-000Z');
    const create = s.log.findIndex((l) => l.startsWith('create /home/deploy/.ghcr_token.ghcr-doctor-') && l.endsWith('mode 600'));
    const rename = s.log.findIndex((l) => l.startsWith('rename /home/deploy/.ghcr_token.ghcr-doctor-'));
    const copy = s.log.findIndex((l) => l.includes('cp -p'));
    expect(copy).toBeGreaterThanOrEqual(0);
    expect(copy).toBeLessThan(create);
    expect(create).toBeLessThan(rename);
    expect(s.files.get('/home/deploy/.ghcr_token')).toEqual({ data: Buffer.from(`${TOKEN}\n`), mode: 0o600 });
    expect(s.files.get(backup!)!.data.toString()).toBe('old\r\n');
  });

  it('login commands read the token from stdin and podman writes the persistent authfile', () => {
    const podman = loginCommands('podman', 'ghcr.io', 'octocat', undefined).join('\n');
    expect(podman).toContain('--authfile "$HOME/.config/containers/auth.json"');
    expect(podman).toContain('--password-stdin');
    expect(podman).toMatch(/podman logout --authfile "\$\{XDG_RUNTIME_DIR/);
    expect(loginCommands('podman', 'ghcr.io', 'octocat', '/etc/app/auth.json').join('\n')).toContain('--authfile /etc/app/auth.json');
    expect(loginCommands('docker', 'ghcr.io', 'octocat', undefined)).toEqual(['docker login ghcr.io -u octocat --password-stdin']);
  });

  it('apply sends the token only on stdin; preview never shows it; the connection is closed', async () => {
    const s = new RecordingSession();
    const ctx = context(s);
    const f = finding('server.stored-token-invalid', 'server.credentials', {
      detail: 'x',
      fixes: [fix('server.write-token-file', ENV), fix('server.login-persistent', ENV, { commands: [] })],
    });
    const actions = serverFixActions(ctx, f);
    expect(actions.map((a) => a.id)).toEqual(['server.write-token-file', 'server.login-persistent']);
    const login = actions[1]!;
    expect(login.preview({ token: TOKEN }).join('\n')).not.toContain(TOKEN);
    await login.apply({ token: TOKEN }, AbortSignal.timeout(1000));
    expect(s.log.join('\n')).not.toContain(TOKEN);
    expect(s.log.filter((l) => l.endsWith('<stdin>'))).toHaveLength(2);
    expect(s.log.at(-1)).toBe('close');
    expect(ctx.redactor.redact(TOKEN)).toBe('ghp_****');
  });

  it("the server's words in a fix's error (login and backup failures) are escaped; a $HOME with control characters is refused, not written under", async () => {
    const evil = 'denied\r\n::warning::x\x1b]52;c;cHduZWQ=\x07';
    const hostile = (reply: (command: string) => Partial<ExecResult> | undefined) => {
      const s = new RecordingSession();
      const exec = s.exec.bind(s);
      s.exec = async (command, o) => {
        const r = reply(command);
        return r ? { code: 1, stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), ...r } : exec(command, o);
      };
      return s;
    };
    const control = new RegExp('[\\x00-\\x1f\\x7f-\\x9f]');
    const login = serverFixActions(
      context(hostile((c) => (c.includes('--password-stdin') ? { stderr: Buffer.from(`Error: ${evil}`) } : undefined))),
      finding('server.stored-token-invalid', 'server.credentials', { detail: 'x', fixes: [fix('server.login-persistent', ENV, { commands: [] })] }),
    )[0]!;
    const loginError = (await login.apply({ token: TOKEN }, AbortSignal.timeout(1000)).catch((e: Error) => e)) as Error;
    expect(loginError.message).toContain('\\x1b]52');
    expect(loginError.message).not.toMatch(control);

    const backupSession = hostile((c) => (c.startsWith('umask 077 && cp') ? { stderr: Buffer.from(`cp: ${evil}`) } : undefined));
    backupSession.files.set('/home/deploy/.ghcr_token', { data: Buffer.from('old'), mode: 0o644 });
    const backupError = (await writeRemoteSecretFile(backupSession, '/home/deploy/.ghcr_token', Buffer.from(TOKEN), 0).catch((e: Error) => e)) as Error;
    expect(backupError.message).not.toMatch(control);

    const homeSession = hostile((c) => (c === 'printf %s "$HOME"' ? { code: 0, stdout: Buffer.from('/home/deploy\x1b[2J') } : undefined));
    const [write] = serverFixActions(
      context(homeSession),
      finding('server.token-file-malformed', 'server.token-file', { detail: 'x', fixes: [fix('server.write-token-file', ENV)] }),
    );
    const homeError = (await write!.apply({ token: TOKEN }, AbortSignal.timeout(1000)).catch((e: Error) => e)) as Error;
    expect(homeError).toBeInstanceOf(Error);
    expect(homeError.message).not.toMatch(control);
    expect([...homeSession.files.keys()]).toEqual([]);
  });

  it('a login the registry refuses blames the token; a login that timed out does not (the pasted token is kept)', async () => {
    const failingLogin = (stderr: string) => {
      const s = new RecordingSession();
      const exec = s.exec.bind(s);
      s.exec = async (command, o) =>
        command.includes('--password-stdin') ? { code: 125, stdout: Buffer.alloc(0), stderr: Buffer.from(stderr) } : exec(command, o);
      const [login] = serverFixActions(
        context(s),
        finding('server.not-logged-in', 'server.credentials', { detail: 'x', fixes: [fix('server.login-persistent', ENV, { commands: [] })] }),
      );
      return login!.apply({ token: TOKEN }, AbortSignal.timeout(1000)).catch((e: Error) => e);
    };
    const refused = await failingLogin('Error: logging into "ghcr.io": invalid username/password: unauthorized');
    expect(refused).toBeInstanceOf(TokenRefusedError);
    expect((refused as Error).message).toContain('podman login failed');
    const timedOut = await failingLogin(
      'Error: authenticating creds for "ghcr.io": pinging container registry ghcr.io: Get "https://ghcr.io/v2/": dial tcp: i/o timeout',
    );
    expect(timedOut).toBeInstanceOf(Error);
    expect(timedOut).not.toBeInstanceOf(TokenRefusedError);
  });

  it('a new token is offered for ~/.ghcr_token on every deploy server of the run, each named by its USER@HOST:PORT', () => {
    const one = context(new RecordingSession());
    expect(serverTokenStores(one).map((s) => [s.server, s.action.title])).toEqual([
      [undefined, 'Store the new token in ~/.ghcr_token on deploy@prod:22 too (mode 600)'],
    ]);
    const on = (host: string): DiagnosisContext => {
      const ctx = context(new RecordingSession());
      const server = ctx.facts.server!;
      return { ...ctx, facts: { server: { ...server, target: { ...server.target, alias: host, hostName: host } } } };
    };
    const run = {
      ...one,
      servers: [
        { label: 'deploy@203.0.113.7:22', context: on('203.0.113.7') },
        { label: 'deploy@203.0.113.8:22', context: on('203.0.113.8') },
      ],
    };
    const stores = serverTokenStores(run);
    expect(stores.map((s) => s.server)).toEqual(['deploy@203.0.113.7:22', 'deploy@203.0.113.8:22']);
    expect(stores[1]!.action.title).toContain('on deploy@203.0.113.8:22 too');
    expect(stores[1]!.action.preview({}).join('\n')).toContain('deploy@203.0.113.8:22: create ~/.ghcr_token');
  });

  it('verify of the token file compares mode, owner and a content hash', async () => {
    const s = new RecordingSession();
    const [write] = serverFixActions(
      context(s),
      finding('server.token-file-malformed', 'server.token-file', { detail: 'x', fixes: [fix('server.write-token-file', ENV)] }),
    );
    await write!.apply({ token: TOKEN }, AbortSignal.timeout(1000));
    expect(await write!.verify({ token: TOKEN }, AbortSignal.timeout(1000))).toMatchObject({ ok: true });
    expect(await write!.verify({ token: `${TOKEN}x` }, AbortSignal.timeout(1000))).toMatchObject({ ok: false });
    s.files.get('/home/deploy/.ghcr_token')!.mode = 0o644;
    expect(await write!.verify({ token: TOKEN }, AbortSignal.timeout(1000))).toMatchObject({ ok: false });
  });

  it('no login fix for a pull that failed on the network, and none without a token', async () => {
    const ctx = context(new RecordingSession());
    expect(
      serverFixActions(
        ctx,
        finding('server.pull-failed', 'server.pull', { detail: 'x', evidence: { cause: 'network' }, fixes: [fix('server.enable-ntp', ENV)] }),
      ),
    ).toEqual([]);
    const [login] = serverFixActions(
      ctx,
      finding('server.not-logged-in', 'server.pull', { detail: 'x', fixes: [fix('server.login-persistent', ENV, { commands: [] })] }),
    );
    await expect(login!.apply({}, AbortSignal.timeout(1000))).rejects.toThrow(/token is needed/);
  });
});
