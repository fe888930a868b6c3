import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import path from 'node:path';
import { ensureBuilt } from '../helpers/built-cli.js';
import { closedPort, runCli, startServer, tempDir, type LocalServer } from './diagnose-harness.js';
import { githubWorld } from './github-world.js';

const validate = new Ajv({ strict: false }).compile(JSON.parse(await readFile(path.resolve(import.meta.dirname, '../../schema/report.v1.json'), 'utf8')));
const GOOD = 'ghp_' + 'G00dT0kenAbCdEfGhIjKlMnOpQrStUvWxYz';

let api: LocalServer;
let image: string;
let home: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  ensureBuilt();
  api = await startServer(githubWorld({ tokens: { [GOOD]: { login: 'octocat', scopes: 'write:packages' } } }));
  image = `127.0.0.1:${await closedPort()}/acme/api`;
  home = await tempDir({ 'empty.txt': '' });
  await mkdir(path.join(home.dir, 'a-directory'));
});
afterAll(async () => {
  await api?.close();
  await home?.cleanup();
});

const base = () => ['--ci', '--image', image, '--api-url', api.url, '--status-url', api.url, '--timeout', '20'];

/** Exit 2 with exactly one line on stderr, starting with the tool's name, and nothing on stdout. */
function expectOneLineUsageError(res: { code: number | null; stdout: string; stderr: string }, pattern: RegExp) {
  expect(res.code).toBe(2);
  const lines = res.stderr.trimEnd().split('\n');
  expect(lines, res.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^ghcr-doctor: /);
  expect(lines[0]).toMatch(pattern);
  expect(lines[0]).not.toMatch(/\bat .*\.js:\d+/);
  expect(res.stdout).toBe('');
}

describe('built CLI: bad input exits 2 with one line', () => {
  it('--token-file that does not exist', async () => {
    const res = await runCli([...base(), '--token-file', path.join(home.dir, 'nope.txt')], { cwd: home.dir, env: { GHCR_TOKEN: GOOD } });
    expectOneLineUsageError(res, /cannot read --token-file .*nope\.txt: no such file/);
  });

  it('--token-file that is a directory', async () => {
    const res = await runCli([...base(), '--token-file', path.join(home.dir, 'a-directory')], { cwd: home.dir });
    expectOneLineUsageError(res, /cannot read --token-file .*a-directory: it is a directory, not a file/);
  });

  it('--token-file that is empty', async () => {
    const res = await runCli([...base(), '--token-file', path.join(home.dir, 'empty.txt')], { cwd: home.dir });
    expectOneLineUsageError(res, /the file is empty/);
  });

  it.each([
    ['acme/api', /no registry host.*did you mean ghcr\.io\/acme\/api\?/],
    ['https://ghcr.io/acme/api', /no scheme.*did you mean ghcr\.io\/acme\/api\?/],
    ['ghcr.io/acme', /needs an owner and a name/],
    ['ghcr.io/acme/api:', /not a valid tag/],
  ])('malformed --image %s', async (ref, pattern) => {
    const res = await runCli(['--ci', '--image', ref, '--api-url', api.url, '--no-status'], { cwd: home.dir, env: { GHCR_TOKEN: GOOD } });
    expectOneLineUsageError(res, pattern);
  });

  it('--host-key that is not a fingerprint, or given twice for the same servers (flag or SERVER_HOST_KEY)', async () => {
    const fp = `SHA256:${'a'.repeat(43)}`;
    const ssh = ['--ssh', 'deploy@127.0.0.1:1', '--ssh', 'deploy@127.0.0.2:1'];
    expectOneLineUsageError(
      await runCli([...base(), ...ssh, '--host-key', 'web1=abc'], { cwd: home.dir, env: { GHCR_TOKEN: GOOD } }),
      /--host-key must be SHA256:<fingerprint>, HOST=SHA256:… or HOST:PORT=SHA256:…, not "web1=abc"/,
    );
    expectOneLineUsageError(
      await runCli([...base(), ...ssh, '--host-key', `127.0.0.1=${fp}`, '--host-key', `127.0.0.1=SHA256:${'b'.repeat(43)}`], {
        cwd: home.dir,
        env: { GHCR_TOKEN: GOOD },
      }),
      /--host-key is given twice for 127\.0\.0\.1/,
    );
    expectOneLineUsageError(
      await runCli([...base(), ...ssh], { cwd: home.dir, env: { GHCR_TOKEN: GOOD, SERVER_HOST_KEY: 'nope' } }),
      /SERVER_HOST_KEY must be SHA256:<fingerprint>/,
    );
  });

  it('--intent other than push or pull, from the flag or GHCR_DOCTOR_INTENT', async () => {
    expectOneLineUsageError(
      await runCli([...base(), '--intent', 'deploy'], { cwd: home.dir, env: { GHCR_TOKEN: GOOD } }),
      /--intent must be push or pull, not "deploy"/,
    );
    expectOneLineUsageError(
      await runCli(base(), { cwd: home.dir, env: { GHCR_TOKEN: GOOD, GHCR_DOCTOR_INTENT: 'both' } }),
      /GHCR_DOCTOR_INTENT must be push or pull, not "both"/,
    );
  });

  it('malformed --image with --json: exit 2, image.invalid in a JSON report on stdout, one line on stderr', async () => {
    const res = await runCli(['--ci', '--json', '--image', 'acme/api'], { cwd: home.dir, env: { GHCR_TOKEN: GOOD } });
    expect(res.code).toBe(2);
    const report = JSON.parse(res.stdout) as { exitCode: number; findings: Array<{ id: string }> };
    expect(report.exitCode).toBe(2);
    expect(report.findings.map((f) => f.id)).toEqual(['image.invalid']);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(res.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('built CLI: awkward sources and answers', () => {
  it('empty GHCR_TOKEN and nothing else → token.not-found, evidence says "set but empty", exit 1', async () => {
    const res = await runCli([...base(), '--json'], { cwd: home.dir, env: { GHCR_TOKEN: '' } });
    const report = JSON.parse(res.stdout) as {
      findings: Array<{ id: string; evidence: Record<string, unknown> }>;
      checks: Array<{ id: string; status: string; summary: string }>;
    };
    const f = report.findings.find((x) => x.id === 'token.not-found');
    expect(f?.evidence.notes).toEqual(['GHCR_TOKEN (set but empty)']);
    expect(report.checks.find((c) => c.id === 'token.identity')).toMatchObject({ status: 'skip', summary: 'skipped: depends on Token type' });
    expect(res.code).toBe(1);
  });

  it('empty GHCR_TOKEN falls through to GITHUB_TOKEN', async () => {
    const res = await runCli([...base(), '--json'], { cwd: home.dir, env: { GHCR_TOKEN: '', GITHUB_TOKEN: GOOD } });
    const report = JSON.parse(res.stdout) as { checks: Array<{ id: string; status: string; summary: string }> };
    const c = report.checks.find((x) => x.id === 'token.discovery')!;
    expect(c.status).toBe('pass');
    expect(c.summary).toContain('from GITHUB_TOKEN');
    expect(c.summary).toContain('GHCR_TOKEN (set but empty)');
  });

  it.each([
    [
      'an HTML page',
      { headers: { 'content-type': 'text/html' }, body: '<!DOCTYPE html><html><title>Proxy login</title></html>' },
      /GET \/user answered HTTP 200 with an HTML page/,
    ],
    ['garbage', { headers: { 'content-type': 'application/json' }, body: '{"login": tru' }, /GET \/user answered HTTP 200/],
    ['a 500', { status: 500, headers: { 'content-type': 'application/json' }, body: { message: 'Server Error' } }, /HTTP 500: Server Error/],
  ])('API answers /user with %s → token.identity error with a one-line summary, no crash', async (_n, reply, summary) => {
    const odd = await startServer(githubWorld({ tokens: {}, user: reply }));
    try {
      const res = await runCli(['--ci', '--json', '--image', image, '--api-url', odd.url, '--no-status', '--timeout', '20'], {
        cwd: home.dir,
        env: { GHCR_TOKEN: GOOD },
      });
      const report = JSON.parse(res.stdout) as { checks: Array<{ id: string; status: string; summary: string }> };
      const c = report.checks.find((x) => x.id === 'token.identity')!;
      expect(c.status).toBe('error');
      expect(c.summary).toMatch(summary);
      expect(c.summary).not.toContain('\n');
      expect(c.summary).not.toMatch(/^crashed/);
      expect(res.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    } finally {
      await odd.close();
    }
  });

  it('a hung API with --timeout 2: the run ends in time and says the identity check timed out', async () => {
    const hung = await startServer(() => ({ hang: true }));
    try {
      const res = await runCli(['--ci', '--json', '--image', image, '--api-url', hung.url, '--status-url', hung.url, '--timeout', '2'], {
        cwd: home.dir,
        env: { GHCR_TOKEN: GOOD },
        killAfterMs: 15_000,
      });
      // In time without a stopwatch: not killed (15 s), stopped by the 2 s deadline (its own timeout is 15 s),
      // and out as soon as the report is written.
      expect(res.code).not.toBeNull();
      expect(res.lingerMs).toBeLessThan(4000);
      const report = JSON.parse(res.stdout) as { checks: Array<{ id: string; status: string; summary: string }> };
      expect(report.checks.find((x) => x.id === 'token.identity')).toMatchObject({
        status: 'error',
        summary: expect.stringMatching(/timed out(: the overall time budget ran out| after 2s)/),
      });
      expect(report.checks.find((x) => x.id === 'status.github')!.status).not.toBe('pass');
    } finally {
      await hung.close();
    }
  });
});
