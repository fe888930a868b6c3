import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Lab } from './harness.js';
import { requireLab } from './require-lab.js';
import { doctor, labImage, useCliLab } from './github-side-cli.js';
import { labWorld } from './use-lab.js';

const labOk = requireLab();

/** Tokens of worlds/token-findings.json. */
const T = {
  full: 'ghp_labTokFull000000000000000000000000031',
  readOnly: 'ghp_labTokReadOnly0000000000000000000032',
  repoOnly: 'ghp_labTokRepoOnly0000000000000000000033',
  expired: 'ghp_labTokExpired00000000000000000000034',
  revoked: 'ghp_labTokRevoked00000000000000000000035',
  fineGrained: 'github_pat_11AAAAAAA0labTokFineGrained_0000000000000000000000000000000000000036',
  oauth: 'gho_labTokOAuthApp0000000000000000000037',
  installation: 'ghs_labTokInstallation00000000000000038',
  ssoAuthorized: 'ghp_labTokSsoAuthorized000000000000000039',
} as const;

const DAY = 86_400_000;

/**
 * Every token.* finding of the GitHub side, each in a world that produces it, through the built CLI
 * (`--ci --json`, token in GHCR_TOKEN or --token-file, an empty HOME). One lab; tests that need other
 * tokens or limits add them to the live world and take them away again.
 */
describe.skipIf(!labOk)('lab: token findings, each in a world that produces it (built CLI)', () => {
  let lab: Lab;
  let home: string;
  const image = () => labImage(lab, 'octocat/api:latest');
  const run = (args: string[], env: Record<string, string> = {}) => doctor(lab, home, args, env);

  useCliLab(labWorld('token-findings'), async (l, h) => {
    [lab, home] = [l, h];
    await lab.seedImage('octocat/api:latest');
    await lab.seedImage('samlcorp/api:latest');
    await lab.seedImage('noclassic/api:latest');
  });
  afterEach(() => {
    delete lab.world.rateLimitRemaining;
  });

  it('the full classic token on its own private package: no token finding, no alarm, exit 0 (the baseline)', async () => {
    const r = await run(['--image', image(), '--no-status'], { GHCR_TOKEN: T.full });
    expect(r.alarms).toEqual([]);
    for (const id of ['token.discovery', 'token.type', 'token.identity', 'token.scopes', 'token.org', 'registry.login', 'registry.pull', 'registry.push']) {
      expect([id, r.status[id]]).toEqual([id, 'pass']);
    }
    expect(r.code).toBe(0);
  });

  it.each([
    ['revoked', T.revoked],
    ['expired', T.expired],
  ])('token.invalid: a %s classic PAT → 401 Bad credentials at GET /user, reported once', async (_what, token) => {
    const r = await run(['--image', image(), '--no-status'], { GHCR_TOKEN: token });
    const f = r.byId('token.invalid')!;
    expect(f).toMatchObject({ severity: 'error', check: 'token.identity', evidence: { status: 401, message: 'Bad credentials', source: 'GHCR_TOKEN' } });
    expect(f.fixes[0]!.links[0]).toBe(`${lab.apiUrl.replace(/\/api\/v3$/, '')}/settings/tokens/new?scopes=write:packages&description=ghcr-doctor`);
    expect(r.status['token.scopes']).toBe('skip');
    // Reported once: the registry login waits for token.identity and is not tried with a token GitHub rejects.
    expect(r.status['registry.login']).toBe('skip');
    expect(r.alarms.map((a) => a.id)).toEqual(['token.invalid']);
    expect(r.code).toBe(1);
    expect(r.outcome).toBe('problems');
  });

  describe('token.expiring: GitHub-Authentication-Token-Expiration under 14 days', () => {
    const added: string[] = [];
    const addToken = (value: string, expiresAt: string, zone?: string) => {
      lab.world.tokens.push({
        value,
        owner: 'octocat',
        kind: 'classic',
        scopes: ['repo', 'read:packages', 'write:packages'],
        expiresAt,
        ...(zone ? { expirationZone: zone } : {}),
      });
      added.push(value);
    };
    afterAll(() => {
      lab.world.tokens = lab.world.tokens.filter((t) => !added.includes(t.value));
    });

    it.each([
      ['UTC', undefined, 'ghp_labTokExpiringUtc000000000000000040'],
      ['+0900', '+0900', 'ghp_labTokExpiringJst000000000000000041'],
    ])('a token expiring in 5 days, header in the %s form → warning with the exact instant, exit 0', async (_form, zone, value) => {
      // Whole seconds: the header carries no milliseconds.
      const expiresAt = new Date(Math.floor((Date.now() + 5 * DAY + 3_600_000) / 1000) * 1000).toISOString();
      addToken(value, expiresAt, zone);
      // The world really sends this form (the CLI only shows the instant it parsed from it).
      const header = (await lab.fetch(`${lab.apiUrl}/user`, { headers: { authorization: `token ${value}` } })).headers.get(
        'github-authentication-token-expiration',
      );
      expect(header).toMatch(zone ? /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0900$/ : /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
      const r = await run(['--image', image(), '--no-status'], { GHCR_TOKEN: value });
      expect(r.byId('token.expiring')).toMatchObject({ severity: 'warning', check: 'token.identity', evidence: { expiresAt, daysLeft: 5 } });
      expect(r.status['registry.push']).toBe('pass');
      expect(r.code).toBe(0);
      // --strict: a warning fails the run.
      expect((await run(['--image', image(), '--no-status', '--strict'], { GHCR_TOKEN: value })).code).toBe(1);
    });

    it('a token expiring in 30 days raises nothing', async () => {
      const value = 'ghp_labTokExpiringLater0000000000000042';
      addToken(value, new Date(Date.now() + 30 * DAY).toISOString());
      const r = await run(['--image', image(), '--no-status'], { GHCR_TOKEN: value });
      expect(r.ids).not.toContain('token.expiring');
      expect(r.status['token.identity']).toBe('pass');
    });
  });

  it('token.missing-scope for a push: a read-only classic token; the registry answers the scopes denial', async () => {
    const r = await run(['--image', image(), '--no-status'], { GHCR_TOKEN: T.readOnly });
    expect(r.byId('token.missing-scope')).toMatchObject({
      severity: 'error',
      check: 'token.scopes',
      evidence: { missing: ['write:packages'], scopes: ['repo', 'read:packages'], probe: 'session' },
    });
    expect(r.byId('registry.push-denied')!.evidence).toMatchObject({
      status: 403,
      code: 'DENIED',
      message: 'permission_denied: The token provided does not match expected scopes.',
    });
    expect(r.status['registry.pull']).toBe('pass');
    expect(r.code).toBe(1);
  });

  it('token.missing-scope for a pull with --probe none: a classic token without any packages scope', async () => {
    const r = await run(['--image', image(), '--no-status', '--probe', 'none'], { GHCR_TOKEN: T.repoOnly });
    expect(r.byId('token.missing-scope')).toMatchObject({ severity: 'error', evidence: { missing: ['read:packages'], scopes: ['repo'], probe: 'none' } });
    expect(r.byId('registry.pull-denied')!.evidence).toMatchObject({ status: 403, code: 'DENIED', message: 'permission_denied: read_package' });
    expect(r.ids).not.toContain('registry.push-denied');
    expect(r.code).toBe(1);
    // The same token with write:packages would need nothing more: a read-only token passes a pull-only run.
    const ok = await run(['--image', image(), '--no-status', '--probe', 'none'], { GHCR_TOKEN: T.readOnly });
    expect(ok.ids).not.toContain('token.missing-scope');
    expect(ok.status['token.scopes']).toBe('pass');
  });

  it('token.fine-grained: a github_pat_ token the API accepts and the registry refuses', async () => {
    const r = await run(['--image', image(), '--no-status'], { GHCR_TOKEN: T.fineGrained });
    expect(r.byId('token.fine-grained')).toMatchObject({ severity: 'error', check: 'token.type', evidence: { kind: 'fine-grained', source: 'GHCR_TOKEN' } });
    expect(r.status['token.identity']).toBe('pass'); // the API knows the token: it is its type that is wrong
    expect(r.status['token.scopes']).toBe('skip'); // no X-OAuth-Scopes for fine-grained tokens
    expect(r.byId('registry.login-rejected')!.evidence).toMatchObject({ status: 403, code: 'DENIED' });
    expect(r.code).toBe(1);
  });

  it('token.oauth-app: a gho_ token with write:packages is a warning; the registry checks still pass', async () => {
    const r = await run(['--image', image(), '--no-status'], { GHCR_TOKEN: T.oauth });
    const f = r.byId('token.oauth-app')!;
    expect(f).toMatchObject({ severity: 'warning', check: 'token.type', evidence: { kind: 'oauth-app', source: 'GHCR_TOKEN' } });
    expect(f.fixes.map((x) => x.id)).toContain('token.gh-refresh');
    for (const id of ['registry.login', 'registry.pull', 'registry.push']) expect([id, r.status[id]]).toEqual([id, 'pass']);
    expect(r.alarms.map((a) => a.id)).toEqual(['token.oauth-app']);
    expect(r.code).toBe(0);
  });

  it('token.app-installation: a third-party App ghs_ token outside a job; GET /user is refused by design, the registry denies', async () => {
    const r = await run(['--image', image(), '--no-status'], { GHCR_TOKEN: T.installation });
    expect(r.byId('token.app-installation')).toMatchObject({
      severity: 'warning',
      check: 'token.type',
      evidence: { kind: 'app-installation', source: 'GHCR_TOKEN' },
    });
    expect(r.status['token.identity']).toBe('pass');
    expect(r.byId('registry.push-denied')!.evidence).toMatchObject({ status: 403, message: 'permission_denied: write_package' });
    expect(r.ids).not.toContain('token.invalid');
  });

  it("token.app-installation is not raised for the job's own GITHUB_TOKEN inside Actions", async () => {
    const value = 'ghs_labTokActionsJob0000000000000000043';
    lab.world.tokens.push({
      value,
      owner: 'github-actions[bot]',
      kind: 'actions',
      repo: 'octocat/api',
      packagesPermission: 'write',
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    try {
      const r = await run(['--image', image(), '--no-status'], { GITHUB_TOKEN: value, GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'octocat/api' });
      expect(r.ids).not.toContain('token.app-installation');
      expect(r.status['token.type']).toBe('pass');
      expect(r.status['registry.push']).toBe('pass');
    } finally {
      lab.world.tokens = lab.world.tokens.filter((t) => t.value !== value);
    }
  });

  it('token.sso-unauthorized: a classic PAT not authorized for an SSO org; evidence has the X-GitHub-SSO url', async () => {
    const r = await run(['--image', labImage(lab, 'samlcorp/api:latest'), '--no-status'], { GHCR_TOKEN: T.full });
    const f = r.byId('token.sso-unauthorized')!;
    expect(f).toMatchObject({ severity: 'error', check: 'token.org', evidence: { owner: 'samlcorp' } });
    expect(f.evidence.url).toMatch(new RegExp(`^${escapeRegExp(lab.apiUrl)}/orgs/samlcorp/sso\\?authorization_request=[0-9A-F]{24}$`));
    expect(f.evidence.message).toMatch(/Resource protected by organization SAML enforcement/);
    expect(f.fixes[0]!.links).toEqual([f.evidence.url]);
    expect(r.code).toBe(1);
    // The same org with an SSO-authorized token: no finding, the registry lets it through.
    const ok = await run(['--image', labImage(lab, 'samlcorp/api:latest'), '--no-status'], { GHCR_TOKEN: T.ssoAuthorized });
    expect(ok.ids).not.toContain('token.sso-unauthorized');
    expect(ok.status['token.org']).toBe('pass');
    expect(ok.status['registry.pull']).toBe('pass');
  });

  it('token.sso-unauthorized for a gh OAuth token (gho_): GitHub asks to grant the OAuth token', async () => {
    const r = await run(['--image', labImage(lab, 'samlcorp/api:latest'), '--no-status'], { GHCR_TOKEN: T.oauth });
    const f = r.byId('token.sso-unauthorized')!;
    expect(f.evidence.message).toBe('Resource protected by organization SAML enforcement. You must grant your OAuth token access to this organization.');
    expect(f.evidence.url).toMatch(/\/orgs\/samlcorp\/sso\?authorization_request=/);
    expect(r.ids).toContain('token.oauth-app');
  });

  it('token.org-policy: a fine-grained token living longer than the org allows (lifetime policy)', async () => {
    const value = 'github_pat_11AAAAAAA0labTokFineLongLived_000000000000000000000000000000000000045';
    lab.world.tokens.push({ value, owner: 'octocat', kind: 'fine-grained', createdAt: '2026-01-01T00:00:00Z', expiresAt: '2027-06-01T00:00:00Z' });
    try {
      const r = await run(['--image', labImage(lab, 'shortlived/api:latest'), '--no-status'], { GHCR_TOKEN: value });
      expect(r.byId('token.org-policy')).toMatchObject({ severity: 'error', check: 'token.org', evidence: { owner: 'shortlived', policy: 'lifetime' } });
      expect(r.byId('token.org-policy')!.evidence.message).toMatch(
        /forbids access via a fine-grained personal access tokens if the token's lifetime is greater than 90 days/,
      );
      expect(r.ids).toContain('token.fine-grained');
    } finally {
      lab.world.tokens = lab.world.tokens.filter((t) => t.value !== value);
    }
  });

  it('token.org-policy: the owner org forbids classic PATs', async () => {
    const r = await run(['--image', labImage(lab, 'noclassic/api:latest'), '--no-status'], { GHCR_TOKEN: T.full });
    const f = r.byId('token.org-policy')!;
    expect(f).toMatchObject({ severity: 'error', check: 'token.org', evidence: { owner: 'noclassic', policy: 'classic-forbidden' } });
    expect(f.evidence.message).toBe(
      '`noclassic` forbids access via a personal access token (classic). Please use a GitHub App, OAuth App, or a personal access token with fine-grained permissions.',
    );
    expect(r.code).toBe(1);
  });

  it.each([
    ['CRLF line ending', `${T.full}\r\n`, ['crlf']],
    ['UTF-8 BOM', `\uFEFF${T.full}\n`, ['bom']],
    ['trailing space', `${T.full} \n`, ['trailing-whitespace']],
  ])('token.malformed: a token file with a %s; the diagnosis goes on with the cleaned value and later checks pass', async (_what, content, problems) => {
    const file = join(home, 'token.txt');
    await writeFile(file, content, { mode: 0o600 });
    const r = await run(['--image', image(), '--no-status', '--token-file', file]);
    const f = r.byId('token.malformed')!;
    // A file under HOME is named the way a user types it.
    expect(f).toMatchObject({ severity: 'error', check: 'token.discovery', evidence: { source: '--token-file ~/token.txt', problems, lines: 1 } });
    expect(f.fixes[0]!.id).toBe('token.clean-file');
    for (const id of ['token.identity', 'token.scopes', 'registry.login', 'registry.pull', 'registry.push']) expect([id, r.status[id]]).toEqual([id, 'pass']);
    expect(r.alarms.map((a) => a.id)).toEqual(['token.malformed']);
    expect(r.code).toBe(1);
  });

  it('token.not-found: a clean HOME and no token in the environment', async () => {
    const r = await run(['--image', image(), '--no-status']);
    const f = r.byId('token.not-found')!;
    expect(f).toMatchObject({ severity: 'error', check: 'token.discovery' });
    expect(f.evidence.checked).toEqual(expect.arrayContaining(['GHCR_TOKEN', 'GITHUB_TOKEN', 'GH_TOKEN', '~/.ghcr_token']));
    expect(r.status['token.identity']).toBe('skip');
    expect(r.code).toBe(1);
  });

  it('registry.rate-limited: the API answers 403 with x-ratelimit-remaining: 0; a warning, not an auth failure [1.1, H4]', async () => {
    lab.world.rateLimitRemaining = 0;
    const r = await run(['--image', image(), '--no-status'], { GHCR_TOKEN: T.full });
    const limited = r.findings.filter((x) => x.id === 'registry.rate-limited');
    // GET /user and the package lookup both hit the limit; each says so, as a warning.
    expect(limited.map((x) => [x.check, x.severity]).sort()).toEqual([
      ['package.info', 'warning'],
      ['token.identity', 'warning'],
    ]);
    const f = limited.find((x) => x.check === 'token.identity')!;
    expect(f.evidence).toMatchObject({ status: 403, source: 'api', limit: 5000 });
    expect(Date.parse(f.evidence.resetAt as string)).toBeGreaterThan(Date.now());
    expect(r.ids).not.toContain('token.invalid');
    expect(r.status['registry.pull']).toBe('pass');
    expect(r.code).toBe(0);
  });
});

/**
 * Seed runbook 000: the deploy workflow's push failed with
 * `denied: permission_denied: The token provided does not match expected scopes.` — a classic token
 * without write:packages pushing hellocplusplus0/v7/backend.
 */
describe.skipIf(!labOk)('lab: the seed runbook push denial (seed 000)', () => {
  let lab: Lab;
  let home: string;
  const READ_ONLY = 'ghp_labRunbookReadOnlyPat000000000000044';

  useCliLab(labWorld('seed-runbook'), async (l, h) => {
    [lab, home] = [l, h];
    // The PAT the runbook's first attempt used: repo and read:packages, no write:packages.
    lab.world.tokens.push({
      value: READ_ONLY,
      owner: 'hellocplusplus0',
      kind: 'classic',
      scopes: ['repo', 'read:packages'],
      expiresAt: '2099-01-01T00:00:00Z',
    });
    await lab.seedImage('hellocplusplus0/v7/backend:latest');
  });

  it('is diagnosed as token.missing-scope + registry.push-denied with the exact registry text', async () => {
    const r = await doctor(lab, home, ['--image', labImage(lab, 'hellocplusplus0/v7/backend:latest'), '--no-status', '--repo', 'hellocplusplus0/v7'], {
      GHCR_TOKEN: READ_ONLY,
    });
    expect(r.byId('token.missing-scope')!.evidence).toMatchObject({ missing: ['write:packages'] });
    const denied = r.byId('registry.push-denied')!;
    expect(denied.evidence).toMatchObject({ status: 403, code: 'DENIED', message: 'permission_denied: The token provided does not match expected scopes.' });
    expect(r.ids.indexOf('token.missing-scope')).toBeGreaterThanOrEqual(0);
    expect(r.status['registry.pull']).toBe('pass');
    expect(r.code).toBe(1);
  });
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
