/**
 * The demo's whole outside world, in this process: the emulated GitHub REST API, ghcr.io (token
 * service + the in-memory OCI registry), the status page, the laptop's files and environment, and
 * the deploy server. It is handed to the real engine as an `Io`, so the checks run unchanged and
 * nothing leaves the machine (no sockets, no real home directory, no real token).
 */
import type { Io } from '../io/types.js';
import { GrantStore, handleTokenRequest, gateRegistryRequest } from '../sandbox/token-service.js';
import { toResponse } from './sandbox-response.js';
import { adoptCreatedToken } from './created-tokens.js';
import { handleStatusRequest } from '../sandbox/status-page.js';
import type { World } from '../sandbox/world.js';
import { inProcessFetch, type InProcessFetch, type RequestHandler } from './in-process-fetch.js';
import { MemoryFileSystem } from './memory-fs.js';
import { OciRegistry } from './oci-registry.js';
import { DEMO_HOME, DEMO_TOKENS, type Scenario } from './scenarios.js';
import { githubApiHandler } from './github-api-handler.js';
import { DemoDeployServer, DEMO_KNOWN_HOSTS_LINE } from './deploy-server.js';

export const DEMO_HOSTS = {
  registry: 'ghcr.io',
  blobs: 'pkg-containers.githubusercontent.com',
  api: 'api.github.com',
  status: 'www.githubstatus.com',
} as const;

export interface Sandbox {
  scenario: Scenario;
  world: World;
  io: Io;
  fetch: InProcessFetch;
  fs: MemoryFileSystem;
  registry: OciRegistry;
  server: DemoDeployServer;
  /** Every secret the sandbox knows: the caller registers them with its Redactor before any output. */
  secrets: string[];
}

export function buildSandbox(scenario: Scenario, now: () => number = () => Date.now(), onSecret: (token: string) => void = () => undefined): Sandbox {
  const world = scenario.world(now());
  const grants = new GrantStore();
  const realm = `https://${DEMO_HOSTS.registry}/token`;
  const registry = new OciRegistry({
    host: DEMO_HOSTS.registry,
    blobHost: DEMO_HOSTS.blobs,
    world,
    now,
    gate: (req) => {
      const result = gateRegistryRequest(req, { world, grants, now, realm });
      return result.allow ? { tokenValue: result.tokenValue } : { refused: toResponse(result.response) };
    },
  });
  const ghcr: RequestHandler = (request) => {
    const url = new URL(request.url);
    if (url.pathname === '/token') {
      // A made-up token may reach the registry first (the server's login fix): same rule as the API.
      const created = adoptCreatedToken(world, request.headers.get('authorization'), now());
      if (created) onSecret(created);
      return toResponse(
        handleTokenRequest(
          {
            authorization: request.headers.get('authorization') ?? undefined,
            scopes: url.searchParams.getAll('scope'),
            service: url.searchParams.get('service') ?? undefined,
          },
          { world, grants, now },
        ),
      );
    }
    return registry.handle(request);
  };
  const fetch = inProcessFetch(
    {
      [DEMO_HOSTS.registry]: ghcr,
      [DEMO_HOSTS.blobs]: (request) => registry.handle(request),
      [DEMO_HOSTS.status]: (request) => {
        const url = new URL(request.url);
        return toResponse(handleStatusRequest(url.pathname + url.search, world, now()));
      },
      [DEMO_HOSTS.api]: githubApiHandler(world, now, `https://${DEMO_HOSTS.api}`, undefined, onSecret),
    },
    now,
  );
  // The laptop already trusts the server (its key is in known_hosts), as after a first `ssh deploy@…`.
  const fs = new MemoryFileSystem({ [`${DEMO_HOME}/.ssh/known_hosts`]: { content: DEMO_KNOWN_HOSTS_LINE, mode: 0o644 } }, now);
  const server = new DemoDeployServer({ setup: scenario.server, fetch, now, registryHost: DEMO_HOSTS.registry });
  const io: Io = {
    fetch,
    fs,
    clock: { now },
    // Not the user's environment: a real GHCR_TOKEN, proxy or HOME must never leak into the demo.
    env: { HOME: DEMO_HOME, USER: 'demo', GHCR_TOKEN: scenario.laptop.token },
    homedir: DEMO_HOME,
  };
  return { scenario, world, io, fetch, fs, registry, server, secrets: Object.values(DEMO_TOKENS) };
}
