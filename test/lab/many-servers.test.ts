import { describe, expect, it } from 'vitest';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { diagnose, reportTarget } from '../../src/diagnosis/diagnose.js';
import { Redactor } from '../../src/engine/redact.js';
import { exitCodeFor } from '../../src/engine/outcome.js';
import type { EngineEvent } from '../../src/engine/types.js';
import { parseImageRef } from '../../src/ghcr/image-ref.js';
import { nodeFileSystem } from '../../src/io/node-fs.js';
import { serverChecks } from '../../src/checks/server-checks.js';
import { testInputs } from '../helpers/inputs.js';
import { parseHostKeyPins, type HostKeyPin } from '../../src/ssh/host-key-pins.js';
import type { Lab } from './harness.js';
import { authJson, serverWorld, useLabAndSshd } from './lab-and-sshd.js';
import { requireLab } from './require-lab.js';
import { requireSshd, startSshd, trustRegistryCa, writeAsUser, type LabSshd } from './sshd.js';

const labOk = requireLab(['podman']) && requireSshd();

const GOOD = 'ghp_labManyServersGoodClassicToken00001';
const REVOKED = 'ghp_labManyServersRevokedClassicToken02';

const WORLD = serverWorld(GOOD, REVOKED);

/** A port that accepts TCP and never says a word of SSH (a hung sshd, a tarpit). */
async function silentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

/**
 * Several real deploy servers in one run (own sshd, own user, real rootless podman each; never the shared
 * `deploy` user): healthy, not logged in, a revoked stored token, a closed port, and a port that accepts
 * TCP and never speaks SSH. Every finding must name its server, and no server may hide or hold up another.
 */
describe.skipIf(!labOk)('lab: many deploy servers in one run', () => {
  let lab: Lab;
  let healthy: LabSshd;
  let others: LabSshd[] = [];
  let silent: Awaited<ReturnType<typeof silentServer>>;
  let closed: number;

  useLabAndSshd(
    WORLD,
    'ghcrd-many1',
    async (l, s) => {
      [lab, healthy] = [l, s];
      await lab.seedImage('octocat/api:latest');
      others = [await startSshd({ user: 'ghcrd-many2' }), await startSshd({ user: 'ghcrd-many3' })];
      // One deploy key for every server, as a fleet has: the first server's client key is authorized on all.
      const pub = readFileSync(`${healthy.clientKeyPath}.pub`, 'utf8');
      for (const o of others) {
        trustRegistryCa(o.home, o.user, lab.registryHost, lab.caFile);
        appendFileSync(join(o.dir, 'authorized_keys', o.user), pub);
      }
      silent = await silentServer();
      closed = await closedPort();
    },
    180_000,
  );
  afterAll(async () => {
    await silent?.close();
    for (const o of others) await o.stop();
  });

  it('each finding names its server; a closed and a silent server end in their own ssh.unreachable and hold up no other', async () => {
    const [notLoggedIn, revoked] = others as [LabSshd, LabSshd];
    writeAsUser(healthy.user, join(healthy.home, '.config/containers/auth.json'), authJson(lab.registryHost, 'octocat', GOOD));
    writeAsUser(revoked.user, join(revoked.home, '.config/containers/auth.json'), authJson(lab.registryHost, 'octocat', REVOKED));
    const knownHosts = join(healthy.dir, 'known_hosts.many');
    appendFileSync(knownHosts, [healthy, ...others].map((s) => readFileSync(s.knownHosts(), 'utf8')).join(''));
    const target = (user: string, port: number) => ({ user, host: '127.0.0.1', port, source: '--ssh' });
    const servers = [
      target('ghcrd-many1', silent.port),
      target(healthy.user, healthy.port),
      target(notLoggedIn.user, notLoggedIn.port),
      target(revoked.user, revoked.port),
      target('ghcrd-many1', closed),
    ];
    const label = (s: { user: string; port: number }) => `${s.user}@127.0.0.1:${s.port}`;
    const home = await mkdtemp(join(tmpdir(), 'ghcr-many-home-'));
    const events: EngineEvent[] = [];
    const redactor = new Redactor();
    try {
      const result = await diagnose(
        testInputs({
          apiUrl: 'https://api.github.invalid',
          statusUrl: null,
          image: parseImageRef(`${lab.registryHost}/octocat/api:latest`),
          ssh: servers[0],
          servers,
          sshKey: healthy.clientKeyPath,
          knownHosts,
          timeoutMs: 16_000,
        }),
        { fetch: lab.fetch, fs: nodeFileSystem, clock: { now: () => Date.now() }, env: {}, homedir: home },
        { listener: (e) => events.push(e), redactor, checks: serverChecks() },
      );
      const labels = servers.map(label);
      expect(reportTarget(result.context)).toMatchObject({ server: labels[0], servers: labels });
      for (const c of result.checks) expect(labels, c.id).toContain(c.server);
      for (const f of result.findings) expect(labels, f.id).toContain(f.server);
      const ids = (s: { user: string; port: number }) => result.findings.filter((f) => f.server === label(s)).map((f) => f.id);
      const check = (s: { user: string; port: number }, id: string) => result.checks.find((c) => c.server === label(s) && c.id === id)!;

      expect(ids(healthy)).toEqual([]);
      expect(check(healthy, 'server.pull').status).toBe('pass');
      expect(ids(notLoggedIn)).toContain('server.not-logged-in');
      expect(ids(notLoggedIn)).not.toContain('server.stored-token-invalid');
      expect(ids(revoked)).toContain('server.stored-token-invalid');
      expect(ids(revoked)).not.toContain('server.not-logged-in');
      expect(result.findings.filter((f) => f.server === label(servers[4]!)).map((f) => [f.id, f.evidence.kind])).toEqual([['ssh.unreachable', 'refused']]);
      expect(result.findings.filter((f) => f.server === label(servers[0]!)).map((f) => [f.id, f.evidence.kind])).toEqual([['ssh.unreachable', 'timeout']]);
      expect(exitCodeFor(result.findings)).toBe(1);

      // Not held up: every real server was connected and auditing before the silent one gave up its connect
      // (event order, not a stopwatch: a connect to a local sshd against a 12 s connect timeout).
      type Server = { user: string; port: number };
      const startOf = (s: Server, id: string) => events.findIndex((e) => e.type === 'check:start' && e.id === id && e.server === label(s));
      const doneOf = (s: Server, id: string) => events.findIndex((e) => e.type === 'check:done' && e.check.id === id && e.check.server === label(s));
      const silentGaveUp = doneOf(servers[0]!, 'ssh.connect');
      expect(silentGaveUp).toBeGreaterThan(-1);
      for (const s of [healthy, notLoggedIn, revoked]) {
        const auditing = startOf(s, 'server.runtime');
        expect(auditing, label(s)).toBeGreaterThan(-1);
        expect(auditing, label(s)).toBeLessThan(silentGaveUp);
      }
      const shown = redactor.redact(JSON.stringify({ checks: result.checks, findings: result.findings }));
      for (const t of [GOOD, REVOKED]) expect(shown).not.toContain(t);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }, 120_000);

  it('--host-key per server (HOST:PORT=…): each pinned server is trusted by its pin; a wrong pin stops that server only', async () => {
    const [second, third] = others as [LabSshd, LabSshd];
    writeAsUser(healthy.user, join(healthy.home, '.config/containers/auth.json'), authJson(lab.registryHost, 'octocat', GOOD));
    const home = await mkdtemp(join(tmpdir(), 'ghcr-many-pins-'));
    // No known_hosts entry at all: only the pins can vouch for a key.
    const knownHosts = join(home, 'known_hosts');
    writeFileSync(knownHosts, '');
    const wrong = `SHA256:${'A'.repeat(43)}`;
    const pins = parseHostKeyPins(
      [`127.0.0.1:${healthy.port}=${healthy.hostKeyFingerprint}`, `127.0.0.1:${second.port}=${second.hostKeyFingerprint}`, `127.0.0.1:${third.port}=${wrong}`],
      '--host-key',
    ) as HostKeyPin[];
    const servers = [healthy, second, third].map((s) => ({ user: s.user, host: '127.0.0.1', port: s.port, source: '--ssh' }));
    const label = (s: LabSshd) => `${s.user}@127.0.0.1:${s.port}`;
    try {
      const result = await diagnose(
        testInputs({
          apiUrl: 'https://api.github.invalid',
          statusUrl: null,
          image: parseImageRef(`${lab.registryHost}/octocat/api:latest`),
          ssh: servers[0],
          servers,
          sshKey: healthy.clientKeyPath,
          knownHosts,
          hostKeyPins: pins,
          timeoutMs: 16_000,
        }),
        { fetch: lab.fetch, fs: nodeFileSystem, clock: { now: () => Date.now() }, env: {}, homedir: home },
        { listener: () => undefined, redactor: new Redactor(), checks: serverChecks() },
      );
      const connect = (s: LabSshd) => result.checks.find((c) => c.id === 'ssh.connect' && c.server === label(s))!;
      for (const s of [healthy, second]) {
        expect(connect(s).status, connect(s).summary).toBe('pass');
        expect(connect(s).summary).toContain('--host-key pin');
      }
      expect(result.findings.filter((f) => f.server === label(third)).map((f) => f.id)).toEqual(['ssh.host-key-mismatch']);
      expect(result.findings.filter((f) => f.id.startsWith('ssh.') && f.server !== label(third))).toEqual([]);
      expect(result.checks.find((c) => c.id === 'server.pull' && c.server === label(healthy))!.status).toBe('pass');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }, 120_000);
});
