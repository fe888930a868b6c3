import { diagnose } from '../../src/diagnosis/diagnose.js';
import type { DiagnosisInputs } from '../../src/diagnosis/inputs.js';
import { Redactor } from '../../src/engine/redact.js';
import { exitCodeFor } from '../../src/engine/outcome.js';
import type { Finding } from '../../src/engine/types.js';
import { parseImageRef } from '../../src/ghcr/image-ref.js';
import { nodeFileSystem } from '../../src/io/node-fs.js';
import { nodeIo } from '../../src/io/node-io.js';
import type { FetchLike } from '../../src/io/types.js';
import type { World } from '../../src/sandbox/world.js';
import { runBuiltCli } from '../helpers/built-cli.js';
import { testInputs } from '../helpers/inputs.js';
import { tempDirWith, type TempDir } from '../helpers/temp-dir.js';
import type { Lab } from './harness.js';

/** Tokens of the registry lab worlds (classic PAT shape: ghp_ + 36). */
export const T = {
  full: 'ghp_labRegFullScopes000000000000000000021',
  readOnly: 'ghp_labRegReadOnly0000000000000000000022',
  noDelete: 'ghp_labRegNoDelete0000000000000000000023',
  revoked: 'ghp_labRegRevoked00000000000000000000024',
  fineGrained: 'github_pat_11AAAAAAA0labRegFineGrained_00000000000000000000000000000000000000025',
} as const;

/**
 * One world for the registry/package findings: octocat owns octocat/api (private, linked) and
 * octocat/web (public); hubot owns hubot/secret (private); org acme (octocat owns it) has acme/api
 * (not linked) and forbids creating private packages.
 */
export function registryWorld(over: Partial<World> = {}): World {
  return {
    users: [{ login: 'octocat' }, { login: 'hubot' }],
    orgs: [{ login: 'acme', members: ['octocat'], owners: ['octocat'], packageCreation: { private: false } }],
    tokens: [
      {
        value: T.full,
        owner: 'octocat',
        kind: 'classic',
        scopes: ['repo', 'read:packages', 'write:packages', 'delete:packages'],
        expiresAt: '2099-01-01T00:00:00Z',
      },
      { value: T.readOnly, owner: 'octocat', kind: 'classic', scopes: ['repo', 'read:packages'], expiresAt: '2099-01-01T00:00:00Z' },
      { value: T.noDelete, owner: 'octocat', kind: 'classic', scopes: ['repo', 'read:packages', 'write:packages'], expiresAt: '2099-01-01T00:00:00Z' },
      { value: T.revoked, owner: 'octocat', kind: 'classic', scopes: ['read:packages'], revoked: true },
      { value: T.fineGrained, owner: 'octocat', kind: 'fine-grained', expiresAt: '2099-01-01T00:00:00Z' },
    ],
    packages: [
      { owner: 'octocat', name: 'api', visibility: 'private', repository: 'octocat/api' },
      { owner: 'octocat', name: 'web', visibility: 'public', repository: 'octocat/web' },
      { owner: 'hubot', name: 'secret', visibility: 'private', repository: null },
      { owner: 'acme', name: 'api', visibility: 'private', repository: null, actionsAccess: [] },
    ],
    repos: [
      { fullName: 'octocat/api', private: true, secrets: [{ name: 'GHCR_TOKEN' }], defaultWorkflowPermissions: 'write' },
      { fullName: 'octocat/web', private: false, secrets: [], defaultWorkflowPermissions: 'read' },
    ],
    ...over,
  };
}

export async function seedRegistryWorld(lab: Lab): Promise<void> {
  await lab.seedImage('octocat/api:latest');
  await lab.seedImage('octocat/web:latest', { visibility: 'public' });
  await lab.seedImage('hubot/secret:latest');
  await lab.seedImage('acme/api:latest');
}

export interface InLabRun {
  findings: Finding[];
  ids: string[];
  byId(id: string): Finding | undefined;
  status: Record<string, string>;
  code: number;
}

/** The whole diagnosis in-process against the lab (token in GHCR_TOKEN, an empty HOME unless given). */
export async function diagnoseInLab(
  lab: Lab,
  image: string,
  token: string,
  over: Partial<DiagnosisInputs> = {},
  io: { homedir?: string; fetch?: FetchLike; inspectTls?: boolean } = {},
): Promise<InLabRun> {
  const inputs = testInputs({
    image: parseImageRef(/[.:]/.test(image.split('/')[0]!) ? image : `${lab.registryHost}/${image}`),
    apiUrl: lab.apiUrl,
    statusUrl: null,
    timeoutMs: 30_000,
    ...over,
  });
  const env = { GHCR_TOKEN: token };
  const result = await diagnose(
    inputs,
    {
      fetch: io.fetch ?? lab.fetch,
      fs: nodeFileSystem,
      clock: { now: () => Date.now() },
      env,
      homedir: io.homedir ?? '/nonexistent-lab-home',
      ...(io.inspectTls ? { inspectTls: nodeIo({}).inspectTls } : {}),
    },
    { listener: () => {}, redactor: new Redactor() },
  );
  return {
    findings: result.findings,
    ids: result.findings.map((f) => f.id),
    byId: (id) => result.findings.find((f) => f.id === id),
    status: Object.fromEntries(result.checks.map((c) => [c.id, c.status])),
    code: exitCodeFor(result.findings),
  };
}

/** A throwaway HOME with files (docker config, podman auth.json). */
export function labHome(files: Record<string, unknown> = {}): Promise<TempDir> {
  return tempDirWith('ghcr-lab-home-', files);
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The built CLI with only the lab's env, a throwaway HOME and the given token (in `env`); 99 when it was killed. */
export async function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  const { code, stdout, stderr } = await runBuiltCli(args, { env: { NO_COLOR: '1', ...env } });
  return { code: code ?? 99, stdout, stderr };
}
