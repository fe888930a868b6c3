#!/usr/bin/env node
// Several deploy servers in one run: the lab's registry plus N real sshd instances, each with its own user
// and rootless podman, all logged in with a good token. Times the ssh.* / server.* checks (connect, audit,
// real pull) for one server and for eight at once (--parallel 8), in process, and prints wall(8) / wall(1).
// Target (met/MISS on the median of the runs; a report, never a test): 8 servers ≤ 1.5x one.
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';

const SERVERS = 8;
const RUNS = 3;
const TARGET = 1.5;
const GOOD = 'ghp_benchManyServersGoodClassicToken0001';

const load = (p) => tsImport(p, import.meta.url);
const { startLab } = await load('../test/lab/harness.ts');
const { startSshd, trustRegistryCa, writeAsUser } = await load('../test/lab/sshd.ts');
const { diagnose } = await load('../src/diagnosis/diagnose.ts');
const { Redactor } = await load('../src/engine/redact.ts');
const { parseImageRef } = await load('../src/ghcr/image-ref.ts');
const { nodeFileSystem } = await load('../src/io/node-fs.ts');
const { serverChecks } = await load('../src/checks/server-checks.ts');
const { testInputs } = await load('../test/helpers/inputs.ts');

// As test/lab/lab-and-sshd.ts writes it (that file holds vitest hooks, which a bench cannot load).
const authJson = (host, user, token) => JSON.stringify({ auths: { [host]: { auth: Buffer.from(`${user}:${token}`).toString('base64') } } });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const lab = await startLab({
  users: [{ login: 'octocat', id: 583231 }],
  orgs: [],
  tokens: [{ value: GOOD, owner: 'octocat', kind: 'classic', scopes: ['read:packages'], expiresAt: '2099-01-01T00:00:00Z' }],
  packages: [{ owner: 'octocat', name: 'api', visibility: 'private', repository: 'octocat/api' }],
  repos: [{ fullName: 'octocat/api', private: true }],
});
const sshds = [];
const home = mkdtempSync(join(tmpdir(), 'ghcr-bench-many-'));
try {
  await lab.seedImage('octocat/api:latest');
  for (let i = 1; i <= SERVERS; i++) sshds.push(await startSshd({ user: `ghcrd-bench${i}` }));
  const pub = readFileSync(`${sshds[0].clientKeyPath}.pub`, 'utf8');
  const knownHosts = join(home, 'known_hosts');
  for (const s of sshds) {
    trustRegistryCa(s.home, s.user, lab.registryHost, lab.caFile);
    writeAsUser(s.user, join(s.home, '.config/containers/auth.json'), authJson(lab.registryHost, 'octocat', GOOD));
    appendFileSync(join(s.dir, 'authorized_keys', s.user), pub);
    // The host key line straight from the key file (LabSshd.hostKeyLine comes out garbled under tsx's loader).
    const [type, key] = readFileSync(join(s.dir, 'ssh_host_ed25519_key.pub'), 'utf8').trim().split(/\s+/);
    appendFileSync(knownHosts, `[${s.host}]:${s.port} ${type} ${key}\n`);
  }
  const image = parseImageRef(`${lab.registryHost}/octocat/api:latest`);
  const io = { fetch: lab.fetch, fs: nodeFileSystem, clock: { now: () => Date.now() }, env: {}, homedir: home };

  async function timeRun(count) {
    const servers = sshds.slice(0, count).map((s) => ({ user: s.user, host: s.host, port: s.port, source: '--ssh' }));
    const inputs = testInputs({
      apiUrl: 'https://api.github.invalid',
      statusUrl: null,
      image,
      ssh: servers[0],
      servers,
      sshKey: sshds[0].clientKeyPath,
      knownHosts,
      timeoutMs: 120_000,
      parallel: 8,
    });
    const t0 = performance.now();
    const result = await diagnose(inputs, io, { listener: () => {}, redactor: new Redactor(), checks: serverChecks() });
    const wall = performance.now() - t0;
    const pulls = result.checks.filter((c) => c.id === 'server.pull' && c.status === 'pass').length;
    if (pulls !== count || result.findings.length) {
      throw new Error(
        `expected ${count} healthy servers, got ${pulls} passing pulls and findings ${result.findings.map((f) => `${f.id}@${f.server}`).join(', ')}`,
      );
    }
    if (process.env.BENCH_DETAIL) {
      const by = {};
      for (const c of result.checks) (by[c.id] ??= []).push(c.durationMs);
      console.log(
        count,
        Object.entries(by)
          .map(([id, ms]) => `${id} ${Math.round(Math.min(...ms))}-${Math.round(Math.max(...ms))}`)
          .join(' | '),
      );
    }
    return wall;
  }

  await timeRun(1); // warm-up: podman's first start per user, the registry's first answers
  const one = [];
  const eight = [];
  for (let r = 0; r < RUNS; r++) {
    one.push(await timeRun(1));
    eight.push(await timeRun(SERVERS));
  }
  const ratio = median(eight) / median(one);
  console.log(`1 server:  ${one.map((ms) => `${Math.round(ms)} ms`).join(', ')} (median ${Math.round(median(one))} ms)`);
  console.log(`${SERVERS} servers: ${eight.map((ms) => `${Math.round(ms)} ms`).join(', ')} (median ${Math.round(median(eight))} ms)`);
  console.log(`wall(${SERVERS}) / wall(1) = ${ratio.toFixed(2)} (target ≤ ${TARGET}): ${ratio <= TARGET ? 'met' : 'MISS'}`);
} finally {
  for (const s of sshds) await s.stop();
  await lab.stop();
  rmSync(home, { recursive: true, force: true });
}
