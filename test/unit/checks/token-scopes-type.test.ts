import { describe, expect, it } from 'vitest';
import { tokenScopesCheck, missingScopes } from '../../../src/checks/token-scopes.js';
import { tokenTypeCheck } from '../../../src/checks/token-type.js';
import type { TokenFacts } from '../../../src/diagnosis/facts.js';
import { ids, runCheck, testContext } from './context.js';

const token = (kind: TokenFacts['kind'], value = 'ghp_x', source = 'GHCR_TOKEN'): TokenFacts => ({ value, source, kind });

describe('token.scopes', () => {
  it.each([
    [['write:packages'], 'session', []],
    [['read:packages'], 'session', ['write:packages']],
    [['repo'], 'push', ['write:packages']],
    [['read:packages'], 'none', []],
    [['write:packages'], 'none', []],
    [['repo', 'read:org'], 'none', ['read:packages']],
    [[], 'none', ['read:packages']],
  ])('scopes %j with --probe %s → missing %j', (scopes, probe, missing) => {
    expect(missingScopes(scopes, probe).missing).toEqual(missing);
  });

  it('push probe without write:packages → token.missing-scope with evidence and the prefilled token link', async () => {
    const ctx = testContext();
    ctx.facts.token = token('classic');
    ctx.facts.identity = { login: 'octocat', scopes: ['read:packages', 'repo'] };
    const out = await runCheck(tokenScopesCheck, ctx);
    expect(out.status).toBe('fail');
    const f = out.findings![0]!;
    expect(f).toMatchObject({ id: 'token.missing-scope', severity: 'error', evidence: { missing: ['write:packages'], scopes: ['read:packages', 'repo'] } });
    expect(f.fixes.flatMap((x) => x.links)).toContain('https://github.com/settings/tokens/new?scopes=write:packages&description=ghcr-doctor');
  });

  it('GHES: the token link is on the GHES host', async () => {
    const ctx = testContext({ inputs: { apiUrl: 'https://github.example.com/api/v3', probe: 'none' } });
    ctx.facts.identity = { login: 'octocat', scopes: ['repo'] };
    const out = await runCheck(tokenScopesCheck, ctx);
    expect(out.findings![0]!.fixes.flatMap((x) => x.links)).toContain(
      'https://github.example.com/settings/tokens/new?scopes=read:packages&description=ghcr-doctor',
    );
  });

  it('gho_ token missing a scope: the gh auth refresh command comes first', async () => {
    const ctx = testContext();
    ctx.facts.token = token('oauth-app', 'gho_x');
    ctx.facts.identity = { login: 'octocat', scopes: ['gist', 'read:org', 'repo'] };
    const out = await runCheck(tokenScopesCheck, ctx);
    expect(out.findings![0]!.fixes[0]!.commands).toEqual(['gh auth refresh -h github.com -s write:packages']);
  });

  it('scopes null (fine-grained) → skipped with a summary; no identity → skipped', async () => {
    const ctx = testContext();
    ctx.facts.token = token('fine-grained', 'github_pat_x');
    ctx.facts.identity = { login: 'octocat', scopes: null };
    const out = await runCheck(tokenScopesCheck, ctx);
    expect(out).toMatchObject({ status: 'skip' });
    expect(out.summary).toContain('fine-grained');
    expect((await runCheck(tokenScopesCheck, testContext())).status).toBe('skip');
  });

  it('write:packages present → pass', async () => {
    const ctx = testContext();
    ctx.facts.identity = { login: 'octocat', scopes: ['write:packages'] };
    const out = await runCheck(tokenScopesCheck, ctx);
    expect(out.status).toBe('pass');
    expect(ids(out)).toEqual([]);
  });
});

describe('token.type', () => {
  const run = async (kind: TokenFacts['kind'], env: Record<string, string> = {}, source = 'GHCR_TOKEN') => {
    const ctx = testContext({ env });
    ctx.facts.token = token(kind, 'x', source);
    return runCheck(tokenTypeCheck, ctx);
  };
  it('classic and legacy pass without findings', async () => {
    expect(await run('classic')).toMatchObject({ status: 'pass' });
    expect(ids(await run('legacy'))).toEqual([]);
  });
  it('github_pat_ → token.fine-grained (error); the API checks still run', async () => {
    const out = await run('fine-grained');
    expect(out).toMatchObject({ status: 'fail', dependantsMayRun: true });
    expect(out.findings![0]).toMatchObject({ id: 'token.fine-grained', severity: 'error' });
    expect(out.findings![0]!.fixes[0]!.links[0]).toBe('https://github.com/settings/tokens/new?scopes=write:packages&description=ghcr-doctor');
  });
  it('gho_ → token.oauth-app (warning)', async () => {
    const out = await run('oauth-app');
    expect(out.status).toBe('warn');
    expect(out.findings![0]).toMatchObject({ id: 'token.oauth-app', severity: 'warning' });
  });
  it("ghs_ outside its job → token.app-installation (warning); the job's own GITHUB_TOKEN → pass", async () => {
    expect((await run('app-installation')).findings![0]).toMatchObject({ id: 'token.app-installation', severity: 'warning' });
    expect(ids(await run('app-installation', { GITHUB_ACTIONS: 'true' }, 'GITHUB_TOKEN'))).toEqual([]);
    expect(ids(await run('app-installation', { GITHUB_ACTIONS: 'true' }, '~/.ghcr_token'))).toEqual(['token.app-installation']);
  });
  it('ghr_ refresh token → token.invalid, and nothing after it runs', async () => {
    const out = await run('refresh');
    expect(out.status).toBe('fail');
    expect(out.dependantsMayRun).toBeFalsy();
    expect(ids(out)).toEqual(['token.invalid']);
  });
});

describe('--intent pull (contract Additions)', () => {
  it('a read:packages token is enough; write:packages is not required, whatever the probe', () => {
    expect(missingScopes(['read:packages'], 'session', 'pull')).toEqual({ needed: ['read:packages'], missing: [] });
    expect(missingScopes(['read:packages'], 'push', 'pull').missing).toEqual([]);
    expect(missingScopes(['repo'], 'session', 'pull').missing).toEqual(['read:packages']);
  });

  it('token.scopes passes a least-privilege read:packages token; missing read:packages is the finding, with a read:packages link', async () => {
    const ok = testContext({ inputs: { intent: 'pull' } });
    ok.facts.identity = { login: 'octocat', scopes: ['read:packages'] };
    expect((await runCheck(tokenScopesCheck, ok)).status).toBe('pass');
    const bad = testContext({ inputs: { intent: 'pull' } });
    bad.facts.identity = { login: 'octocat', scopes: ['repo'] };
    const out = await runCheck(tokenScopesCheck, bad);
    expect(out.findings![0]).toMatchObject({ id: 'token.missing-scope', evidence: { missing: ['read:packages'], intent: 'pull' } });
    expect(out.findings![0]!.fixes.flatMap((x) => x.links)).toContain('https://github.com/settings/tokens/new?scopes=read:packages&description=ghcr-doctor');
  });
});
