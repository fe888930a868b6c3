import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BIN } from '../helpers/built-cli.js';
import { runCli, startServer } from './diagnose-harness.js';
import { githubWorld } from './github-world.js';
import { hostileWorldForThisFile } from './hostile-world.js';
import {
  challenge,
  startHostileServer,
  startSilentServer,
  startDisconnectingSshServer,
  type Answerer,
  type HostileAnswer,
  type HostileServer,
} from '../helpers/hostile-server.js';

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

const world = hostileWorldForThisFile(TOKEN);

async function diagnose(args: string[], env: Record<string, string> = {}, killAfterMs = 40_000) {
  const res = await runCli(['--ci', '--json', ...args], { cwd: world.home.dir, env: { GHCR_TOKEN: TOKEN, ...world.hostileEnv, ...env }, killAfterMs });
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
      const { res, report, find } = await diagnose([
        '--image',
        `${silent.host}/acme/api`,
        '--api-url',
        `http://${silent.host}`,
        '--no-status',
        '--timeout',
        '3',
      ]);
      expect(res.code).toBe(3);
      expect(report.outcome).toBe('inconclusive');
      expect(find('registry.unreachable')).toMatchObject({ check: 'registry.ping', evidence: { kind: 'timeout', check: 'registry.ping' } });
      expect(find('diagnosis.incomplete')).toMatchObject({
        check: 'token.identity',
        evidence: { check: 'token.identity', reason: expect.stringMatching(/timed out/) },
      });
      // Before: the report came at 3 s and the exit only after undici's 10 s connect timeout (7 s later).
      expect(res.lingerMs).toBeLessThan(4000);
    } finally {
      await silent.close();
    }
  });
});

const BEARER = 'registry-issued-bearer-0123456789abcdef';

/** A registry that grants everything; `over` bends one answer. */
function registry(over: { realm?: (self: HostileServer) => string; uploadLocation?: string } = {}): Answerer {
  return (req, self): HostileAnswer => {
    const p = new URL(req.path, 'https://x').pathname;
    if (p === '/v2/')
      return {
        kind: 'reply',
        status: 401,
        headers: challenge(over.realm?.(self) ?? `${self.url}/token`),
        body: { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] },
      };
    if (p === '/token') return { kind: 'reply', body: { token: BEARER } };
    if (/\/manifests\//.test(p))
      return { kind: 'reply', headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }, body: { schemaVersion: 2, layers: [] } };
    if (req.method === 'POST' && p.endsWith('/blobs/uploads/'))
      return { kind: 'reply', status: 202, headers: { location: over.uploadLocation ?? `/v2/acme/api/blobs/uploads/1` } };
    if (req.method === 'DELETE') return { kind: 'reply', status: 204 };
    return { kind: 'reply', status: 404, body: { errors: [{ code: 'NOT_FOUND', message: 'no' }] } };
  };
}

/** A server that must never see a credential: it records and answers 200. */
const bystander: Answerer = () => ({ kind: 'reply', status: 200, body: {} });

function withAuthorization(server: HostileServer) {
  return server.received.filter((r) => r.authorization);
}

describe('credentials go only where they may', () => {
  it('a healthy registry on https (the baseline): the bearer is used, healthy, exit 0', async () => {
    const reg = await startHostileServer(registry());
    try {
      const { res, report } = await diagnose(['--image', `${reg.host}/acme/api`, '--api-url', world.api.url, '--no-status']);
      expect(
        report.findings.filter((f) => f.severity === 'error'),
        res.stderr,
      ).toEqual([]);
      expect(res.code).toBe(0);
      expect(reg.received.some((r) => r.authorization === `Bearer ${BEARER}` && r.method === 'POST')).toBe(true);
    } finally {
      await reg.close();
    }
  });

  it('a host flagged image.host-typo gets no credential at all and no upload session (exit 1)', async () => {
    const typo = await startHostileServer(registry({ realm: (self) => `https://ghrc.io:${new URL(self.url).port}/token` }));
    try {
      const port = new URL(typo.url).port;
      const { res, report, ids } = await diagnose(['--image', `ghrc.io:${port}/acme/api`, '--api-url', world.api.url, '--no-status']);
      expect(ids).toContain('image.host-typo');
      expect(res.code).toBe(1);
      expect(withAuthorization(typo)).toEqual([]);
      expect(typo.received.filter((r) => r.method === 'POST')).toEqual([]);
      expect(report.checks.find((c) => c.id === 'registry.login')!.summary).toMatch(/no credential sent to ghrc\.io.*typo of ghcr\.io/);
    } finally {
      await typo.close();
    }
  });

  it('a token realm on plain http:// never receives the Basic credentials; the run is not healthy', async () => {
    const realm = await startHostileServer(bystander, { tls: false });
    const reg = await startHostileServer(registry({ realm: () => `${realm.url}/token` }));
    try {
      const { res, report, find } = await diagnose(['--image', `${reg.host}/acme/api`, '--api-url', world.api.url, '--no-status']);
      expect(withAuthorization(realm)).toEqual([]);
      expect(res.code).not.toBe(0);
      expect(report.outcome).not.toBe('healthy');
      expect(find('diagnosis.incomplete')).toMatchObject({ check: 'registry.login', evidence: { reason: expect.stringMatching(/plain HTTP/) } });
    } finally {
      await reg.close();
      await realm.close();
    }
  });

  it.each([
    ['on plain http://', { tls: false }],
    ['on another https origin', { tls: true }],
  ])('an upload Location %s never receives the bearer token; inconclusive, not healthy', async (_name, opts) => {
    const elsewhere = await startHostileServer(bystander, opts);
    const reg = await startHostileServer(registry({ uploadLocation: `${elsewhere.url}/v2/acme/api/blobs/uploads/1` }));
    try {
      const { res, find } = await diagnose(['--image', `${reg.host}/acme/api`, '--api-url', world.api.url, '--no-status']);
      expect(withAuthorization(elsewhere)).toEqual([]);
      expect(res.code).toBe(3);
      expect(find('diagnosis.incomplete')).toMatchObject({ check: 'registry.push', evidence: { reason: expect.stringMatching(/refused to send/) } });
    } finally {
      await reg.close();
      await elsewhere.close();
    }
  });
});

describe('TLS cannot be switched off', () => {
  it('NODE_TLS_REJECT_UNAUTHORIZED=0: one line says it is ignored, an untrusted certificate stays untrusted, no credential sent', async () => {
    const reg = await startHostileServer(registry());
    try {
      const { res, find } = await diagnose(['--image', `${reg.host}/acme/api`, '--api-url', world.api.url, '--no-status'], {
        NODE_TLS_REJECT_UNAUTHORIZED: '0',
        NODE_EXTRA_CA_CERTS: '',
      });
      expect(res.stderr.split('\n').filter((l) => /NODE_TLS_REJECT_UNAUTHORIZED/.test(l))).toEqual([
        expect.stringMatching(/^ghcr-doctor: NODE_TLS_REJECT_UNAUTHORIZED is ignored: TLS is always verified/),
      ]);
      expect(find('registry.unreachable')).toMatchObject({ evidence: { kind: 'tls' } });
      expect(res.code).toBe(3);
      expect(withAuthorization(reg)).toEqual([]);
    } finally {
      await reg.close();
    }
  });

  it('--api-url http:// to a host that is not this machine: exit 2, one line, nothing sent', async () => {
    const res = await runCli(['--ci', '--image', 'ghcr.io/acme/api', '--api-url', 'http://world.api.example.com', '--no-status'], {
      cwd: world.home.dir,
      env: { GHCR_TOKEN: TOKEN },
    });
    expect(res.code).toBe(2);
    expect(res.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^ghcr-doctor: --api-url must be https:\/\/ .*localhost/)]);
    expect(res.stdout).toBe('');
  });

  it.each([
    ['--status-url', ['--status-url', 'http://status.example.com'], {}],
    ['GHCR_DOCTOR_STATUS_URL', [], { GHCR_DOCTOR_STATUS_URL: 'http://status.example.com' }],
  ])('%s http:// to a host that is not this machine (a status page that can be forged on the way): exit 2, one line', async (name, args, env) => {
    const res = await runCli(['--ci', '--image', 'ghcr.io/acme/api', ...args], { cwd: world.home.dir, env: { GHCR_TOKEN: TOKEN, ...env } });
    expect(res.code).toBe(2);
    expect(res.stderr.trimEnd().split('\n')).toEqual([
      `ghcr-doctor: ${name} must be https:// (anyone on the way to status.example.com could forge its answers); http:// is allowed only for localhost`,
    ]);
    expect(res.stdout).toBe('');
  });
});

/** Peak memory of the child, printed by a preload at exit (`maxRSS_KB=N` on stderr). */
async function rssHook(): Promise<string> {
  const file = path.join(world.home.dir, 'rss-hook.mjs');
  await writeFile(file, "process.on('exit', () => process.stderr.write(`\\nmaxRSS_KB=${process.resourceUsage().maxRSS}\\n`));\n");
  return file;
}
function maxRssMiB(stderr: string): number {
  const m = /maxRSS_KB=(\d+)/.exec(stderr);
  if (!m) throw new Error(`no maxRSS in stderr:\n${stderr}`);
  return Number(m[1]) / 1024;
}

describe('every read is capped', () => {
  it.each([
    ['an endless body', { kind: 'endless', status: 401, headers: challenge('https://127.0.0.1:1/token') }],
    ['a gzip bomb (128 MiB inflated)', { kind: 'gzip-bomb', inflatedMiB: 128, status: 401, headers: challenge('https://127.0.0.1:1/token') }],
  ] as const)('the registry answers /v2/ with %s: reading stops at 4 MiB, the run says so and is not healthy; memory stays small', async (_name, answer) => {
    const reg = await startHostileServer(() => answer);
    try {
      const hook = await rssHook();
      const { res, find } = await diagnose(['--image', `${reg.host}/acme/api`, '--api-url', world.api.url, '--no-status', '--timeout', '20'], {
        NODE_OPTIONS: `${world.hostileEnv.NODE_OPTIONS} --import=${hook}`,
      });
      expect(res.code).toBe(3);
      expect(find('diagnosis.incomplete')).toMatchObject({
        check: 'registry.ping',
        evidence: { reason: expect.stringMatching(/larger than 4 MiB: stopped reading/) },
      });
      expect(maxRssMiB(res.stderr)).toBeLessThan(200);
    } finally {
      await reg.close();
    }
  });

  it.each([
    ['/dev/zero', async () => '/dev/zero', /not a regular file/],
    [
      'a symlink to /dev/zero',
      async () => {
        const link = path.join(world.home.dir, 'zero-link');
        await symlink('/dev/zero', link).catch(() => undefined);
        return link;
      },
      /not a regular file/,
    ],
    [
      'a FIFO nobody writes to',
      async () => {
        const fifo = path.join(world.home.dir, 'token.fifo');
        try {
          execFileSync('mkfifo', [fifo]);
        } catch {
          /* exists from an earlier case */
        }
        return fifo;
      },
      /not a regular file/,
    ],
    [
      'a 1 MiB file',
      async () => {
        const big = path.join(world.home.dir, 'big-token');
        await writeFile(big, 'ghp_'.padEnd(1024 * 1024, 'A'));
        return big;
      },
      /larger than 16 KiB/,
    ],
  ])('--token-file %s: exit 2 with one line, at once', async (_name, make, reason) => {
    const file = await make();
    const res = await runCli(['--ci', '--image', 'ghcr.io/acme/api', '--api-url', world.api.url, '--no-status', '--token-file', file], {
      cwd: world.home.dir,
      killAfterMs: 15_000,
    });
    expect(res.code).toBe(2);
    expect(res.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(reason)]);
  });

  it('--token-stdin with 2 MiB on stdin: exit 2 with one line, not a token', async () => {
    const res = await runCli(['--ci', '--image', 'ghcr.io/acme/api', '--api-url', world.api.url, '--no-status', '--token-stdin'], {
      cwd: world.home.dir,
      stdin: 'x'.repeat(2 * 1024 * 1024),
      killAfterMs: 15_000,
    });
    expect(res.code).toBe(2);
    expect(res.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^ghcr-doctor: --token-stdin: stdin holds more than 16 KiB/)]);
  });

  it('lint: a workflow file that is a symlink to /dev/zero is reported unreadable; lint ends', async () => {
    const dir = path.join(world.home.dir, 'wf-zero');
    await mkdir(dir, { recursive: true });
    await symlink('/dev/zero', path.join(dir, 'zero.yml')).catch(() => undefined);
    await writeFile(path.join(dir, 'ok.yml'), 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n');
    const res = await runCli(['lint', dir, '--json'], { cwd: world.home.dir, killAfterMs: 20_000 });
    expect(res.code, res.stderr).not.toBeNull();
    const report = JSON.parse(res.stdout) as Report;
    expect(report.checks.find((c) => c.id.endsWith('/zero.yml'))).toMatchObject({ status: 'error', summary: expect.stringMatching(/not a regular file/) });
  });
});

describe('every network handle is closed at the end', () => {
  it('an SSH target that accepts TCP and never speaks SSH: ssh.unreachable, and the process exits', async () => {
    const silent = await startSilentServer();
    try {
      const { res, find } = await diagnose(
        ['--image', `127.0.0.1:1/acme/api`, '--api-url', world.api.url, '--no-status', '--ssh', `deploy@${silent.host}`, '--timeout', '3'],
        {},
        25_000,
      );
      expect(res.code).toBe(3);
      expect(find('ssh.unreachable')).toMatchObject({ evidence: { kind: 'timeout' } });
      // The SSH socket does not keep the process alive once the report is out.
      expect(res.lingerMs).toBeLessThan(4000);
    } finally {
      await silent.close();
    }
  });
});

/** Everything an attacker would put in a text field: a clipboard write, a hyperlink, a CR overwrite, workflow commands. */
const EVIL =
  'Bad credentials\x1b]52;c;cHduZWQ=\x07\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\\rFAKE OK\n::warning::injected\n::stop-commands::tok3n\r\n::error title=x::y';

function expectNoInjection(text: string, where: string) {
  expect(text, where).not.toMatch(/[\x07\x1b\x9b\r]/);
  for (const line of text.split('\n')) expect(line, `${where}: ${line}`).not.toMatch(/^\s*::(warning::injected|stop-commands|error title=x::y)/);
}

describe('terminal and workflow-command injection', () => {
  it('an API message, a status page name and a registry error with control characters: escaped in the text report, annotations and step summary', async () => {
    const evilApi = await startServer(
      githubWorld({
        tokens: {},
        user: { status: 401, headers: { 'content-type': 'application/json; charset=utf-8' }, body: { message: EVIL } },
        status: {
          body: {
            components: [{ id: 'st3j38cctv9l', name: `Packages${EVIL}`, status: 'major_outage' }],
            incidents: [{ name: `Incident${EVIL}`, status: 'investigating', components: [] }],
            status: { indicator: 'major', description: 'x' },
          },
        },
      }),
    );
    const reg = await startHostileServer((req, self) =>
      new URL(req.path, 'https://x').pathname === '/v2/'
        ? { kind: 'reply', status: 401, headers: challenge(`${self.url}/token`) }
        : { kind: 'reply', status: 401, body: { errors: [{ code: 'UNAUTHORIZED', message: EVIL }] } },
    );
    const summary = path.join(world.home.dir, 'summary.md');
    try {
      const res = await runCli(['--ci', '--verbose', '--image', `${reg.host}/acme/api`, '--api-url', evilApi.url, '--status-url', evilApi.url], {
        cwd: world.home.dir,
        env: { GHCR_TOKEN: TOKEN, ...world.hostileEnv, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
      });
      expect(res.code).toBe(1);
      expect(res.stdout).toContain('\\x1b]52;c;cHduZWQ=');
      expect(res.stdout).toContain('\\x0a::warning::injected');
      expectNoInjection(res.stdout, 'stdout');
      expectNoInjection(res.stderr, 'stderr');
      expectNoInjection(await readFile(summary, 'utf8'), 'step summary');
    } finally {
      await reg.close();
      await evilApi.close();
    }
  });

  it("an SSH server's disconnect text (what the ssh library reports) with control characters: escaped in the text report and step summary", async () => {
    const ssh = await startDisconnectingSshServer(EVIL);
    const summary = path.join(world.home.dir, 'ssh-summary.md');
    try {
      const res = await runCli(
        ['--ci', '--verbose', '--image', '127.0.0.1:1/acme/api', '--api-url', world.api.url, '--no-status', '--ssh', `deploy@${ssh.host}`],
        {
          cwd: world.home.dir,
          env: { GHCR_TOKEN: TOKEN, ...world.hostileEnv, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
        },
      );
      expect(res.stdout).toContain('\\x1b]52;c;cHduZWQ=');
      expectNoInjection(res.stdout, 'stdout');
      expectNoInjection(res.stderr, 'stderr');
      expectNoInjection(await readFile(summary, 'utf8'), 'step summary');
    } finally {
      await ssh.close();
    }
  });

  it('lint: a workflow file whose name holds a newline and a workflow command cannot inject it', async () => {
    const dir = path.join(world.home.dir, 'wf-evil');
    await mkdir(dir, { recursive: true });
    await writeFile(
      path.join(dir, 'a\n::error title=x::y\x1b[2J.yml'),
      'on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "$T" | docker login ghcr.io -u u -p "$T"\n      - run: docker push ghcr.io/acme/api\n',
    );
    const summary = path.join(world.home.dir, 'lint-summary.md');
    const res = await runCli(['lint', dir], { cwd: world.home.dir, env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } });
    expect(res.stdout).toContain('\\x0a::error title=x::y\\x1b[2J.yml');
    expectNoInjection(res.stdout, 'stdout');
    expectNoInjection(await readFile(summary, 'utf8').catch(() => ''), 'step summary');
  });
});

describe('smaller promises', () => {
  it('| head -1: the reader going away ends the run quietly, no stack trace', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" demo --ci | head -1`], {
      cwd: world.home.dir,
      env: { PATH: process.env.PATH, HOME: world.home.dir },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).not.toMatch(/EPIPE|\bat .*:\d+:\d+/);
  });

  it('explain masks -pSECRET, --password=SECRET and NAME_TOKEN=SECRET like tokens', async () => {
    const line =
      'GHCR_TOKEN=hunter2secret docker login ghcr.io -u me -pS3cretPassw0rd --password=An0therSecret: Error response from daemon: Get "https://ghcr.io/v2/": denied: denied';
    const res = await runCli(['explain', line], { cwd: world.home.dir });
    expect(res.code).toBe(0);
    for (const secret of ['hunter2secret', 'S3cretPassw0rd', 'An0therSecret']) expect(res.stdout + res.stderr).not.toContain(secret);
    expect(res.stdout).toContain('GHCR_TOKEN=****');
  });
});
