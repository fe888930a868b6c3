import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The deploy-server half of the lab: a real OpenSSH sshd on 127.0.0.1 with its own host key, and a
 * real `deploy` user with rootless podman (vfs storage) that trusts the lab CA. Everything runs as
 * root (locally and in CI); the user is created with useradd when missing.
 */
export interface LabSshd {
  host: string;
  port: number;
  user: string;
  uid: number;
  home: string;
  /** The XDG_RUNTIME_DIR of the user (/run/user/UID), a tmpfs when the machine lets us mount one. */
  runtimeDir: string;
  runtimeDirIsTmpfs: boolean;
  /** `ssh-ed25519 AAAA…` and its SHA256 fingerprint. */
  hostKeyLine: string;
  hostKeyFingerprint: string;
  /** A private key (OpenSSH format, no passphrase) that authorized_keys accepts. */
  clientKeyPath: string;
  /** Another key the server does not know. */
  strangerKeyPath: string;
  dir: string;
  /** Writes a known_hosts file; `hashed` runs `ssh-keygen -H` on it. */
  knownHosts(opts?: { hashed?: boolean; keyLine?: string }): string;
  /** Environment for the deploy user's SSH sessions (authorized_keys `environment=`), e.g. PATH. */
  setSessionEnv(env: Record<string, string>): void;
  /** sshd's log (LogLevel VERBOSE): accepted/failed auth attempts. */
  log(): string;
  stop(): Promise<void>;
}

function sh(cmd: string, args: string[], opts: { input?: string } = {}): string {
  return execFileSync(cmd, args, { encoding: 'utf8', input: opts.input, stdio: ['pipe', 'pipe', 'pipe'] });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('sshd did not start listening');
}

export function fingerprintOf(pubFile: string): string {
  return sh('ssh-keygen', ['-lf', pubFile]).split(' ')[1]!;
}

/** Creates the user if missing, with subuid/subgid ranges, vfs storage and a tmpfs runtime dir. */
export function ensureDeployUser(user = 'deploy'): { uid: number; home: string; runtimeDir: string } {
  try {
    sh('id', ['-u', user]);
  } catch {
    // Lab files start in parallel and useradd locks /etc/passwd: retry briefly on a busy lock.
    for (let attempt = 0; ; attempt++) {
      try {
        sh('useradd', ['-m', '-s', '/bin/sh', user]);
        break;
      } catch (error) {
        if (attempt >= 20 || !/lock|try again/i.test(String((error as { stderr?: string }).stderr ?? error))) throw error;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
      }
    }
  }
  // useradd leaves the password field locked ("!"), and sshd refuses locked accounts even for keys.
  if (/^[^:]+:!/.test(sh('getent', ['shadow', user]))) sh('usermod', ['-p', '*', user]);
  const uid = Number(sh('id', ['-u', user]).trim());
  const home = sh('getent', ['passwd', user]).split(':')[5]!;
  for (const f of ['/etc/subuid', '/etc/subgid']) {
    const text = existsSync(f) ? readFileSync(f, 'utf8') : '';
    const lines = text.split('\n').filter(Boolean);
    if (lines.some((l) => l.startsWith(`${user}:`))) continue;
    // A range after every existing one: users must not share subordinate ids.
    const end = Math.max(
      100_000,
      ...lines
        .map((l) => l.split(':'))
        .map(([, start, count]) => Number(start) + Number(count))
        .filter(Number.isFinite),
    );
    writeFileSync(f, `${text}${text && !text.endsWith('\n') ? '\n' : ''}${user}:${end}:65536\n`);
  }
  const conf = join(home, '.config', 'containers');
  mkdirSync(conf, { recursive: true });
  writeFileSync(join(conf, 'storage.conf'), '[storage]\ndriver = "vfs"\n');
  const runtimeDir = `/run/user/${uid}`;
  mkdirSync(runtimeDir, { recursive: true });
  if (sh('stat', ['-f', '-c', '%T', runtimeDir]).trim() !== 'tmpfs') {
    try {
      sh('mount', ['-t', 'tmpfs', '-o', `mode=700,uid=${uid},gid=${uid}`, 'tmpfs', runtimeDir]);
    } catch {
      // A container without CAP_SYS_ADMIN: the dir stays on disk, and tests assert the non-tmpfs rule.
      chownSync(runtimeDir, uid, uid);
      chmodSync(runtimeDir, 0o700);
    }
  }
  sh('chown', ['-R', `${user}:`, join(home, '.config')]);
  return { uid, home, runtimeDir };
}

/** Trust the lab CA for the user's podman: ~/.config/containers/certs.d/HOST:PORT/ca.crt. */
export function trustRegistryCa(home: string, user: string, registryHost: string, caFile: string): void {
  const dir = join(home, '.config', 'containers', 'certs.d', registryHost);
  mkdirSync(dir, { recursive: true });
  copyFileSync(caFile, join(dir, 'ca.crt'));
  sh('chown', ['-R', `${user}:`, join(home, '.config')]);
}

/** Removes every credential and token file the audit looks at, and the user's pulled images. */
export function resetDeployUser(user: string, home: string, runtimeDir: string): void {
  const tokenFiles = readdirSync(home)
    .filter((n) => n.startsWith('.ghcr_token'))
    .map((n) => join(home, n)); // backups too
  for (const p of [
    ...tokenFiles,
    join(home, '.docker'),
    join(home, '.config', 'containers', 'auth.json'),
    join(runtimeDir, 'containers'),
    join(home, 'containers'),
  ]) {
    rmSync(p, { recursive: true, force: true });
  }
  try {
    sh('su', ['-s', '/bin/sh', user, '-c', `XDG_RUNTIME_DIR=${runtimeDir} podman rmi -a -f >/dev/null 2>&1; true`]);
  } catch {
    /* nothing to remove */
  }
}

/** Writes a file as the deploy user would have (owner, mode). */
export function writeAsUser(user: string, path: string, content: string | Buffer, mode = 0o600): void {
  const uid = Number(sh('id', ['-u', user]).trim());
  const gid = Number(sh('id', ['-g', user]).trim());
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  chmodSync(path, mode);
  chownSync(path, uid, gid);
  // Parent directories we created belong to the user too.
  let dir = join(path, '..');
  while (dir.length > 1 && !['/', '/home', '/run', '/run/user'].includes(dir)) {
    try {
      chownSync(dir, uid, gid);
    } catch {
      break;
    }
    if (dir.endsWith(`/${user}`) || /\/run\/user\/\d+$/.test(dir)) break;
    dir = join(dir, '..');
  }
}

/**
 * Each lab test file passes its own user (vitest runs files in parallel, and they must not share a
 * home); the user starts clean: no credential, token file or image.
 */
export async function startSshd(opts: { user?: string } = {}): Promise<LabSshd> {
  const user = opts.user ?? 'deploy';
  const { uid, home, runtimeDir } = ensureDeployUser(user);
  resetDeployUser(user, home, runtimeDir);
  const dir = mkdtempSync(join(tmpdir(), 'ghcr-sshd-'));
  chmodSync(dir, 0o755);
  const hostKey = join(dir, 'ssh_host_ed25519_key');
  sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', hostKey]);
  const clientKeyPath = join(dir, 'client_ed25519');
  sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'lab-client', '-f', clientKeyPath]);
  const strangerKeyPath = join(dir, 'stranger_ed25519');
  sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'stranger', '-f', strangerKeyPath]);
  const authDir = join(dir, 'authorized_keys');
  mkdirSync(authDir);
  const clientPub = readFileSync(`${clientKeyPath}.pub`, 'utf8').trim();
  let sessionEnv: Record<string, string> = { XDG_RUNTIME_DIR: runtimeDir };
  const writeAuthorized = () => {
    const env = Object.entries(sessionEnv)
      .map(([k, v]) => `environment="${k}=${v}"`)
      .join(',');
    writeFileSync(join(authDir, user), `${env ? `${env} ` : ''}${clientPub}\n`);
  };
  writeAuthorized();
  const port = await freePort();
  const logFile = join(dir, 'sshd.log');
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `ListenAddress 127.0.0.1`,
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${authDir}/%u`,
      'StrictModes no',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'PermitUserEnvironment yes',
      'PermitRootLogin no',
      'Subsystem sftp internal-sftp',
      'LogLevel VERBOSE',
      'MaxAuthTries 6',
      '',
    ].join('\n'),
  );
  mkdirSync('/run/sshd', { recursive: true });
  const child = spawn('/usr/sbin/sshd', ['-D', '-f', join(dir, 'sshd_config'), '-p', String(port), '-E', logFile], { stdio: 'ignore' });
  await waitForPort(port, child);
  const hostKeyLine = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
  return {
    host: '127.0.0.1',
    port,
    user,
    uid,
    home,
    runtimeDir,
    runtimeDirIsTmpfs: sh('stat', ['-f', '-c', '%T', runtimeDir]).trim() === 'tmpfs',
    hostKeyLine,
    hostKeyFingerprint: fingerprintOf(`${hostKey}.pub`),
    clientKeyPath,
    strangerKeyPath,
    dir,
    knownHosts(o = {}) {
      const file = join(dir, `known_hosts.${Math.random().toString(36).slice(2)}`);
      writeFileSync(file, `[127.0.0.1]:${port} ${o.keyLine ?? hostKeyLine}\n`);
      if (o.hashed) sh('ssh-keygen', ['-H', '-f', file]);
      return file;
    },
    setSessionEnv(env) {
      sessionEnv = { XDG_RUNTIME_DIR: runtimeDir, ...env };
      writeAuthorized();
    },
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ——— running the server checks against the lab ———

import { mkdtemp } from 'node:fs/promises';
import { diagnose } from '../../src/diagnosis/diagnose.js';
import type { DiagnosisInputs } from '../../src/diagnosis/inputs.js';
import { Redactor } from '../../src/engine/redact.js';
import { exitCodeFor } from '../../src/engine/outcome.js';
import type { Finding } from '../../src/engine/types.js';
import { nodeFileSystem } from '../../src/io/node-fs.js';
import type { FetchLike } from '../../src/io/types.js';
import { serverChecks } from '../../src/checks/server-checks.js';
import { defaultPorts, type RunPrompts } from '../../src/diagnosis/ports.js';
import { testInputs } from '../helpers/inputs.js';

export interface ServerRun {
  findings: Finding[];
  ids: string[];
  byId(id: string): Finding | undefined;
  checks: Record<string, { status: string; summary: string }>;
  code: number;
  /** Everything a user would see, redacted as the CLI does: check summaries and findings as JSON. */
  output: string;
  redactor: Redactor;
}

/** Runs ssh.connect and the server.* checks in-process (the real ssh2 connector; `prompts` as the TUI would answer). */
export async function diagnoseServer(
  sshd: Pick<LabSshd, 'host' | 'port' | 'user'>,
  over: Partial<DiagnosisInputs> & { fetch?: FetchLike; env?: Record<string, string>; prompts?: RunPrompts; secrets?: string[] } = {},
): Promise<ServerRun> {
  const { fetch, env, prompts, secrets, ...inputOver } = over;
  const home = await mkdtemp(join(tmpdir(), 'ghcr-client-home-'));
  const inputs = testInputs({
    apiUrl: 'https://api.github.invalid',
    statusUrl: null,
    ssh: { user: sshd.user, host: sshd.host, port: sshd.port, source: '--ssh' },
    ...inputOver,
  });
  const io = {
    fetch:
      fetch ??
      ((async () => {
        throw new Error('no registry in this test');
      }) as FetchLike),
    fs: nodeFileSystem,
    clock: { now: () => Date.now() },
    env: env ?? {},
    homedir: home,
  };
  const redactor = new Redactor();
  for (const s of secrets ?? []) redactor.addSecret(s);
  try {
    const result = await diagnose(inputs, io, { listener: () => {}, redactor, checks: serverChecks(), ports: { ...defaultPorts(), prompts } });
    const checks = Object.fromEntries(result.checks.map((c) => [c.id, { status: c.status, summary: c.summary }]));
    return {
      findings: result.findings,
      ids: result.findings.map((f) => f.id),
      byId: (id) => result.findings.find((f) => f.id === id),
      checks,
      code: exitCodeFor(result.findings),
      output: redactor.redact(JSON.stringify({ checks, findings: result.findings })),
      redactor,
    };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** sshd and ssh-keygen (scripts/install-lab.sh); missing tools skip loudly locally and fail under CI=true. */
export function requireSshd(): boolean {
  const missing = ['/usr/sbin/sshd', '/usr/bin/ssh-keygen'].filter((p) => !existsSync(p));
  if (missing.length === 0) return true;
  const msg = `SSHD LAB SKIPPED: missing ${missing.join(', ')} — run scripts/install-lab.sh (as root)`;
  if (process.env.CI === 'true') throw new Error(`${msg}. CI=true: a skipped lab is a failure.`);
  console.warn(msg);
  return false;
}
