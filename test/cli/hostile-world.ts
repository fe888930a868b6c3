/**
 * The world the hostile-endpoint tests run in: a local GitHub API that knows one token, the hostile servers'
 * certificates, and a temporary HOME; started before the file's tests and stopped after them.
 */
import { afterAll, beforeAll } from 'vitest';
import { ensureBuilt } from '../helpers/built-cli.js';
import { hostileCerts, removeHostileCerts } from '../helpers/hostile-server.js';
import type { TempDir } from '../helpers/temp-dir.js';
import { startServer, tempDir, type LocalServer } from './diagnose-harness.js';
import { githubWorld } from './github-world.js';

export interface HostileWorld {
  api: LocalServer;
  /** Trusts the hostile servers' CA (NODE_EXTRA_CA_CERTS). */
  hostileEnv: Record<string, string>;
  home: TempDir;
}

export function hostileWorldForThisFile(token: string): HostileWorld {
  const world = {} as HostileWorld;
  beforeAll(async () => {
    ensureBuilt();
    world.api = await startServer(githubWorld({ tokens: { [token]: { login: 'octocat', scopes: 'write:packages' } } }));
    world.hostileEnv = (await hostileCerts()).env;
    world.home = await tempDir();
  });
  afterAll(async () => {
    await world.api?.close();
    await world.home?.cleanup();
    await removeHostileCerts();
  });
  return world;
}
