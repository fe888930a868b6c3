import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv } from 'ajv';
import { ensureBuilt } from '../helpers/built-cli.js';
import { closedPort, runCli, startServer, tempDir, type LocalServer } from './diagnose-harness.js';
import { githubWorld } from './github-world.js';

const SCHEMA = JSON.parse(await readFile(path.resolve(import.meta.dirname, '../../schema/report.v1.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(SCHEMA);

const WRITE = 'ghp_' + 'Wr1teScopeT0kenAbCdEfGhIjKlMnOpQrSt';
const READ = 'ghp_' + 'Re4dOnlyT0kenAbCdEfGhIjKlMnOpQrStUv';
const FINE = 'github_pat_11ABCDEFG0' + 'FineGrainedTokenValue'.repeat(3);
const EXPIRING = 'ghp_' + 'Exp1r1ngT0kenAbCdEfGhIjKlMnOpQrStUv';

function utcHeader(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
}

let api: LocalServer;
let image: string;
beforeAll(async () => {
  ensureBuilt();
  api = await startServer(
    githubWorld({
      tokens: {
        [WRITE]: { login: 'octocat', scopes: 'repo, write:packages' },
        [READ]: { login: 'octocat', scopes: 'read:packages' },
        [FINE]: { login: 'octocat', scopes: null },
        [EXPIRING]: { login: 'octocat', scopes: 'write:packages', expiration: utcHeader(Date.now() + 3 * 86400_000) },
      },
      orgs: { ssoorg: 'sso' },
    }),
  );
  image = `127.0.0.1:${await closedPort()}`;
});
afterAll(async () => {
  await api?.close();
});

interface Report {
  exitCode: number;
  outcome: string;
  target: Record<string, string>;
  checks: Array<{ id: string; status: string; summary: string }>;
  findings: Array<{ id: string; severity: string; check: string; evidence: Record<string, unknown>; fixes: Array<{ links: string[] }> }>;
}

async function diagnoseJson(env: Record<string, string>, extra: string[] = [], owner = 'acme') {
  const home = await tempDir();
  try {
    const args = ['--ci', '--json', '--image', `${image}/${owner}/api:latest`, '--api-url', api.url, '--status-url', api.url, '--timeout', '20', ...extra];
    const res = await runCli(args, { cwd: home.dir, env });
    let report: Report;
    try {
      report = JSON.parse(res.stdout) as Report;
    } catch {
      throw new Error(`stdout is not exactly one JSON document:\n${res.stdout}\nstderr:\n${res.stderr}`);
    }
    return { res, report, check: (id: string) => report.checks.find((c) => c.id === id), find: (id: string) => report.findings.find((f) => f.id === id) };
  } finally {
    await home.cleanup();
  }
}

describe('built CLI --ci --json: GitHub-side token checks', () => {
  it('a good classic token: schema-valid JSON only on stdout, my checks pass, the login is the user', async () => {
    const { report, check } = await diagnoseJson({ GHCR_TOKEN: WRITE });
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...report, outcome: 'fine' }), 'the validator must be able to say no').toBe(false);
    for (const id of ['status.github', 'token.discovery', 'token.type', 'token.identity', 'token.scopes', 'token.org'])
      expect(check(id)?.status, id).toBe('pass');
    expect(check('token.discovery')!.summary).toContain('GHCR_TOKEN');
    expect(report.target.user).toBe('octocat');
    expect(report.findings.filter((f) => f.id.startsWith('token.') || f.id.startsWith('status.'))).toEqual([]);
    expect(api.requests.some((r) => r.path === '/user' && r.authorization === `token ${WRITE}`)).toBe(true);
  });

  it('read:packages only, with a push probe → token.missing-scope, exit 1', async () => {
    const home = await tempDir({ 'tok.txt': `${READ}\n` });
    try {
      const { res, report, find } = await diagnoseJson({}, ['--token-file', path.join(home.dir, 'tok.txt')]);
      expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
      const f = find('token.missing-scope');
      expect(f).toMatchObject({ severity: 'error', check: 'token.scopes', evidence: { missing: ['write:packages'], scopes: ['read:packages'] } });
      expect(f!.fixes.flatMap((x) => x.links)).toContain(
        `http://127.0.0.1:${new URL(api.url).port}/settings/tokens/new?scopes=write:packages&description=ghcr-doctor`,
      );
      expect(res.code).toBe(1);
      expect(report).toMatchObject({ exitCode: 1, outcome: 'problems' });
    } finally {
      await home.cleanup();
    }
  });

  it('read:packages is enough with --probe none', async () => {
    const { check, find } = await diagnoseJson({ GHCR_TOKEN: READ }, ['--probe', 'none']);
    expect(check('token.scopes')!.status).toBe('pass');
    expect(find('token.missing-scope')).toBeUndefined();
  });

  it('--intent pull (or GHCR_DOCTOR_INTENT=pull): a read:packages token is healthy, push is skipped with the reason, target.intent is pull', async () => {
    for (const [env, argv] of [
      [{ GHCR_TOKEN: READ }, ['--intent', 'pull']],
      [{ GHCR_TOKEN: READ, GHCR_DOCTOR_INTENT: 'pull' }, []],
    ] as const) {
      const { report, check, find } = await diagnoseJson({ ...env }, [...argv]);
      expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
      expect(report.target.intent).toBe('pull');
      expect(check('token.scopes')!.status).toBe('pass');
      expect(find('token.missing-scope')).toBeUndefined();
      expect(check('registry.push')).toMatchObject({ status: 'skip', summary: expect.stringMatching(/--intent pull/) });
    }
    const { report } = await diagnoseJson({ GHCR_TOKEN: WRITE });
    expect(report.target.intent).toBe('push');
  });

  it('401 Bad credentials → token.invalid, scopes skipped, exit 1', async () => {
    const { res, check, find } = await diagnoseJson({ GHCR_TOKEN: 'ghp_' + 'RevokedT0kenAbCdEfGhIjKlMnOpQrStUvWx' });
    expect(find('token.invalid')).toMatchObject({ severity: 'error', evidence: { status: 401, message: 'Bad credentials' } });
    expect(check('token.scopes')).toMatchObject({ status: 'skip', summary: 'skipped: depends on Token identity' });
    expect(res.code).toBe(1);
  });

  it('fine-grained token → token.fine-grained; scopes skipped with a reason', async () => {
    const { find, check, res } = await diagnoseJson({ GITHUB_TOKEN: FINE });
    expect(find('token.fine-grained')).toMatchObject({ severity: 'error', check: 'token.type' });
    expect(check('token.identity')!.status).toBe('pass');
    expect(check('token.scopes')).toMatchObject({ status: 'skip' });
    expect(check('token.scopes')!.summary).toContain('fine-grained');
    expect(res.code).toBe(1);
  });

  it('SAML org → token.sso-unauthorized with the URL from X-GitHub-SSO', async () => {
    const { find } = await diagnoseJson({ GHCR_TOKEN: WRITE }, [], 'ssoorg');
    const f = find('token.sso-unauthorized');
    expect(f).toMatchObject({ severity: 'error', evidence: { url: 'https://github.com/orgs/ssoorg/sso?authorization_request=AZSSO123' } });
    expect(f!.fixes[0]!.links).toEqual(['https://github.com/orgs/ssoorg/sso?authorization_request=AZSSO123']);
  });

  it('expires in 3 days → token.expiring (warning)', async () => {
    const { find } = await diagnoseJson({ GHCR_TOKEN: EXPIRING });
    expect(find('token.expiring')).toMatchObject({ severity: 'warning', evidence: { daysLeft: 2 } });
  });

  it('--no-status: status check skipped and no request to the status page', async () => {
    const before = api.requests.filter((r) => r.path === '/api/v2/summary.json').length;
    const { check, report } = await diagnoseJson({ GHCR_TOKEN: WRITE }, ['--no-status']);
    expect(check('status.github')).toMatchObject({ status: 'skip', summary: '--no-status' });
    expect(api.requests.filter((r) => r.path === '/api/v2/summary.json').length).toBe(before);
    expect(validate(report)).toBe(true);
  });
});

describe('built CLI: status page answers', () => {
  it('degraded Packages → status.degraded; HTML → status.unreachable (info)', async () => {
    const degraded = await startServer(
      githubWorld({
        tokens: { [WRITE]: { login: 'octocat', scopes: 'write:packages' } },
        status: {
          body: {
            components: [{ id: 'st3j38cctv9l', name: 'Packages', status: 'major_outage' }],
            incidents: [{ name: 'Packages unavailable', status: 'investigating', impact: 'major' }],
            status: { indicator: 'major' },
          },
        },
      }),
    );
    const html = await startServer(
      githubWorld({ tokens: {}, status: { headers: { 'content-type': 'text/html' }, body: '<html><body>Access denied by proxy</body></html>' } }),
    );
    const home = await tempDir();
    try {
      const common = ['--ci', '--json', '--image', `${image}/acme/api`, '--api-url', api.url, '--timeout', '20'];
      const a = JSON.parse((await runCli([...common, '--status-url', degraded.url], { cwd: home.dir, env: { GHCR_TOKEN: WRITE } })).stdout) as Report;
      expect(a.findings.find((f) => f.id === 'status.degraded')).toMatchObject({
        severity: 'warning',
        evidence: { components: [{ id: 'st3j38cctv9l', status: 'major_outage' }] },
      });
      const b = JSON.parse((await runCli([...common, '--status-url', html.url], { cwd: home.dir, env: { GHCR_TOKEN: WRITE } })).stdout) as Report;
      expect(b.findings.find((f) => f.id === 'status.unreachable')).toMatchObject({ severity: 'info' });
      expect(String(b.findings.find((f) => f.id === 'status.unreachable')!.evidence.reason)).toContain('HTML');
    } finally {
      await Promise.all([degraded.close(), html.close(), home.cleanup()]);
    }
  });
});

describe('built CLI: GitHub Actions mode and colours', () => {
  it('GITHUB_ACTIONS=true: ::error annotation on stdout and a Markdown step summary', async () => {
    const home = await tempDir();
    try {
      const summary = path.join(home.dir, 'summary.md');
      const args = ['--ci', '--image', `${image}/acme/api`, '--api-url', api.url, '--status-url', api.url, '--timeout', '20'];
      const res = await runCli(args, { cwd: home.dir, env: { GHCR_TOKEN: READ, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } });
      expect(res.stdout).toMatch(/^::error title=ghcr-doctor token\.missing-scope::The token lacks write:packages: /m);
      const md = await readFile(summary, 'utf8');
      expect(md).toContain('ghcr-doctor: problems');
      expect(md).toMatch(/\| error \| `token\.missing-scope` /);
      expect(md).not.toContain(READ);

      // --json: the annotations stay off stdout, which holds the JSON document only.
      const json = await runCli([...args, '--json'], { cwd: home.dir, env: { GHCR_TOKEN: READ, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } });
      expect(() => JSON.parse(json.stdout)).not.toThrow();
      expect(json.stdout).not.toContain('::error');
    } finally {
      await home.cleanup();
    }
  });

  it('colours: off when piped, on with FORCE_COLOR, off again with NO_COLOR or --no-color', async () => {
    const home = await tempDir();
    try {
      const args = ['--ci', '--image', `${image}/acme/api`, '--api-url', api.url, '--status-url', api.url, '--timeout', '20'];
      const run = (env: Record<string, string>, extra: string[] = []) => runCli([...args, ...extra], { cwd: home.dir, env: { GHCR_TOKEN: READ, ...env } });
      const ESC = '\u001b[';
      expect((await run({})).stdout).not.toContain(ESC);
      const forced = await run({ FORCE_COLOR: '1' });
      expect(forced.stdout).toContain(ESC);
      expect(forced.stdout).toContain('[token.missing-scope]');
      expect((await run({ FORCE_COLOR: '1', NO_COLOR: '1' })).stdout).not.toContain(ESC);
      expect((await run({ FORCE_COLOR: '1' }, ['--no-color'])).stdout).not.toContain(ESC);
    } finally {
      await home.cleanup();
    }
  });
});

describe('built CLI --ci --json: several deploy servers', () => {
  it('--ssh twice: target.servers lists both, every ssh.* check and finding names its server, schema-valid', async () => {
    const [p1, p2] = [await closedPort(), await closedPort()];
    const { report, res } = await diagnoseJson({ GHCR_TOKEN: WRITE }, ['--ssh', `deploy@127.0.0.1:${p1}`, '--ssh', `ops@127.0.0.1:${p2}`, '--parallel', '2']);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    const labels = [`deploy@127.0.0.1:${p1}`, `ops@127.0.0.1:${p2}`];
    expect(report.target.server).toBe(labels[0]);
    expect(report.target.servers).toEqual(labels);
    const serverChecks = (report.checks as Array<{ id: string; server?: string }>).filter((c) => /^(ssh|server)\./.test(c.id));
    for (const label of labels) expect(serverChecks.filter((c) => c.server === label && c.id === 'ssh.connect')).toHaveLength(1);
    expect(serverChecks.every((c) => labels.includes(c.server!))).toBe(true);
    const unreachable = (report.findings as Array<{ id: string; server?: string }>).filter((f) => f.id === 'ssh.unreachable');
    expect(unreachable.map((f) => f.server).sort()).toEqual([...labels].sort());
    expect(res.code).toBe(report.exitCode);
  });

  it('--parallel 0 is bad usage: exit 2, one line', async () => {
    const home = await tempDir();
    try {
      const res = await runCli(['--ci', '--image', `${image}/acme/api:latest`, '--ssh', 'deploy@127.0.0.1', '--parallel', '0'], { cwd: home.dir, env: {} });
      expect(res.code).toBe(2);
      expect(res.stderr.trim().split('\n')).toEqual(['ghcr-doctor: --parallel must be a whole number of servers (1 or more), not "0"']);
    } finally {
      await home.cleanup();
    }
  });
});
