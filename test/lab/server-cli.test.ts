import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Ajv } from 'ajv';
import { runCli } from '../cli/diagnose-harness.js';
import { ensureBuilt } from '../helpers/built-cli.js';
import type { Lab } from './harness.js';
import { authJson, useLabAndSshd } from './lab-and-sshd.js';
import { requireLab } from './require-lab.js';
import { requireSshd, writeAsUser, type LabSshd } from './sshd.js';

const labOk = requireLab(['podman']) && requireSshd();
const GOOD = 'ghp_labCliGoodClassicToken0000000000000021';
const STALE = 'ghp_labCliRevokedClassicToken00000000022';
const WORLD = {
  users: [{ login: 'octocat', id: 583231 }],
  orgs: [],
  tokens: [
    { value: GOOD, owner: 'octocat', kind: 'classic', scopes: ['read:packages', 'write:packages'], expiresAt: '2099-01-01T00:00:00Z' },
    { value: STALE, owner: 'octocat', kind: 'classic', scopes: ['read:packages'], revoked: true },
  ],
  packages: [{ owner: 'octocat', name: 'api', visibility: 'private', repository: 'octocat/api' }],
  repos: [{ fullName: 'octocat/api', private: true }],
};

/** The built CLI, end to end: --ci --json with --ssh against the lab registry and the real sshd. */
describe.skipIf(!labOk)('lab: ghcr-doctor --ci --ssh (built CLI)', () => {
  let lab: Lab;
  let sshd: LabSshd;
  let cwd: string;
  const validate = new Ajv({ strict: false }).compile(JSON.parse(readFileSync(new URL('../../schema/report.v1.json', import.meta.url), 'utf8')) as object);

  const cli = async (extra: string[] = []) => {
    const args = [
      '--ci',
      '--json',
      '--no-status',
      '--image',
      `${lab.registryHost}/octocat/api:latest`,
      '--ssh',
      `${sshd.user}@127.0.0.1:${sshd.port}`,
      '--ssh-key',
      sshd.clientKeyPath,
      '--known-hosts',
      sshd.knownHosts({ hashed: true }),
      '--token-stdin',
      ...extra,
    ];
    const ps: string[] = [];
    let done = false;
    const sampler = (async () => {
      while (!done) {
        ps.push((await promisify(execFile)('ps', ['-eo', 'args'], { encoding: 'utf8', maxBuffer: 1 << 24 })).stdout);
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const r = await runCli(args, { cwd, env: { ...lab.env }, stdin: `${GOOD}\n`, killAfterMs: 90_000 });
    done = true;
    await sampler;
    return {
      ...r,
      ps: ps.join('\n'),
      report: JSON.parse(r.stdout) as { target: { server: string }; findings: Array<{ id: string; evidence: Record<string, unknown> }>; exitCode: number },
    };
  };

  beforeAll(() => {
    ensureBuilt();
    cwd = mkdtempSync(join(tmpdir(), 'ghcr-cli-cwd-'));
  }, 180_000);
  useLabAndSshd(WORLD, 'ghcrd-cli', async (l, s) => {
    [lab, sshd] = [l, s];
    await lab.seedImage('octocat/api:latest');
  });
  afterAll(() => {
    if (cwd) rmSync(cwd, { recursive: true, force: true });
  });

  it('healthy server: no server finding, target.server USER@HOST:PORT, the process exits promptly', async () => {
    writeAsUser(sshd.user, join(sshd.home, '.config/containers/auth.json'), authJson(lab.registryHost, 'octocat', GOOD));
    const r = await cli();
    expect(validate(r.report), JSON.stringify(validate.errors)).toBe(true);
    expect(r.report.target.server).toBe(`${sshd.user}@127.0.0.1:${sshd.port}`);
    expect(r.report.findings.filter((f) => /^(ssh|server)\./.test(f.id))).toEqual([]);
    expect(r.code).not.toBeNull(); // not killed
    expect(r.lingerMs).toBeLessThan(4000); // the SSH connection does not keep the process alive after the report
    expect(r.stdout + r.stderr + r.ps).not.toContain(GOOD);
  }, 120_000);

  it("the seed runbook's server (stale login): exit 1 with server.stored-token-invalid then server.pull-failed bearer-token-403", async () => {
    writeAsUser(sshd.user, join(sshd.home, '.config/containers/auth.json'), authJson(lab.registryHost, 'octocat', STALE));
    const r = await cli();
    expect(r.code).toBe(1);
    const ids = r.report.findings.map((f) => f.id).filter((id) => id.startsWith('server.'));
    expect(ids).toEqual(['server.stored-token-invalid', 'server.pull-failed']);
    expect(r.report.findings.find((f) => f.id === 'server.pull-failed')!.evidence).toMatchObject({ runtime: 'podman', cause: 'bearer-token-403' });
    for (const secret of [GOOD, STALE]) expect(r.stdout + r.stderr + r.ps).not.toContain(secret);
  }, 120_000);
});
