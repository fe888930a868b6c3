/**
 * The demo's scenarios, taken from the seed runbooks (shared/seeds): user `hellocplusplus0` pushes
 * `ghcr.io/hellocplusplus0/v7/backend:latest` from Actions and a `deploy` user pulls it with podman
 * on a server over SSH. Each scenario is a World for the GitHub/ghcr.io emulation, a laptop (what the
 * person running ghcr-doctor has) and a deploy server; the real checks judge them.
 *
 * Tokens here are fixed, recognisable fakes so tests can prove none of them is ever printed.
 */
import type { World, WorldToken } from '../sandbox/world.js';

export const DEMO_USER = 'hellocplusplus0';
export const DEMO_IMAGE = 'ghcr.io/hellocplusplus0/v7/backend:latest';
export const DEMO_REPO = 'hellocplusplus0/v7';
export const DEMO_SERVER = { user: 'deploy', host: '203.0.113.7', port: 22, uid: 1001, home: '/home/deploy' } as const;
export const DEMO_HOME = '/home/demo';

/** Demo token values: shaped like real ones (prefix, length) and obviously fake (DEMO…). */
export const DEMO_TOKENS = {
  /** Classic PAT as seed 000 step 1.1 tells you to create it: repo, write/read/delete:packages. */
  classicGood: 'ghp_DEMOgoodWritePackages0000000000001',
  /** Classic PAT created with `repo` + `read:packages` only (seed 000: "does not match expected scopes"). */
  classicNoWrite: 'ghp_DEMOrepoReadPackagesOnly000000002',
  /** Fine-grained PAT with "all permissions". */
  fineGrained: 'github_pat_11DEMO0000000000000000_DEMOfineGrainedTokenWithAllPermissionsButNotForGhcr00000003',
  /** Classic read:packages token the deploy user logged in with. */
  serverRead: 'ghp_DEMOserverReadPackages0000000000004',
  /** The same kind of server token, revoked since (seed 001: 403 Forbidden at "Requesting bearer token"). */
  serverRevoked: 'ghp_DEMOserverRevokedLongAgo000000000005',
  /** The job's GITHUB_TOKEN that seed 001's workflow piped into `podman login` on the server. */
  actionsJob: 'ghs_DEMOjobTokenDiedWithTheJob000000006',
} as const;

export type ServerAuthLocation = 'persistent' | 'runtime' | 'docker' | 'none';

export interface DeployServerSetup {
  /** Which token the deploy user's stored ghcr.io credential holds, and where it is stored. */
  stored?: { token: string; location: Exclude<ServerAuthLocation, 'none'> };
  /** `~/.ghcr_token` contents (the seed's deploy.sh reads it), with its mode. */
  tokenFile?: { content: string; mode: number };
  /** Server clock minus real time, seconds. */
  clockSkewSeconds?: number;
}

export interface LaptopSetup {
  /** The token ghcr-doctor finds (as GHCR_TOKEN in the demo's environment). */
  token: string;
}

export interface Scenario {
  name: string;
  summary: string;
  /** Finding ids this scenario must produce (tests hold the scenario to it). */
  expectFindings: string[];
  expectExit: 0 | 1;
  /** Flags the scenario implies, as if typed (private-package-anonymous-pull → --expect-public). */
  expectPublic?: boolean;
  laptop: LaptopSetup;
  server: DeployServerSetup;
  world(now: number): World;
}

const DAY = 86_400_000;

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Everything the v7 project has on GitHub; scenarios change one thing each. */
function baseWorld(now: number, tokens: WorldToken[], visibility: 'public' | 'private' = 'private'): World {
  return {
    users: [
      { login: DEMO_USER, id: 81234567 },
      { login: 'github-actions[bot]', id: 41898282 },
    ],
    orgs: [],
    tokens,
    packages: [
      {
        owner: DEMO_USER,
        name: 'v7/backend',
        visibility,
        repository: DEMO_REPO,
        createdAt: iso(now - 40 * DAY),
        versions: [
          {
            id: 301234567,
            name: 'sha256:6f1c3b0e9d2a4c58b7e1f0a9d3c2b4e5f60718293a4b5c6d7e8f90a1b2c3d4e5',
            tags: ['latest', 'sha-3f9a2c1'],
            createdAt: iso(now - 2 * DAY),
          },
        ],
      },
      { owner: DEMO_USER, name: 'v7/web', visibility, repository: DEMO_REPO, createdAt: iso(now - 40 * DAY), versions: [] },
    ],
    repos: [
      {
        fullName: DEMO_REPO,
        private: true,
        defaultWorkflowPermissions: 'read',
        secrets: [
          { name: 'GHCR_TOKEN', createdAt: iso(now - 30 * DAY) },
          { name: 'SERVER_HOST' },
          { name: 'SERVER_USER' },
          { name: 'SERVER_SSH_KEY' },
          { name: 'DEPLOY_PATH' },
        ],
      },
    ],
    status: { mode: 'ok' },
  };
}

function classic(value: string, scopes: string[], now: number, extra: Partial<WorldToken> = {}): WorldToken {
  return { value, owner: DEMO_USER, kind: 'classic', scopes, createdAt: iso(now - 10 * DAY), expiresAt: iso(now + 80 * DAY), ...extra };
}

/** Tokens every world knows, whichever one the laptop uses. */
function commonTokens(now: number): WorldToken[] {
  return [
    classic(DEMO_TOKENS.classicGood, ['repo', 'write:packages', 'read:packages', 'delete:packages'], now),
    classic(DEMO_TOKENS.classicNoWrite, ['repo', 'read:packages'], now),
    { value: DEMO_TOKENS.fineGrained, owner: DEMO_USER, kind: 'fine-grained', createdAt: iso(now - 3 * DAY), expiresAt: iso(now + 27 * DAY) },
    classic(DEMO_TOKENS.serverRead, ['read:packages'], now, { expiresAt: null }),
    classic(DEMO_TOKENS.serverRevoked, ['read:packages'], now, { revoked: true, createdAt: iso(now - 200 * DAY) }),
    // Minted by a workflow run two days ago; it expired when the job ended.
    {
      value: DEMO_TOKENS.actionsJob,
      owner: 'github-actions[bot]',
      kind: 'actions',
      repo: DEMO_REPO,
      packagesPermission: 'write',
      expiresAt: iso(now - 2 * DAY + 600_000),
    },
  ];
}

const persistentLogin = (token: string) => ({ stored: { token, location: 'persistent' as const } });

export const SCENARIOS: Scenario[] = [
  {
    name: 'v7-pipeline',
    summary: 'a typical broken pipeline: a token without write:packages, and the job token stored on the server',
    expectFindings: ['token.missing-scope', 'server.actions-token-stored'],
    expectExit: 1,
    laptop: { token: DEMO_TOKENS.classicNoWrite },
    server: { stored: { token: DEMO_TOKENS.actionsJob, location: 'runtime' }, tokenFile: { content: `${DEMO_TOKENS.serverRead}\r\n`, mode: 0o644 } },
    world: (now) => baseWorld(now, commonTokens(now)),
  },
  {
    name: 'push-denied-scopes',
    summary: 'push: "denied: permission_denied: The token provided does not match expected scopes."',
    expectFindings: ['token.missing-scope'],
    expectExit: 1,
    laptop: { token: DEMO_TOKENS.classicNoWrite },
    server: persistentLogin(DEMO_TOKENS.serverRead),
    world: (now) => baseWorld(now, commonTokens(now)),
  },
  {
    name: 'server-403',
    summary: 'server pull: "Requesting bearer token: invalid status code from registry 403 (Forbidden)"',
    expectFindings: ['server.stored-token-invalid'],
    expectExit: 1,
    laptop: { token: DEMO_TOKENS.classicGood },
    server: persistentLogin(DEMO_TOKENS.serverRevoked),
    world: (now) => baseWorld(now, commonTokens(now)),
  },
  {
    name: 'fine-grained-token',
    summary: 'a github_pat_ token "with every permission": ghcr.io takes classic tokens only',
    expectFindings: ['token.fine-grained'],
    expectExit: 1,
    laptop: { token: DEMO_TOKENS.fineGrained },
    server: persistentLogin(DEMO_TOKENS.serverRead),
    world: (now) => baseWorld(now, commonTokens(now)),
  },
  {
    name: 'private-package-anonymous-pull',
    summary: "the package is private (GHCR's default) and must be pullable without logging in (--expect-public)",
    expectFindings: ['package.private'],
    expectExit: 1,
    expectPublic: true,
    laptop: { token: DEMO_TOKENS.classicGood },
    server: {},
    world: (now) => baseWorld(now, commonTokens(now)),
  },
  {
    name: 'actions-token-on-server',
    summary: 'the workflow logged the server in with GITHUB_TOKEN, which died with the job',
    expectFindings: ['server.actions-token-stored'],
    expectExit: 1,
    laptop: { token: DEMO_TOKENS.classicGood },
    server: { stored: { token: DEMO_TOKENS.actionsJob, location: 'persistent' } },
    world: (now) => baseWorld(now, commonTokens(now)),
  },
  {
    name: 'healthy',
    summary: 'everything as the runbook intends: classic token with write:packages, server logged in persistently',
    expectFindings: [],
    expectExit: 0,
    laptop: { token: DEMO_TOKENS.classicGood },
    server: { ...persistentLogin(DEMO_TOKENS.serverRead), tokenFile: { content: `${DEMO_TOKENS.serverRead}\n`, mode: 0o600 } },
    world: (now) => baseWorld(now, commonTokens(now)),
  },
];

/** `demo` without --scenario: several failures and their fixes. */
export const DEFAULT_SCENARIO = 'v7-pipeline';

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
