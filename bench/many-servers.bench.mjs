#!/usr/bin/env node
// Several deploy servers in one run: the lab's registry plus N real sshd instances, each with its own user
// and rootless podman, all logged in with a good token. Times the ssh.* / server.* checks (connect, audit,
// real pull) for one server and for eight at once (--parallel 8), in process, and prints wall(8) / wall(1).
// Target (met/MISS on the median of the runs; a report, never a test): 8 servers ≤ 1.5x one.
// Also the CPU each run burns, split by who burns it (from /proc: this process — the diagnosis and
// the lab's Node front — and its child processes: sshd with the sessions and podman it reaps, the
// docker-registry), and the wall time that CPU alone needs on this machine's cores: when that floor
// is near wall(8), the ratio is bound by the hardware, not by waiting in our code.
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
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

/** Clock ticks per second of /proc/PID/stat times (USER_HZ: 100 on Linux). */
const HZ = 100;
/**
 * CPU ms of this process's descendants, by command name: each one's own time plus that of the
 * children it has reaped (so podman and the SSH sessions show up in their sshd after they exit).
 */
function descendantsCpu() {
  const procs = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      const f = stat.slice(close + 2).split(' ');
      // Fields after the name: 0 state, 1 ppid, … 11 utime, 12 stime, 13 cutime, 14 cstime.
      procs.push({ pid: Number(d), ppid: Number(f[1]), name, ms: ((Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * 1000) / HZ });
    } catch {
      /* gone meanwhile */
    }
  }
  const mine = new Set([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of procs) if (!mine.has(p.pid) && mine.has(p.ppid)) grew = mine.add(p.pid) && true;
  }
  const by = {};
  for (const p of procs) if (p.pid !== process.pid && mine.has(p.pid)) by[p.name] = (by[p.name] ?? 0) + p.ms;
  return by;
}
/** CPU ms spent since `before`: this process, and its descendants by name. */
function cpuSince(before) {
  const own = process.cpuUsage(before.own);
  const now = descendantsCpu();
  const by = { 'this process': (own.user + own.system) / 1000 };
  for (const [name, ms] of Object.entries(now)) {
    const d = ms - (before.children[name] ?? 0);
    if (d > 0) by[name] = d;
  }
  return by;
}
/** CPU ms of the podman processes the wrapper noted since the last call (and forgets them), by subcommand. */
function podmanCpu(dir) {
  const by = {};
  for (const f of readdirSync(dir)) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      const m = /^(\S+) ([\d.]+) ([\d.]+)$/.exec(line.trim());
      if (m) by[`podman ${m[1]}`] = (by[`podman ${m[1]}`] ?? 0) + (Number(m[2]) + Number(m[3])) * 1000;
    }
    writeFileSync(join(dir, f), '');
  }
  return by;
}
const cpuMark = () => ({ own: process.cpuUsage(), children: descendantsCpu() });

const lab = await startLab({
  users: [{ login: 'octocat', id: 583231 }],
  orgs: [],
  tokens: [{ value: GOOD, owner: 'octocat', kind: 'classic', scopes: ['read:packages'], expiresAt: '2099-01-01T00:00:00Z' }],
  packages: [{ owner: 'octocat', name: 'api', visibility: 'private', repository: 'octocat/api' }],
  repos: [{ fullName: 'octocat/api', private: true }],
});
const sshds = [];
const home = mkdtempSync(join(tmpdir(), 'ghcr-bench-many-'));
const podmanLog = join(home, 'podman-cpu');
try {
  await lab.seedImage('octocat/api:latest');
  for (let i = 1; i <= SERVERS; i++) sshds.push(await startSshd({ user: `ghcrd-bench${i}` }));
  const pub = readFileSync(`${sshds[0].clientKeyPath}.pub`, 'utf8');
  const knownHosts = join(home, 'known_hosts');
  // podman runs in the SSH sessions, detached from anything this process could read times from:
  // on the deploy users' PATH, a wrapper notes each podman's CPU (with the children it waits for).
  const wrapDir = join(home, 'bin');
  mkdirSync(wrapDir);
  mkdirSync(podmanLog, { mode: 0o1777 });
  chmodSync(podmanLog, 0o1777);
  chmodSync(home, 0o755);
  writeFileSync(join(wrapDir, 'podman'), `#!/bin/sh\nexec /usr/bin/time -a -o ${podmanLog}/$(id -un) -f "$1 %U %S" /usr/bin/podman "$@"\n`, { mode: 0o755 });
  const sessionEnv = { PATH: `${wrapDir}:/usr/local/bin:/usr/bin:/bin` };
  for (const s of sshds) {
    s.setSessionEnv(sessionEnv);
    trustRegistryCa(s.home, s.user, lab.registryHost, lab.caFile);
    writeAsUser(s.user, join(s.home, '.config/containers/auth.json'), authJson(lab.registryHost, 'octocat', GOOD));
    if (s !== sshds[0])
      appendFileSync(join(s.dir, 'authorized_keys', s.user), `environment="XDG_RUNTIME_DIR=/run/user/${s.uid}",environment="PATH=${sessionEnv.PATH}" ${pub}`);
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
    const mark = cpuMark();
    const t0 = performance.now();
    const result = await diagnose(inputs, io, { listener: () => {}, redactor: new Redactor(), checks: serverChecks() });
    const wall = performance.now() - t0;
    // sshd adds a session's CPU (and that of the podman it ran) when it reaps it, just after the run.
    await new Promise((r) => setTimeout(r, 1000));
    cpuUse[count].push({ ...cpuSince(mark), ...podmanCpu(podmanLog) });
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

  const cpuUse = { 1: [], [SERVERS]: [] };
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
  const cores = cpus().length;
  for (const count of [1, SERVERS]) {
    const runs = cpuUse[count].slice(1); // the warm-up is not one of the timed runs
    const names = [...new Set(runs.flatMap((r) => Object.keys(r)))];
    const per = Object.fromEntries(names.map((n) => [n, median(runs.map((r) => r[n] ?? 0))]));
    const total = Object.values(per).reduce((a, b) => a + b, 0);
    const wall = median(count === 1 ? one : eight);
    console.log(
      `CPU, ${count} server${count > 1 ? 's' : ''}: ${Math.round(total)} ms (${Object.entries(per)
        .sort((a, b) => b[1] - a[1])
        .map(([n, ms]) => `${n} ${Math.round(ms)}`)
        .join(', ')}); on ${cores} cores that alone needs ≥ ${Math.round(total / cores)} ms of the ${Math.round(wall)} ms wall`,
    );
  }
  console.log(`wall(${SERVERS}) / wall(1) = ${ratio.toFixed(2)} (target ≤ ${TARGET}): ${ratio <= TARGET ? 'met' : 'MISS'}`);
} finally {
  for (const s of sshds) await s.stop();
  await lab.stop();
  rmSync(home, { recursive: true, force: true });
}
