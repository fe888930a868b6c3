import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/built-cli.js';
import { runCli, startServer, tempDir, type LocalServer } from './diagnose-harness.js';
import { githubWorld } from './github-world.js';
import { hostileCerts, removeHostileCerts, startSilentServer } from '../helpers/hostile-server.js';

/**
 * The promises of issue #11 against endpoints that misbehave on purpose: never a false "healthy",
 * never a credential where it must not go, and the process always ends.
 */
const TOKEN = 'ghp_' + 'H0st1leT3stT0kenAbCdEfGhIjKlMnOpQr';

interface Report {
  exitCode: number;
  outcome: string;
  checks: Array<{ id: string; status: string; summary: string }>;
  findings: Array<{ id: string; severity: string; check: string; evidence: Record<string, unknown> }>;
}

let api: LocalServer;
let caFile: string;
let home: { dir: string; cleanup(): Promise<void> };
beforeAll(async () => {
  ensureBuilt();
  api = await startServer(githubWorld({ tokens: { [TOKEN]: { login: 'octocat', scopes: 'write:packages' } } }));
  caFile = (await hostileCerts()).certs.caFile;
  home = await tempDir();
});
afterAll(async () => {
  await api?.close();
  await home?.cleanup();
  await removeHostileCerts();
});

async function diagnose(args: string[], env: Record<string, string> = {}, killAfterMs = 40_000) {
  const res = await runCli(['--ci', '--json', ...args], { cwd: home.dir, env: { GHCR_TOKEN: TOKEN, NODE_EXTRA_CA_CERTS: caFile, ...env }, killAfterMs });
  let report: Report;
  try {
    report = JSON.parse(res.stdout) as Report;
  } catch {
    throw new Error(`stdout is not one JSON document (exit ${res.code}):\n${res.stdout}\nstderr:\n${res.stderr}`);
  }
  return { res, report, ids: report.findings.map((f) => f.id), find: (id: string) => report.findings.find((f) => f.id === id) };
}

describe('verdict: an essential check without a verdict is never healthy', () => {
  it('API and registry accept TCP and never answer (--timeout 3): inconclusive, exit 3, and the process ends soon after', async () => {
    const silent = await startSilentServer();
    try {
      const { res, report, find } = await diagnose(['--image', `${silent.host}/acme/api`, '--api-url', `http://${silent.host}`, '--no-status', '--timeout', '3']);
      expect(res.code).toBe(3);
      expect(report.outcome).toBe('inconclusive');
      expect(find('registry.unreachable')).toMatchObject({ check: 'registry.ping', evidence: { kind: 'timeout', check: 'registry.ping' } });
      expect(find('diagnosis.incomplete')).toMatchObject({ check: 'token.identity', evidence: { check: 'token.identity', reason: expect.stringMatching(/timed out/) } });
      // Before: the report came at 3 s and the exit only after undici's 10 s connect timeout.
      expect(res.durationMs).toBeLessThan(3000 + 4500);
    } finally {
      await silent.close();
    }
  });
});
