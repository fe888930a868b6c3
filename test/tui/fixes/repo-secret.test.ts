import sodium from 'libsodium-wrappers';
import { describe, expect, it } from 'vitest';
import { repoSecretFix } from '../../../src/fixes/repo-secret.js';
import { fixActionsFor, type FixEnvironment } from '../../../src/fixes/index.js';
import type { Finding } from '../../../src/engine/types.js';
import type { World } from '../../../src/sandbox/world.js';
import { API, sandboxApi } from './sandbox-fetch.js';

const ADMIN = 'ghp_adminAdminAdminAdminAdminAdmin0001';
const NEW_TOKEN = 'ghp_newNewNewNewNewNewNewNewNewNewNew02';
const NO_REPO_SCOPE = 'ghp_packagesOnlyPackagesOnlyPackage03';

function world(): World {
  return {
    users: [{ login: 'octo' }],
    orgs: [],
    tokens: [
      { value: ADMIN, owner: 'octo', kind: 'classic', scopes: ['repo', 'write:packages'] },
      { value: NO_REPO_SCOPE, owner: 'octo', kind: 'classic', scopes: ['write:packages'] },
    ],
    packages: [],
    repos: [{ fullName: 'octo/api', secrets: [] }],
  };
}

async function open(sealedB64: string, kp: { publicKeyBytes: Uint8Array; privateKeyBytes: Uint8Array }): Promise<string> {
  await sodium.ready;
  const sealed = sodium.from_base64(sealedB64, sodium.base64_variants.ORIGINAL);
  return sodium.to_string(sodium.crypto_box_seal_open(sealed, kp.publicKeyBytes, kp.privateKeyBytes));
}

describe('repo secret fix: sealed box, PUT, updated_at confirmed', () => {
  it('creates the secret; the stored value decrypts (crypto_box_seal_open) to the token', async () => {
    const w = world();
    let now = Date.parse('2026-11-30T10:00:00Z');
    const { api, fetch } = sandboxApi(w, () => now);
    const fix = repoSecretFix({
      apiUrl: API,
      fetch,
      owner: 'octo',
      repo: 'api',
      secretName: 'GHCR_TOKEN',
      apiToken: () => ADMIN,
      secretValue: (p) => p ?? ADMIN,
    });
    const preview = fix.preview({ token: NEW_TOKEN }).join('\n');
    expect(preview).toContain(`PUT ${API}/repos/octo/api/actions/secrets/GHCR_TOKEN`);
    expect(preview).toContain('ghp_****');
    expect(preview).not.toContain(NEW_TOKEN);

    await fix.apply({ token: NEW_TOKEN }, new AbortController().signal);
    now += 1000;
    expect(await fix.verify({ token: NEW_TOKEN }, new AbortController().signal)).toMatchObject({ ok: true });
    const stored = w.repos[0]!.secrets![0]!;
    expect(stored.name).toBe('GHCR_TOKEN');
    expect(stored.encryptedValue).not.toContain('ghp_');
    expect(await open(stored.encryptedValue!, await api.secretKeyPair('octo/api'))).toBe(NEW_TOKEN);
    expect(fetch.calls).toEqual([
      'GET /repos/octo/api/actions/secrets/public-key',
      'PUT /repos/octo/api/actions/secrets/GHCR_TOKEN',
      'GET /repos/octo/api/actions/secrets/GHCR_TOKEN',
    ]);
  });

  it('replacing an existing secret: the 204 is trusted and the secret read back', async () => {
    const w = world();
    w.repos[0]!.secrets = [{ name: 'GHCR_TOKEN', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' }];
    const { api, fetch } = sandboxApi(w, () => Date.parse('2026-11-30T10:00:00Z'));
    const fix = repoSecretFix({
      apiUrl: API,
      fetch,
      owner: 'octo',
      repo: 'api',
      secretName: 'GHCR_TOKEN',
      apiToken: () => ADMIN,
      secretValue: () => NEW_TOKEN,
    });
    await fix.apply({}, new AbortController().signal);
    expect(await fix.verify({}, new AbortController().signal)).toEqual({
      ok: true,
      message: 'secret GHCR_TOKEN updated: GitHub answered the PUT with 204 (updated); updated_at 2026-11-30T10:00:00Z',
    });
    expect(await open(w.repos[0]!.secrets![0]!.encryptedValue!, await api.secretKeyPair('octo/api'))).toBe(NEW_TOKEN);
  });

  it('two updates within the same second (updated_at has one-second resolution) are both confirmed', async () => {
    const w = world();
    let now = Date.parse('2026-11-30T10:00:00.100Z');
    const { api, fetch } = sandboxApi(w, () => now);
    const fix = repoSecretFix({
      apiUrl: API,
      fetch,
      owner: 'octo',
      repo: 'api',
      secretName: 'GHCR_TOKEN',
      apiToken: () => ADMIN,
      secretValue: (p) => p ?? ADMIN,
    });
    await fix.apply({ token: ADMIN }, new AbortController().signal);
    expect(await fix.verify({ token: ADMIN }, new AbortController().signal)).toMatchObject({ ok: true });
    now += 400; // the same second: updated_at stays 2026-11-30T10:00:00Z
    await fix.apply({ token: NEW_TOKEN }, new AbortController().signal);
    expect(await fix.verify({ token: NEW_TOKEN }, new AbortController().signal)).toMatchObject({ ok: true, message: expect.stringMatching(/204 \(updated\)/) });
    expect(await open(w.repos[0]!.secrets![0]!.encryptedValue!, await api.secretKeyPair('octo/api'))).toBe(NEW_TOKEN);
  });

  it("a secret whose updated_at is older than the PUT's own Date is not confirmed", async () => {
    const w = world();
    const now = Date.parse('2026-11-30T10:00:00Z');
    const { fetch: real } = sandboxApi(w, () => now);
    // A GitHub that answers 204 but keeps an old secret (the write was lost): updated_at stays in January.
    const fetch = (async (input: Parameters<typeof real>[0], init?: RequestInit) => {
      const res = await real(input, init);
      if ((init?.method ?? 'GET') === 'PUT')
        w.repos[0]!.secrets = [{ name: 'GHCR_TOKEN', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' }];
      return res;
    }) as typeof real;
    const fix = repoSecretFix({
      apiUrl: API,
      fetch,
      owner: 'octo',
      repo: 'api',
      secretName: 'GHCR_TOKEN',
      apiToken: () => ADMIN,
      secretValue: () => NEW_TOKEN,
    });
    await fix.apply({}, new AbortController().signal);
    expect(await fix.verify({}, new AbortController().signal)).toMatchObject({ ok: false, message: expect.stringMatching(/older than that PUT/) });
  });

  it('a token without the repo scope is refused (GitHub hides the repo: 404) and nothing is stored', async () => {
    const w = world();
    const { fetch } = sandboxApi(w, () => Date.now());
    const fix = repoSecretFix({
      apiUrl: API,
      fetch,
      owner: 'octo',
      repo: 'api',
      secretName: 'GHCR_TOKEN',
      apiToken: () => NO_REPO_SCOPE,
      secretValue: () => NEW_TOKEN,
    });
    await expect(fix.apply({}, new AbortController().signal)).rejects.toThrow(/repo scope/);
    expect(w.repos[0]!.secrets).toEqual([]);
  });

  it("an organization's SSO refusal (403) is said in GitHub's words, not as a missing scope or role", async () => {
    const w = world();
    w.orgs = [{ login: 'acme', members: ['octo'], ssoEnforced: true }];
    w.repos.push({ fullName: 'acme/api', secrets: [] });
    const { fetch } = sandboxApi(w, () => Date.now());
    const fix = repoSecretFix({
      apiUrl: API,
      fetch,
      owner: 'acme',
      repo: 'api',
      secretName: 'GHCR_TOKEN',
      apiToken: () => ADMIN,
      secretValue: () => NEW_TOKEN,
    });
    const refused = await fix.apply({}, new AbortController().signal).then(
      () => undefined,
      (e: unknown) => (e instanceof Error ? e.message : String(e)),
    );
    expect(refused).toMatch(/^GitHub refused access to the secrets of acme\/api \(403: .*SAML/);
    expect(refused).not.toMatch(/repo scope|collaborator/);
    expect(w.repos[1]!.secrets).toEqual([]);
  });
});

describe('the repository secret fix offered for a finding', () => {
  it("calls the API with the run's first token (it has repo), storing the newly pasted packages token", async () => {
    const w = world();
    const { fetch } = sandboxApi(w, () => Date.parse('2026-11-30T10:00:00Z'));
    const finding = { id: 'actions.secret-missing', fixes: [{ id: 'actions.set-secret', title: 'set it', links: [], commands: [] }], evidence: {} };
    const [fix] = fixActionsFor(finding as unknown as Finding, {
      apiUrl: API,
      fetch,
      fs: {} as FixEnvironment['fs'],
      homedir: '/nowhere',
      repo: { owner: 'octo', name: 'api' },
      secretName: 'GHCR_TOKEN',
      currentToken: () => NO_REPO_SCOPE,
      apiToken: () => ADMIN,
      adoptToken: () => undefined,
      open: async () => false,
      moreFixes: () => [],
    });
    await fix!.apply({}, new AbortController().signal);
    const stored = w.repos[0]!.secrets![0]!;
    expect(stored.name).toBe('GHCR_TOKEN');
  });
});
