import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { diagnoseServer, fingerprintOf, requireSshd, startSshd, type LabSshd } from './sshd.js';

/** Real sshd on 127.0.0.1: host trust, authentication and reachability as ghcr-doctor sees them. */
describe.skipIf(!requireSshd())('lab: SSH to the deploy server', () => {
  let sshd: LabSshd;
  beforeAll(async () => {
    sshd = await startSshd({ user: 'ghcrd-ssh' });
  }, 30_000);
  afterAll(async () => sshd?.stop());

  const authAttempts = () =>
    sshd
      .log()
      .split('\n')
      .filter((l) => /Accepted publickey|Failed publickey|Postponed publickey|userauth|not allowed|Invalid user|Connection closed by authenticating/i.test(l));

  it('connects with a hashed [host]:port known_hosts entry and audits the server (no false alarm)', async () => {
    const r = await diagnoseServer(sshd, { sshKey: sshd.clientKeyPath, knownHosts: sshd.knownHosts({ hashed: true }) });
    expect(r.checks['ssh.connect']!.status).toBe('pass');
    expect(r.checks['ssh.connect']!.summary).toContain(sshd.hostKeyFingerprint);
    expect(r.checks['server.runtime']!.status).toBe('pass');
    expect(r.checks['server.runtime']!.summary).toMatch(/podman version/);
    expect(r.ids.filter((id) => id.startsWith('ssh.'))).toEqual([]);
    expect(r.code).toBe(0);
  }, 30_000);

  it('a --host-key pin that matches is enough, without known_hosts', async () => {
    const r = await diagnoseServer(sshd, { sshKey: sshd.clientKeyPath, hostKey: sshd.hostKeyFingerprint });
    expect(r.checks['ssh.connect']!.status).toBe('pass');
  }, 30_000);

  it('unknown host key: ssh.host-key-unknown with the fingerprint, no user authentication attempted', async () => {
    const before = authAttempts().length;
    const r = await diagnoseServer(sshd, { sshKey: sshd.clientKeyPath });
    const f = r.byId('ssh.host-key-unknown');
    expect(f?.severity).toBe('error');
    expect(f?.evidence.fingerprint).toBe(sshd.hostKeyFingerprint);
    expect(r.ids.filter((id) => id.startsWith('server.'))).toEqual([]);
    expect(r.code).toBe(1);
    await new Promise((res) => setTimeout(res, 200));
    expect(authAttempts().slice(before)).toEqual([]);
  }, 30_000);

  it('changed host key (known_hosts has another key): ssh.host-key-mismatch with expected, no auth attempted', async () => {
    const otherLine = readFileSync(`${sshd.strangerKeyPath}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    const before = authAttempts().length;
    const r = await diagnoseServer(sshd, { sshKey: sshd.clientKeyPath, knownHosts: sshd.knownHosts({ keyLine: otherLine }) });
    const f = r.byId('ssh.host-key-mismatch');
    expect(f?.evidence.fingerprint).toBe(sshd.hostKeyFingerprint);
    expect(f?.evidence.expected).toBe(fingerprintOf(`${sshd.strangerKeyPath}.pub`));
    expect(r.ids.filter((id) => id.startsWith('server.'))).toEqual([]);
    await new Promise((res) => setTimeout(res, 200));
    expect(authAttempts().slice(before)).toEqual([]);
  }, 30_000);

  it('a changed key behind a hashed [host]:port entry is a mismatch too', async () => {
    const otherLine = readFileSync(`${sshd.strangerKeyPath}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    const r = await diagnoseServer(sshd, { sshKey: sshd.clientKeyPath, knownHosts: sshd.knownHosts({ hashed: true, keyLine: otherLine }) });
    expect(r.ids).toEqual(['ssh.host-key-mismatch']);
    expect(r.byId('ssh.host-key-mismatch')!.evidence.expected).toBe(fingerprintOf(`${sshd.strangerKeyPath}.pub`));
  }, 30_000);

  it('a pin that differs is a mismatch even when known_hosts trusts the key', async () => {
    const pin = fingerprintOf(`${sshd.strangerKeyPath}.pub`);
    const r = await diagnoseServer(sshd, { sshKey: sshd.clientKeyPath, knownHosts: sshd.knownHosts(), hostKey: pin });
    expect(r.byId('ssh.host-key-mismatch')?.evidence).toMatchObject({ fingerprint: sshd.hostKeyFingerprint, expected: pin });
  }, 30_000);

  it('wrong key: ssh.auth-failed lists the key offered by path and fingerprint, never its material', async () => {
    const r = await diagnoseServer(sshd, { sshKey: sshd.strangerKeyPath, knownHosts: sshd.knownHosts() });
    const f = r.byId('ssh.auth-failed');
    expect(f?.severity).toBe('error');
    expect(f?.evidence.offered).toEqual([{ source: 'file', key: sshd.strangerKeyPath, fingerprint: fingerprintOf(`${sshd.strangerKeyPath}.pub`) }]);
    expect(r.output).not.toContain('PRIVATE KEY');
    expect(r.ids.filter((id) => id.startsWith('server.'))).toEqual([]);
  }, 30_000);

  it('SERVER_SSH_KEY as key text (with literal \\n, as CI secrets are sometimes pasted) works', async () => {
    const text = readFileSync(sshd.clientKeyPath, 'utf8').trim().replace(/\n/g, '\\n');
    const r = await diagnoseServer(sshd, { sshKey: text, knownHosts: sshd.knownHosts() });
    expect(r.checks['ssh.connect']!.status).toBe('pass');
    expect(r.output).not.toContain(text.slice(40, 80));
  }, 30_000);

  it('encrypted key in --ci: ssh.auth-failed saying why it was skipped; interactive: the passphrase hook opens it', async () => {
    const { execFileSync } = await import('node:child_process');
    const { copyFileSync } = await import('node:fs');
    const enc = `${sshd.clientKeyPath}.encrypted`;
    copyFileSync(sshd.clientKeyPath, enc);
    execFileSync('ssh-keygen', ['-q', '-p', '-P', '', '-N', 'correct horse', '-f', enc]);
    const ci = await diagnoseServer(sshd, { sshKey: enc, knownHosts: sshd.knownHosts() });
    const f = ci.byId('ssh.auth-failed');
    expect(f?.evidence.offered).toEqual([]);
    expect(f?.evidence.skipped).toEqual([{ key: enc, reason: expect.stringContaining('--ci') }]);
    expect(ci.output).not.toContain('correct horse');
    const asked: string[] = [];
    const tty = await diagnoseServer(sshd, {
      sshKey: enc,
      knownHosts: sshd.knownHosts(),
      interactive: true,
      prompts: { askPassphrase: async (label) => (asked.push(label), 'correct horse') },
    });
    expect(asked).toEqual([enc]);
    expect(tty.checks['ssh.connect']!.status).toBe('pass');
  }, 30_000);

  it('interactive: an unknown host key is shown to the confirm hook; yes connects, no refuses before auth', async () => {
    const shown: string[] = [];
    const yes = await diagnoseServer(sshd, {
      sshKey: sshd.clientKeyPath,
      interactive: true,
      prompts: { confirmUnknownHostKey: async (fp) => (shown.push(fp), true) },
    });
    expect(shown).toEqual([sshd.hostKeyFingerprint]);
    expect(yes.checks['ssh.connect']!.summary).toContain('confirmed on screen');
    const no = await diagnoseServer(sshd, { sshKey: sshd.clientKeyPath, interactive: true, prompts: { confirmUnknownHostKey: async () => false } });
    expect(no.byId('ssh.host-key-unknown')?.evidence.fingerprint).toBe(sshd.hostKeyFingerprint);
    // --ci never asks, even with a hook supplied.
    const ci = await diagnoseServer(sshd, { sshKey: sshd.clientKeyPath, prompts: { confirmUnknownHostKey: async () => true } });
    expect(ci.ids).toEqual(['ssh.host-key-unknown']);
  }, 30_000);

  it('time spent answering the host-key prompt does not count against the network timeout', async () => {
    // --timeout 10 s gives the handshake 7.5 s of network time; the person takes 8 s to answer.
    const slow = await diagnoseServer(sshd, {
      sshKey: sshd.clientKeyPath,
      interactive: true,
      timeoutMs: 10_000,
      prompts: { confirmUnknownHostKey: () => new Promise((res) => setTimeout(() => res(true), 8_000)) },
    });
    expect(slow.checks['ssh.connect']!.status).toBe('pass');
  }, 30_000);

  it('ssh-agent (SSH_AUTH_SOCK) is used when no key is given; evidence names agent keys by fingerprint', async () => {
    const { execFileSync, spawn } = await import('node:child_process');
    const sock = `${sshd.dir}/agent.sock`;
    const agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 100; i++) {
        try {
          execFileSync('ssh-add', ['-l'], { env: { SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
          break;
        } catch (e) {
          if ((e as { status?: number }).status === 1) break; // agent up, no identities yet
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      execFileSync('ssh-add', [sshd.strangerKeyPath], { env: { SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
      const refused = await diagnoseServer(sshd, { knownHosts: sshd.knownHosts(), env: { SSH_AUTH_SOCK: sock } });
      expect(refused.byId('ssh.auth-failed')?.evidence.offered).toEqual([
        { source: 'agent', key: expect.stringContaining('ssh-agent'), fingerprint: fingerprintOf(`${sshd.strangerKeyPath}.pub`) },
      ]);
      execFileSync('ssh-add', [sshd.clientKeyPath], { env: { SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
      const ok = await diagnoseServer(sshd, { knownHosts: sshd.knownHosts(), env: { SSH_AUTH_SOCK: sock } });
      expect(ok.checks['ssh.connect']!.status).toBe('pass');
    } finally {
      agent.kill();
    }
  }, 30_000);

  it('an agent with more wrong keys than MaxAuthTries: ssh.auth-failed (not unreachable)', async () => {
    const { execFileSync, spawn } = await import('node:child_process');
    const sock = `${sshd.dir}/agent-many.sock`;
    const agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 300));
      for (let i = 0; i < 8; i++) {
        const k = `${sshd.dir}/many_${i}`;
        execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', k]);
        execFileSync('ssh-add', ['-q', k], { env: { SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
      }
      const r = await diagnoseServer(sshd, { knownHosts: sshd.knownHosts(), env: { SSH_AUTH_SOCK: sock } });
      expect(r.ids).toEqual(['ssh.auth-failed']);
      expect((r.byId('ssh.auth-failed')!.evidence.offered as unknown[]).length).toBe(8);
    } finally {
      agent.kill();
    }
  }, 30_000);

  it('a name that does not resolve: ssh.unreachable kind dns', async () => {
    const r = await diagnoseServer({ host: 'deploy-server.invalid', port: 22, user: 'deploy' }, { sshKey: sshd.clientKeyPath, timeoutMs: 8_000 });
    expect(r.byId('ssh.unreachable')?.evidence.kind).toBe('dns');
  }, 30_000);

  it('unreachable port: ssh.unreachable kind refused, exit 3 (inconclusive), no server.* finding', async () => {
    const r = await diagnoseServer({ host: '127.0.0.1', port: 1, user: 'deploy' }, { sshKey: sshd.clientKeyPath, knownHosts: sshd.knownHosts() });
    expect(r.byId('ssh.unreachable')?.evidence).toMatchObject({ kind: 'refused', port: 1 });
    expect(r.ids).toEqual(['ssh.unreachable']);
    expect(r.code).toBe(3);
  }, 30_000);

  it('a port that never answers is a bounded timeout', async () => {
    const { createServer } = await import('node:net');
    const silent = createServer(() => {});
    await new Promise<void>((res) => silent.listen(0, '127.0.0.1', res));
    const port = (silent.address() as { port: number }).port;
    const r = await diagnoseServer(
      { host: '127.0.0.1', port, user: 'deploy' },
      { sshKey: sshd.clientKeyPath, knownHosts: sshd.knownHosts(), timeoutMs: 4_000 },
    );
    silent.close();
    expect(['timeout']).toContain(r.byId('ssh.unreachable')?.evidence.kind ?? r.checks['ssh.connect']!.summary);
    // Bounded by --timeout (3/4 of 4 s), not by the 15 s connect default: said by the finding, no stopwatch.
    expect(r.byId('ssh.unreachable')?.detail).toContain('no SSH handshake within 3 s');
  }, 30_000);
});
