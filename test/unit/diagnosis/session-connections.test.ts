import { describe, expect, it } from 'vitest';
import { sshConnectCheck } from '../../../src/checks/ssh-connect.js';
import { serverSession } from '../../../src/checks/server-facts.js';
import type { DiagnosisContext } from '../../../src/diagnosis/context.js';
import type { RunPrompts } from '../../../src/diagnosis/ports.js';
import { DiagnosisSession } from '../../../src/diagnosis/session.js';
import { Redactor } from '../../../src/engine/redact.js';
import type { Check, CheckRecord } from '../../../src/engine/types.js';
import type { FileSystem, Io } from '../../../src/io/types.js';
import type { ConnectRequest, SshConnector, SshSession } from '../../../src/ssh/connector.js';
import { testInputs } from '../../helpers/inputs.js';

/** Counts every connection it hands out and every close; `hold` keeps the next connects pending until released. */
class CountingConnector implements SshConnector {
  opened = 0;
  closed = 0;
  private held: Array<() => void> = [];
  hold = false;

  get open(): number {
    return this.opened - this.closed;
  }

  async connect(request: ConnectRequest) {
    await request.askPassphrase?.('/home/me/.ssh/id_ed25519');
    if (this.hold) await new Promise<void>((release) => this.held.push(release));
    this.opened++;
    let done = false;
    const session: SshSession = {
      exec: async () => ({ code: 0, stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) }),
      writeFileExclusive: async () => {},
      rename: async () => {},
      stat: async () => undefined,
      readFile: async () => Buffer.alloc(0),
      close: () => {
        if (!done) this.closed++;
        done = true;
      },
    };
    return { session, hostKeyFingerprint: 'SHA256:fake', trustedBy: 'known_hosts line 1', authenticatedWith: { source: 'file' as const, label: '/k' } };
  }

  release(): void {
    for (const r of this.held.splice(0)) r();
  }
}

const noFiles = {
  readFile: async () => {
    throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
  },
} as unknown as FileSystem;
const io: Io = {
  fetch: async () => new Response(null, { status: 500 }),
  fs: noFiles,
  clock: { now: () => Date.now() },
  env: { USER: 'me' },
  homedir: '/home/me',
};

/** A server check that uses the connection and then a second one (as a fix does), closing neither. */
const leaving: Check<DiagnosisContext> = {
  id: 'server.leave',
  title: 'leaves connections open',
  dependsOn: ['ssh.connect'],
  timeoutMs: 5_000,
  async run(ctx, signal) {
    await serverSession(ctx, signal);
    await ctx.facts.server!.connection.reconnect(signal);
    return { status: 'pass', summary: 'two connections left open' };
  },
};

/** A server check that waits until the run is stopped (Ctrl-C or the overall deadline). */
const hanging: Check<DiagnosisContext> = {
  id: 'server.hang',
  title: 'waits forever',
  dependsOn: ['ssh.connect'],
  timeoutMs: 60_000,
  run: (_ctx, signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
};

const twoServers = (over: Parameters<typeof testInputs>[0] = {}) =>
  testInputs({
    statusUrl: null,
    ssh: { host: 'a.example', source: '--ssh' },
    servers: [
      { host: 'a.example', source: '--ssh' },
      { host: 'b.example', source: '--ssh' },
    ],
    ...over,
  });

function session(
  connector: SshConnector,
  checks: Array<Check<DiagnosisContext>>,
  over: Parameters<typeof testInputs>[0] = {},
  signal?: AbortSignal,
  prompts?: RunPrompts,
) {
  return new DiagnosisSession({ inputs: twoServers(over), io, redactor: new Redactor(), ports: { ssh: connector, prompts }, checks, signal });
}

describe('DiagnosisSession owns every SSH connection it opened', () => {
  it('on success: each server run closes what its checks left open; re-checks reconnect and close again; close() leaves none', async () => {
    const connector = new CountingConnector();
    const s = session(connector, [sshConnectCheck, leaving]);
    const all = await s.runAll(() => {});
    expect(all.checks.filter((c) => c.id === 'server.leave').map((c) => [c.server, c.status])).toEqual([
      ['me@a.example:22', 'pass'],
      ['me@b.example:22', 'pass'],
    ]);
    expect(connector.opened).toBe(4);
    expect(connector.open).toBe(0);
    // A re-check on one server: ssh.connect replays, the check reconnects (twice) and the run closes both.
    await s.runSubset(['server.leave'], () => {}, { servers: ['me@b.example:22'] });
    expect(connector.opened).toBe(6);
    expect(connector.open).toBe(0);
    await s.close();
    expect(connector.open).toBe(0);
  });

  it('an encrypted key: its passphrase is asked once per server, not again by the reconnects of re-checks', async () => {
    const connector = new CountingConnector();
    const asked: string[] = [];
    const prompts: RunPrompts = { askPassphrase: async (label) => (asked.push(label), 'correct horse') };
    const s = session(connector, [sshConnectCheck, leaving], { interactive: true, servers: [{ host: 'a.example', source: '--ssh' }] }, undefined, prompts);
    await s.runAll(() => {});
    await s.runSubset(['server.leave'], () => {});
    expect(connector.opened).toBe(4);
    expect(asked).toEqual(['/home/me/.ssh/id_ed25519']);
    await s.close();
  });

  it('a fix that opens a connection after the run (server.connection.reconnect) has it closed by close()', async () => {
    const connector = new CountingConnector();
    const s = session(connector, [sshConnectCheck]);
    await s.runAll(() => {});
    const server = s.context.servers![0]!.context.facts.server!;
    await server.connection.reconnect();
    expect(connector.open).toBe(1);
    await s.close();
    expect(connector.open).toBe(0);
  });

  it('on Ctrl-C: the stopped run closes its connections, and one still connecting is closed when it arrives', async () => {
    const connector = new CountingConnector();
    const ctrlC = new AbortController();
    const records: CheckRecord[] = [];
    const s = session(connector, [sshConnectCheck, hanging], { parallel: 2 }, ctrlC.signal);
    const started = new Promise<void>((resolve) => {
      const run = s.runAll((e) => {
        if (e.type === 'check:start' && e.id === 'server.hang') resolve();
        if (e.type === 'check:done') records.push(e.check);
      });
      void run;
    });
    await started;
    // One more connection is under way (a fix's reconnect) when Ctrl-C comes.
    connector.hold = true;
    const late = s.context.servers![1]!.context.ports.ssh.connect({} as never).catch((e: Error) => e.message);
    ctrlC.abort(new Error('ctrl-c'));
    await s.settled();
    expect(records.filter((r) => r.id === 'server.hang').map((r) => r.summary)).toEqual(['cancelled', 'cancelled']);
    expect(connector.open).toBe(0);
    await s.close();
    connector.release();
    expect(await late).toBe('the diagnosis ended while connecting');
    expect(connector.opened).toBe(3);
    expect(connector.open).toBe(0);
  });

  it('on the overall --timeout: the run ends and its connections are closed', async () => {
    const connector = new CountingConnector();
    const s = session(connector, [sshConnectCheck, hanging], { timeoutMs: 300 });
    const result = await s.runAll(() => {});
    expect(result.checks.filter((c) => c.id === 'server.hang').map((c) => c.summary)).toEqual([
      'timed out: the overall time budget ran out',
      'timed out: the overall time budget ran out',
    ]);
    expect(connector.opened).toBe(2);
    expect(connector.open).toBe(0);
    await s.close();
  });
});
