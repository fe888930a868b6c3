import { afterEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readFileSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseImageRef } from '../../src/ghcr/image-ref.js';
import { defaultPorts } from '../../src/diagnosis/ports.js';
import { DiagnosisSession } from '../../src/diagnosis/session.js';
import { Redactor } from '../../src/engine/redact.js';
import { nodeFileSystem } from '../../src/io/node-fs.js';
import { serverChecks } from '../../src/checks/server-checks.js';
import { serverFixActions } from '../../src/fixes/server-fixes.js';
import { testInputs } from '../helpers/inputs.js';
import type { Lab } from './harness.js';
import { authJson, serverWorld, useLabAndSshd } from './lab-and-sshd.js';
import { requireLab } from './require-lab.js';
import { diagnoseServer, requireSshd, writeAsUser, type LabSshd } from './sshd.js';

const labOk = requireLab(['podman']) && requireSshd();
const GOOD = 'ghp_labFixGoodClassicToken000000000000011';
const REVOKED = 'ghp_labFixRevokedClassicToken00000000012';
const WORLD = serverWorld(GOOD, REVOKED);

/** Samples every process's argv on the machine (the lab server is this machine) while `fn` runs. */
async function whileSamplingPs<T>(fn: () => Promise<T>): Promise<{ result: T; samples: string[] }> {
  const samples: string[] = [];
  let stop = false;
  const sampler = (async () => {
    while (!stop) {
      samples.push((await promisify(execFile)('ps', ['-eo', 'args'], { encoding: 'utf8', maxBuffer: 1 << 24 })).stdout);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  try {
    return { result: await fn(), samples };
  } finally {
    stop = true;
    await sampler;
  }
}

/** What the run saw, for an assertion message (a lab failure must say why). */
function explain(r: { checks: Array<{ id: string; status: string; summary: string }>; findings: Array<{ id: string }> }): string {
  return JSON.stringify({ checks: r.checks.map((c) => `${c.id} ${c.status} ${c.summary}`), findings: r.findings.map((f) => f.id) });
}

describe.skipIf(!labOk)('lab: server fixes applied over real SSH, verified by a real pull', () => {
  let lab: Lab;
  let sshd: LabSshd;
  let image: string;

  // As in the TUI, fixes are applied while the session that diagnosed is open; it closes after the test.
  const sessions: DiagnosisSession[] = [];
  afterEach(async () => {
    for (const s of sessions.splice(0)) await s.close();
  });

  async function diagnosed() {
    const redactor = new Redactor();
    const inputs = testInputs({
      image: parseImageRef(image),
      user: 'octocat',
      apiUrl: 'https://api.github.invalid',
      statusUrl: null,
      ssh: { user: sshd.user, host: sshd.host, port: sshd.port, source: '--ssh' },
      sshKey: sshd.clientKeyPath,
      knownHosts: sshd.knownHosts(),
    });
    const io = { fetch: lab.fetch, fs: nodeFileSystem, clock: { now: () => Date.now() }, env: {}, homedir: sshd.dir };
    const session = new DiagnosisSession({ inputs, io, redactor, ports: defaultPorts(), checks: serverChecks() });
    sessions.push(session);
    return { ...(await session.runAll(() => {})), context: session.context };
  }

  useLabAndSshd(WORLD, 'ghcrd-fixes', async (l, s) => {
    [lab, sshd] = [l, s];
    await lab.seedImage('octocat/api:latest');
    image = `${lab.registryHost}/octocat/api:latest`;
  });

  it('stale login → persistent login fix (token on stdin): the real pull then succeeds; the token never shows in ps', async () => {
    writeAsUser(sshd.user, join(sshd.runtimeDir, 'containers/auth.json'), authJson(lab.registryHost, 'octocat', REVOKED));
    const before = await diagnosed();
    const stale = before.findings.find((f) => f.id === 'server.stored-token-invalid')!;
    expect(stale, explain(before)).toBeDefined();
    const action = serverFixActions(before.context, stale).find((a) => a.id === 'server.login-persistent')!;
    expect(action.needs).toEqual(['token']);
    expect(action.preview({ token: GOOD }).join('\n')).not.toContain(GOOD);
    const { samples } = await whileSamplingPs(async () => {
      const applied = await action.apply({ token: GOOD }, AbortSignal.timeout(60_000));
      expect(applied.changed.join(' ')).toContain('.config/containers/auth.json');
      const verified = await action.verify({ token: GOOD }, AbortSignal.timeout(60_000));
      expect(verified).toMatchObject({ ok: true });
    });
    expect(samples.length).toBeGreaterThan(3);
    expect(samples.join('\n')).not.toContain(GOOD);
    // Persistent, and the stale tmpfs entry is gone.
    const persistent = readFileSync(join(sshd.home, '.config/containers/auth.json'), 'utf8');
    expect(Buffer.from(JSON.parse(persistent).auths[lab.registryHost].auth, 'base64').toString()).toBe(`octocat:${GOOD}`);
    expect(statSync(join(sshd.home, '.config/containers/auth.json')).mode & 0o777).toBe(0o600);
    const after = await diagnosed();
    expect(
      after.findings.map((f) => f.id),
      explain(after),
    ).toEqual([]);
  }, 180_000);

  it('token file 644 with CRLF → write-token-file fix: mode 600 from creation, backup kept, content verified', async () => {
    writeAsUser(sshd.user, join(sshd.home, '.config/containers/auth.json'), authJson(lab.registryHost, 'octocat', GOOD));
    writeAsUser(sshd.user, join(sshd.home, '.ghcr_token'), `${GOOD}\r\n`, 0o644);
    const before = await diagnosed();
    const malformed = before.findings.find((f) => f.id === 'server.token-file-malformed')!;
    expect(malformed, explain(before)).toBeDefined();
    const action = serverFixActions(before.context, malformed).find((a) => a.id === 'server.write-token-file')!;
    const { samples } = await whileSamplingPs(async () => {
      await action.apply({ token: GOOD }, AbortSignal.timeout(30_000));
    });
    expect(samples.join('\n')).not.toContain(GOOD);
    expect(await action.verify({ token: GOOD }, AbortSignal.timeout(30_000))).toMatchObject({ ok: true });
    const st = statSync(join(sshd.home, '.ghcr_token'));
    expect(st.mode & 0o777).toBe(0o600);
    expect(st.uid).toBe(sshd.uid);
    expect(readFileSync(join(sshd.home, '.ghcr_token'), 'utf8')).toBe(`${GOOD}\n`);
    const backups = readdirSync(sshd.home).filter((n) => n.startsWith('.ghcr_token.bak-'));
    expect(backups).toHaveLength(1);
    expect(statSync(join(sshd.home, backups[0]!)).mode & 0o777).toBe(0o600);
    expect(readdirSync(sshd.home).filter((n) => n.includes('ghcr-doctor') && n.endsWith('.tmp'))).toEqual([]);
    const after = await diagnosed();
    expect(
      after.findings.map((f) => f.id),
      explain(after),
    ).toEqual([]);
    // The pull verifies the whole chain: the server pulls with what it stores.
    expect(after.checks.find((c) => c.id === 'server.pull')!.status).toBe('pass');
  }, 180_000);

  it('not logged in → persistent login fix: the real pull succeeds', async () => {
    const before = await diagnosed();
    const notLoggedIn = before.findings.find((f) => f.id === 'server.not-logged-in')!;
    expect(notLoggedIn.severity).toBe('error');
    // The actions offered are the fixes the finding names: store the token file, and log in for good.
    const actions = serverFixActions(before.context, notLoggedIn);
    expect(actions.map((a) => a.id)).toEqual(notLoggedIn.fixes.map((x) => x.id));
    const login = actions.find((a) => a.id === 'server.login-persistent')!;
    await login.apply({ token: GOOD }, AbortSignal.timeout(60_000));
    expect(await login.verify({}, AbortSignal.timeout(60_000))).toMatchObject({ ok: true });
  }, 180_000);

  it('canary: a diagnosis with secrets stored on the server never prints them nor puts them in ps', async () => {
    writeAsUser(sshd.user, join(sshd.home, '.config/containers/auth.json'), authJson(lab.registryHost, 'octocat', REVOKED));
    writeAsUser(sshd.user, join(sshd.home, '.ghcr_token'), `${GOOD}\n`, 0o644);
    const { result: r, samples } = await whileSamplingPs(() =>
      diagnoseServer(sshd, { sshKey: sshd.clientKeyPath, knownHosts: sshd.knownHosts(), image: parseImageRef(image), fetch: lab.fetch }),
    );
    expect(r.ids).toContain('server.stored-token-invalid');
    for (const secret of [GOOD, REVOKED, Buffer.from(`octocat:${REVOKED}`).toString('base64')]) {
      expect(r.output).not.toContain(secret);
      expect(samples.join('\n')).not.toContain(secret);
    }
  }, 180_000);
});
