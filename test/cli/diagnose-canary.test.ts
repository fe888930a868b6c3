import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ensureBuilt } from '../helpers/built-cli.js';
import { closedPort, runCli, startServer, tempDir, type LocalServer } from './diagnose-harness.js';
import { githubWorld } from './github-world.js';

/**
 * Canary: known fake tokens, including a prefix-less one that no shape rule can catch, must never
 * appear in stdout, stderr or the step summary, whatever the scenario; nor their base64 user:token forms.
 */
const CANARY = 'ghp_' + 'CANARYc4n4ryCANARYc4n4ryCANARYc4n4';
const LEGACY = '7c4a8d09ca3762af61e59520943dc26494f8941b';
const b64 = (s: string) => Buffer.from(s).toString('base64');
const FORBIDDEN = [CANARY, LEGACY, b64(`octocat:${CANARY}`), b64(`deployer:${LEGACY}`), b64(CANARY), CANARY.slice(4), LEGACY.slice(0, 30)];

let api: LocalServer;
let image: string;
beforeAll(async () => {
  ensureBuilt();
  // The org endpoint echoes the Authorization header back in its error, as a badly behaved proxy would.
  api = await startServer((method, p, headers) => {
    if (p === '/orgs/leaky') {
      return { status: 403, body: { message: `token rejected: ${headers.authorization} (basic ${b64(`octocat:${CANARY}`)})` } };
    }
    return githubWorld({
      tokens: { [CANARY]: { login: 'octocat', scopes: 'read:packages' }, [LEGACY]: { login: 'octocat', scopes: 'write:packages' } },
      orgs: { leaky: 'ok' },
    })(method, p, headers);
  });
  image = `127.0.0.1:${await closedPort()}`;
});
afterAll(async () => {
  await api?.close();
});

function assertClean(label: string, ...outputs: string[]) {
  for (const out of outputs) for (const secret of FORBIDDEN) expect(out.includes(secret), `${label}: leaked ${secret.slice(0, 8)}…`).toBe(false);
}

describe('canary: the token never leaves the process', () => {
  const scenarios: Array<{
    name: string;
    owner: string;
    env?: Record<string, string>;
    files?: (registry: string) => Record<string, string | object>;
    args?: string[];
    stdin?: string;
  }> = [
    { name: 'GHCR_TOKEN, text, --verbose', owner: 'acme', env: { GHCR_TOKEN: CANARY }, args: ['--verbose'] },
    { name: 'GHCR_TOKEN with CRLF and quotes (malformed) in --json', owner: 'acme', env: { GHCR_TOKEN: `"${CANARY}"\r\n` }, args: ['--json'] },
    { name: 'API echoes the Authorization header in an error', owner: 'leaky', env: { GHCR_TOKEN: CANARY }, args: ['--verbose'] },
    { name: 'API echo, --json', owner: 'leaky', env: { GHCR_TOKEN: CANARY }, args: ['--json'] },
    { name: 'prefix-less token from --token-stdin', owner: 'leaky', args: ['--token-stdin', '--verbose'], stdin: `${LEGACY}\n` },
    {
      name: 'docker config.json auth = base64 user:token',
      owner: 'leaky',
      files: (registry) => ({ '.docker/config.json': { auths: { [registry]: { auth: b64(`deployer:${LEGACY}`) } } } }),
      args: ['--verbose'],
    },
    {
      name: '~/.ghcr_token, GitHub Actions annotations',
      owner: 'leaky',
      files: () => ({ '.ghcr_token': `${CANARY}\n` }),
      env: { GITHUB_ACTIONS: 'true' },
      args: ['--verbose'],
    },
  ];

  it.each(scenarios)('$name', async (s) => {
    const home = await tempDir(s.files?.(image) ?? {});
    try {
      const summary = path.join(home.dir, 'step-summary.md');
      const args = ['--ci', '--image', `${image}/${s.owner}/api`, '--api-url', api.url, '--status-url', api.url, '--timeout', '20', ...(s.args ?? [])];
      const seen = api.requests.length;
      const res = await runCli(args, { cwd: home.dir, env: { GITHUB_STEP_SUMMARY: summary, ...s.env }, stdin: s.stdin });
      // The scenario really ran with the token (the API saw it), so a clean output means redaction worked.
      expect(api.requests.slice(seen).some((r) => r.authorization === `token ${CANARY}` || r.authorization === `token ${LEGACY}`)).toBe(true);
      expect(res.stdout.length).toBeGreaterThan(100);
      const md = s.env?.GITHUB_ACTIONS ? await readFile(summary, 'utf8') : '';
      if (s.env?.GITHUB_ACTIONS) expect(md).toContain('ghcr-doctor');
      assertClean(s.name, res.stdout, res.stderr, md);
      if (s.owner === 'leaky') expect(res.stdout + res.stderr).toMatch(/token rejected: token (ghp_)?\*\*\*\*/);
    } finally {
      await home.cleanup();
    }
  });
});
