import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/built-cli.js';
import { runCli, startServer, tempDir } from './diagnose-harness.js';
import { githubWorld } from './github-world.js';
import { challenge, hostileCerts, removeHostileCerts, startHostileServer } from '../helpers/hostile-server.js';

/**
 * A megabyte `message` from the GitHub API or the registry (hostile or broken) is quoted clipped, not as
 * a megabyte line in every report; the cut never leaves half a token to read.
 */
const TOKEN = 'ghp_' + 'L0ngT3stT0kenAbCdEfGhIjKlMnOpQrStUvW';
const OTHER = 'ghs_' + 'Cl1ppedT0kenAbCdEfGhIjKlMnOpQrStUvWx';
let home: { dir: string; cleanup(): Promise<void> };
let hostileEnv: Record<string, string>;
beforeAll(async () => {
  ensureBuilt();
  home = await tempDir();
  hostileEnv = (await hostileCerts()).env;
});
afterAll(async () => {
  await home?.cleanup();
  await removeHostileCerts();
});

function longestLine(text: string): number {
  return Math.max(...text.split('\n').map((l) => l.length));
}

describe('long messages from outside', () => {
  it('GitHub answers 401 with a 3 MiB message: the text report and the JSON stay small, no part of a token shows', async () => {
    // The cut at 1000 characters falls inside OTHER.
    const message = `Bad credentials ${'x '.repeat(485)}${OTHER} ${'A'.repeat(3 * 1024 * 1024)}`;
    const api = await startServer(githubWorld({ tokens: {}, user: { status: 401, headers: { 'content-type': 'application/json' }, body: { message } } }));
    try {
      for (const json of [[], ['--json']]) {
        const res = await runCli(['--ci', '--verbose', ...json, '--image', '127.0.0.1:1/acme/api', '--api-url', api.url, '--no-status'], {
          cwd: home.dir,
          env: { GHCR_TOKEN: TOKEN },
        });
        expect(res.code).toBe(1);
        expect(res.stdout).toContain('Bad credentials x x');
        expect(res.stdout.length).toBeLessThan(64 * 1024);
        expect(longestLine(res.stdout)).toBeLessThan(4000);
        for (let k = 4; k + 8 <= OTHER.length; k++) expect(res.stdout).not.toContain(OTHER.slice(k, k + 8));
      }
    } finally {
      await api.close();
    }
  });

  it('the registry denies with a 60 KiB error message: quoted clipped', async () => {
    const api = await startServer(githubWorld({ tokens: { [TOKEN]: { login: 'octocat', scopes: 'write:packages' } } }));
    const reg = await startHostileServer((req, self) =>
      new URL(req.path, 'https://x').pathname === '/v2/'
        ? { kind: 'reply', status: 401, headers: challenge(`${self.url}/token`) }
        : { kind: 'reply', status: 401, body: { errors: [{ code: 'UNAUTHORIZED', message: `denied ${'y'.repeat(60 * 1024)}` }] } },
    );
    try {
      const res = await runCli(['--ci', '--verbose', '--image', `${reg.host}/acme/api`, '--api-url', api.url, '--no-status'], {
        cwd: home.dir,
        env: { GHCR_TOKEN: TOKEN, ...hostileEnv },
      });
      expect(res.code).toBe(1);
      expect(res.stdout).toContain('UNAUTHORIZED');
      expect(longestLine(res.stdout)).toBeLessThan(4000);
    } finally {
      await reg.close();
      await api.close();
    }
  });
});
