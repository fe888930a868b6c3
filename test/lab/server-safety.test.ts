import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/diagnose-harness.js';
import { ensureBuilt } from '../helpers/built-cli.js';
import type { Lab } from './harness.js';
import { authJson, serverWorld, useLabAndSshd } from './lab-and-sshd.js';
import { requireLab } from './require-lab.js';
import { requireSshd, writeAsUser, type LabSshd } from './sshd.js';

const labOk = requireLab(['podman']) && requireSshd();
const GOOD = 'ghp_labTimeoutGoodClassicToken000000000031';
const REVOKED = 'ghp_labTimeoutRevokedClassicToken0000032';
const run = promisify(execFile);

/** The user's processes whose command line matches `pattern` (pgrep -f), as `PID ARGS` lines. */
async function processesOf(user: string, pattern: string): Promise<string> {
  try {
    return (await run('pgrep', ['-a', '-u', user, '-f', pattern], { encoding: 'utf8' })).stdout.trim();
  } catch {
    return ''; // pgrep exits 1 when nothing matches
  }
}

async function until(condition: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await condition()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return condition();
}

/**
 * A server command that prints without end is cut (a report, bounded memory). And `--ci --timeout`
 * while the server's pull is stuck on a slow blob download: the run ends on time, and the server is
 * left as it was: the pull does not live on (OpenSSH ignores the signal request; the pull script ends
 * it when its stdin ends) and no image is there. Before the pull script, the pull lived on until its
 * next progress line hit the closed pipe (a stuck download: as long as it stays stuck).
 */
describe.skipIf(!labOk)('lab: a deploy server that misbehaves', () => {
  let lab: Lab;
  let sshd: LabSshd;
  let cwd: string;
  let image: string;
  const podmanAs = async (args: string) => {
    try {
      await run('su', ['-s', '/bin/sh', sshd.user, '-c', `XDG_RUNTIME_DIR=${sshd.runtimeDir} podman ${args}`], { encoding: 'utf8' });
      return true;
    } catch {
      return false;
    }
  };

  beforeAll(() => {
    ensureBuilt();
    cwd = mkdtempSync(join(tmpdir(), 'ghcr-timeout-cwd-'));
  }, 180_000);
  useLabAndSshd(serverWorld(GOOD, REVOKED), 'ghcrd-timeout', async (l, s) => {
    [lab, sshd] = [l, s];
    await lab.seedImage('octocat/api:latest');
    image = `${lab.registryHost}/octocat/api:latest`;
  });
  afterEach(() => lab.delayBlobDownloads(0));
  afterAll(() => {
    if (cwd) rmSync(cwd, { recursive: true, force: true });
  });

  it('a ~/.ghcr_token that is a symlink to /dev/zero (endless output): a report that says the output was cut, bounded memory, the remote cat ended', async () => {
    writeAsUser(sshd.user, join(sshd.home, '.config/containers/auth.json'), authJson(lab.registryHost, 'octocat', GOOD));
    symlinkSync('/dev/zero', join(sshd.home, '.ghcr_token'));
    const hook = join(cwd, 'rss-hook.mjs');
    writeFileSync(hook, "process.on('exit', () => process.stderr.write(`\\nmaxRSS_KB=${process.resourceUsage().maxRSS}\\n`));\n");
    const r = await runCli(
      [
        '--ci',
        '--json',
        '--no-status',
        '--image',
        image,
        '--ssh',
        `${sshd.user}@127.0.0.1:${sshd.port}`,
        '--ssh-key',
        sshd.clientKeyPath,
        '--known-hosts',
        sshd.knownHosts(),
        '--token-stdin',
      ],
      { cwd, env: { ...lab.env, NODE_OPTIONS: `--import=${hook}` }, stdin: `${GOOD}\n`, killAfterMs: 60_000 },
    );
    const report = JSON.parse(r.stdout) as { checks: Array<{ id: string; status: string; summary: string }> };
    expect(report.checks.find((c) => c.id === 'server.token-file')).toMatchObject({
      status: 'error',
      summary: expect.stringMatching(/printed more than 4 MiB: stopped reading/),
    });
    // The rest of the server's checks ran on the same connection.
    expect(report.checks.find((c) => c.id === 'server.pull')!.status, r.stdout).toBe('pass');
    const maxRssKb = Number(/maxRSS_KB=(\d+)/.exec(r.stderr)?.[1]);
    expect(maxRssKb / 1024).toBeLessThan(200);
    expect(await until(async () => (await processesOf(sshd.user, '^cat ')) === '', 8_000), await processesOf(sshd.user, '^cat ')).toBe(true);
  }, 90_000);

  it('the run ends at --timeout (exit right after the report); no pull process remains (before: it lived on, stuck on the blob); the image is not there', async () => {
    writeAsUser(sshd.user, join(sshd.home, '.config/containers/auth.json'), authJson(lab.registryHost, 'octocat', GOOD));
    const delayMs = 25_000;
    const timeoutS = 12; // room for the audit before the pull, on a loaded machine too; still well under the blob delay
    lab.delayBlobDownloads(delayMs);
    const downloadsBefore = lab.blobDownloads().length;
    const r = await runCli(
      [
        '--ci',
        '--json',
        '--no-status',
        '--timeout',
        String(timeoutS),
        '--image',
        image,
        '--ssh',
        `${sshd.user}@127.0.0.1:${sshd.port}`,
        '--ssh-key',
        sshd.clientKeyPath,
        '--known-hosts',
        sshd.knownHosts(),
        '--token-stdin',
      ],
      { cwd, env: { ...lab.env }, stdin: `${GOOD}\n`, killAfterMs: 60_000 },
    );
    // The server's podman asked for a blob (it was stuck there, not before it).
    expect(
      lab
        .blobDownloads()
        .slice(downloadsBefore)
        .some((ua) => /containers|podman|libpod/i.test(ua)),
      `blob downloads: ${lab.blobDownloads().join(', ')}\nreport: ${r.stdout}`,
    ).toBe(true);
    const report = JSON.parse(r.stdout) as { checks: Array<{ id: string; status: string; summary: string }> };
    expect(report.checks.find((c) => c.id === 'server.pull')!.status).toBe('error');
    expect(r.code, r.stdout).not.toBe(0);
    // The report came at the deadline (the pull check timed out) and the exit right after it.
    expect(report.checks.find((c) => c.id === 'server.pull')!.summary).toMatch(/timed out/);
    expect(r.lingerMs).toBeLessThan(4_000);

    // Within a few seconds of the exit, nothing of the pull is left running as the deploy user.
    const gone = await until(async () => (await processesOf(sshd.user, 'podman pull|ghcr-doctor-pull')) === '', 8_000);
    expect(gone, await processesOf(sshd.user, 'podman pull|ghcr-doctor-pull')).toBe(true);
    expect(await podmanAs(`image exists ${image}`)).toBe(false);
    expect(r.stdout + r.stderr).not.toContain(GOOD);
  }, 90_000);
});
