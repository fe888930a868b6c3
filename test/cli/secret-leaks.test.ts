import { describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { runCli, startServer } from './diagnose-harness.js';
import { githubWorld } from './github-world.js';
import { hostileWorldForThisFile } from './hostile-world.js';
import { challenge, startHostileServer, type Answerer, type HostileServer } from '../helpers/hostile-server.js';

/**
 * Tokens in the shapes outside text gives them, and credentials against redirects, through the built CLI:
 * no token body in stdout, stderr or --json, and no Authorization header on a redirect to another origin.
 */
const TOKEN = 'ghp_' + 'L3akT3stT0kenAbCdEfGhIjKlMnOpQrStUv';
/** A token the run never registered (someone else's, quoted back by a server or pasted in a log). */
const OTHER = 'ghs_' + 'Oth3rT0kenN0tRegisteredAbCdEfGhIjKl';
const b64 = (s: string) => Buffer.from(s).toString('base64');
/** The part of a token no output may show: everything after its prefix. */
const body = (token: string) => token.slice(4);

const world = hostileWorldForThisFile(TOKEN);

function expectNoTokenBody(text: string, where: string) {
  for (const t of [TOKEN, OTHER]) expect(text, where).not.toContain(body(t));
}

describe('explain: a pasted log line that carries a credential', () => {
  const DENIED = 'Error response from daemon: Get "https://ghcr.io/v2/": denied: denied';
  const auth = b64(`octocat:${TOKEN}`);
  const dockerconfigjson = b64(JSON.stringify({ auths: { 'ghcr.io': { auth } } }));
  it.each([
    [
      'a Kubernetes pull secret (.dockerconfigjson: base64 of a config whose auth is base64 of user:token)',
      `${DENIED} .dockerconfigjson: ${dockerconfigjson}`,
      [dockerconfigjson.slice(0, 40), auth],
    ],
    ['a token after a colour code', `${DENIED} token=\x1b[1m${TOKEN}\x1b[0m`, []],
    ['two tokens glued together by a stripped colour code', `${DENIED} ${TOKEN}\x1b[0m${OTHER}`, []],
  ])('%s: no token body (nor its base64) in the text or the JSON', async (_name, line, encoded) => {
    for (const json of [[], ['--json']]) {
      const res = await runCli(['explain', ...json, '-'], { cwd: world.home.dir, stdin: `${line}\n` });
      expect(res.code, res.stderr).toBe(0);
      // The line itself is in the output, with the credential masked.
      expect(res.stdout).toContain('denied: denied');
      expectNoTokenBody(res.stdout + res.stderr, `explain ${json.join(' ')}`);
      for (const e of encoded) expect(res.stdout + res.stderr).not.toContain(e);
    }
  });
});

describe('diagnosis: a token quoted back by GitHub at the start of a line', () => {
  it('the API message holds a newline and a token the run never registered: masked in the text and the JSON', async () => {
    const evil = await startServer(
      githubWorld({
        tokens: {},
        user: { status: 401, headers: { 'content-type': 'application/json; charset=utf-8' }, body: { message: `Bad credentials for\n${OTHER}` } },
      }),
    );
    try {
      for (const json of [[], ['--json']]) {
        const res = await runCli(['--ci', '--verbose', ...json, '--image', '127.0.0.1:1/acme/api', '--api-url', evil.url, '--no-status'], {
          cwd: world.home.dir,
          env: { GHCR_TOKEN: TOKEN },
        });
        // The message did reach the report (escaped), so the test looks where the token would be.
        expect(res.stdout).toContain('Bad credentials for');
        expectNoTokenBody(res.stdout + res.stderr, `--ci ${json.join(' ')}`);
      }
    } finally {
      await evil.close();
    }
  });
});

const BEARER = 'registry-issued-bearer-0123456789abcdef';
/** A registry that grants everything; `over` replaces the answer of its token service, manifests or uploads. */
function registry(over: Partial<Record<'token' | 'manifest' | 'upload', () => ReturnType<Answerer>>>): Answerer {
  return (req, self: HostileServer) => {
    const p = new URL(req.path, 'https://x').pathname;
    if (p === '/v2/')
      return { kind: 'reply', status: 401, headers: challenge(`${self.url}/token`), body: { errors: [{ code: 'UNAUTHORIZED', message: 'x' }] } };
    if (p === '/token') return over.token?.() ?? { kind: 'reply', body: { token: BEARER } };
    if (/\/manifests\//.test(p))
      return (
        over.manifest?.() ?? {
          kind: 'reply',
          headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
          body: { schemaVersion: 2, layers: [] },
        }
      );
    if (req.method === 'POST') return over.upload?.() ?? { kind: 'reply', status: 202, headers: { location: '/v2/acme/api/blobs/uploads/1' } };
    return { kind: 'reply', status: 404, body: {} };
  };
}

describe('credentials never follow a redirect to another origin', () => {
  it.each([
    ['a manifest read', 307, true, 'manifest'],
    ['a manifest read', 307, false, 'manifest'],
    ['an upload session', 307, false, 'upload'],
  ] as const)('%s answers %d to another origin (https: %s): the bearer stays home', async (_name, status, tls, which) => {
    const elsewhere = await startHostileServer(() => ({ kind: 'reply', status: 200, body: { token: 'elsewhere' } }), { tls });
    const reg = await startHostileServer(registry({ [which]: () => ({ kind: 'reply', status, headers: { location: `${elsewhere.url}/moved` } }) }));
    try {
      const res = await runCli(['--ci', '--json', '--image', `${reg.host}/acme/api`, '--api-url', world.api.url, '--no-status'], {
        cwd: world.home.dir,
        env: { GHCR_TOKEN: TOKEN, ...world.hostileEnv },
      });
      // The redirect was followed (so the test would see a leak), without the credential.
      expect(elsewhere.received.length, res.stderr).toBeGreaterThan(0);
      expect(elsewhere.received.filter((r) => r.authorization)).toEqual([]);
    } finally {
      await reg.close();
      await elsewhere.close();
    }
  });

  it.each([
    [301, true],
    [307, false],
  ] as const)(
    'the token service answers %d to another origin (https: %s): not followed, and the login is not judged a success on an anonymous token',
    async (status, tls) => {
      const elsewhere = await startHostileServer(() => ({ kind: 'reply', status: 200, body: { token: 'anonymous-elsewhere' } }), { tls });
      const reg = await startHostileServer(registry({ token: () => ({ kind: 'reply', status, headers: { location: `${elsewhere.url}/token` } }) }));
      try {
        const res = await runCli(['--ci', '--json', '--image', `${reg.host}/acme/api`, '--api-url', world.api.url, '--no-status'], {
          cwd: world.home.dir,
          env: { GHCR_TOKEN: TOKEN, ...world.hostileEnv },
        });
        expect(elsewhere.received).toEqual([]);
        const report = JSON.parse(res.stdout) as { outcome: string; findings: Array<{ id: string; check: string; evidence: { reason?: string } }> };
        // Before: the anonymous token from elsewhere made registry.login pass and the run healthy (exit 0).
        expect(res.code).not.toBe(0);
        expect(report.findings.find((f) => f.id === 'diagnosis.incomplete' && f.check === 'registry.login')?.evidence.reason).toMatch(
          /redirected the login to .*refused to send the credentials there/,
        );
      } finally {
        await reg.close();
        await elsewhere.close();
      }
    },
  );

  it('the token service redirects within its own https origin: followed with the credentials, the login works', async () => {
    const reg = await startHostileServer((req, self) => {
      const p = new URL(req.path, 'https://x').pathname;
      if (p === '/token') return { kind: 'reply', status: 307, headers: { location: `${self.url}/token2${new URL(req.path, 'https://x').search}` } };
      if (p === '/token2') return { kind: 'reply', body: { token: BEARER } };
      return registry({})(req, self);
    });
    try {
      const res = await runCli(['--ci', '--json', '--image', `${reg.host}/acme/api`, '--api-url', world.api.url, '--no-status'], {
        cwd: world.home.dir,
        env: { GHCR_TOKEN: TOKEN, ...world.hostileEnv },
      });
      expect(res.code, res.stdout).toBe(0);
      expect(reg.received.find((r) => r.path.startsWith('/token2'))?.authorization).toMatch(/^Basic /);
    } finally {
      await reg.close();
    }
  });

  it('the GitHub API answers 307 to another origin: the token is not sent there', async () => {
    const elsewhere = await startServer(() => ({ body: {} }));
    const moving = await startServer(() => ({ status: 307, headers: { location: `${elsewhere.url}/user` } }));
    try {
      await runCli(['--ci', '--json', '--image', '127.0.0.1:1/acme/api', '--api-url', moving.url, '--no-status'], {
        cwd: world.home.dir,
        env: { GHCR_TOKEN: TOKEN },
      });
      expect(elsewhere.requests.length).toBeGreaterThan(0);
      expect(elsewhere.requests.filter((r) => r.authorization)).toEqual([]);
    } finally {
      await moving.close();
      await elsewhere.close();
    }
  });
});

describe('bad input that is a secret is not echoed', () => {
  // An ed25519 private key made for this test only (never used anywhere), as a CI secret might hold it.
  const KEY = [
    '-----BEGIN OPENSSH PRIVATE KEY-----',
    'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
    'QyNTUxOQAAACBTOOYcIJs+g837dcS4mvEguzFDZ6dVkfh3wxSqm3gOMwAAAJBDiFOZQ4hT',
    '-----END OPENSSH PRIVATE KEY-----',
    '',
  ].join('\n');
  it.each([
    ['base64-encoded key text', b64(KEY)],
    ['the key body without its -----BEGIN line', KEY.split('\n').slice(1, 3).join('')],
  ])('SERVER_SSH_KEY holding %s: exit 2, one line, the value not shown', async (_name, value) => {
    const res = await runCli(['--ci', '--image', '127.0.0.1:1/acme/api', '--api-url', world.api.url, '--no-status', '--ssh', 'deploy@127.0.0.1:1'], {
      cwd: world.home.dir,
      env: { GHCR_TOKEN: TOKEN, SERVER_SSH_KEY: value },
    });
    expect(res.code).toBe(2);
    expect(res.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^ghcr-doctor: SERVER_SSH_KEY is neither key text .* its value is not shown$/)]);
    for (const piece of [value.slice(0, 24), value.slice(-24), 'b3BlbnNzaC1rZXkt', 'LS0tLS1CRUdJTi']) expect(res.stderr + res.stdout).not.toContain(piece);
  });
});

describe('a token where a deploy server was expected', () => {
  it.each([
    ['--hosts naming the token file', async () => ['--hosts', await tokenFile()], {}, /--hosts .* line 1 holds a GitHub token/],
    ['--ssh with the token as host', async () => ['--ssh', `deploy@${TOKEN}`], {}, /--ssh holds a GitHub token/],
    ['SERVER_HOST holding the token', async () => [], { SERVER_HOST: TOKEN }, /SERVER_HOST holds a GitHub token/],
  ] as const)('%s: exit 2, one line, nothing looked up (a host name goes to DNS in clear)', async (_name, args, env, line) => {
    const res = await runCli(['--ci', '--image', '127.0.0.1:1/acme/api', '--api-url', world.api.url, '--no-status', ...(await args())], {
      cwd: world.home.dir,
      env: { GHCR_TOKEN: TOKEN, ...env },
    });
    expect(res.code).toBe(2);
    expect(res.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(line)]);
    expectNoTokenBody(res.stdout + res.stderr, 'output');
  });
});

/** The token file given where a hosts file goes. */
async function tokenFile(): Promise<string> {
  const file = `${world.home.dir}/token-as-hosts`;
  await writeFile(file, `${TOKEN}\n`);
  return file;
}
