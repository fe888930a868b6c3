import { describe, expect, it } from 'vitest';
import { missingScopes, tokenLinkFix, verifyNewToken } from '../../../src/fixes/token-link.js';
import { TokenRefusedError } from '../../../src/fixes/types.js';
import type { World } from '../../../src/sandbox/world.js';
import { API, sandboxApi } from './sandbox-fetch.js';

const GOOD = 'ghp_goodGoodGoodGoodGoodGoodGoodGood0001';
const READ_ONLY = 'ghp_readReadReadReadReadReadReadRead0002';
const REVOKED = 'ghp_goneGoneGoneGoneGoneGoneGoneGone0003';

const world: World = {
  users: [{ login: 'octo' }],
  orgs: [],
  tokens: [
    { value: GOOD, owner: 'octo', kind: 'classic', scopes: ['write:packages'] },
    { value: READ_ONLY, owner: 'octo', kind: 'classic', scopes: ['read:packages'] },
    { value: REVOKED, owner: 'octo', kind: 'classic', scopes: ['write:packages'], revoked: true },
  ],
  packages: [],
  repos: [],
};

describe('token link fix', () => {
  const { fetch } = sandboxApi(world, () => Date.now());
  const deps = { apiUrl: API, fetch, scopes: ['write:packages', 'read:packages'] };

  it('write:packages implies read:packages', () => {
    expect(missingScopes(['write:packages'], ['write:packages', 'read:packages'])).toEqual([]);
    expect(missingScopes(['read:packages'], ['write:packages', 'read:packages'])).toEqual(['write:packages']);
  });

  it("the link is the contract's new-token URL; GHES gets its own host", () => {
    const fix = tokenLinkFix({ ...deps, adopt: () => {}, open: async () => true });
    expect(fix.url).toBe('https://sandbox.test/settings/tokens/new?scopes=write:packages,read:packages&description=ghcr-doctor');
    const ghes = tokenLinkFix({ ...deps, apiUrl: 'https://ghe.example.com/api/v3', adopt: () => {}, open: async () => true });
    expect(ghes.url).toBe('https://ghe.example.com/settings/tokens/new?scopes=write:packages,read:packages&description=ghcr-doctor');
  });

  it('verifies a pasted token at once: revoked, missing scope, fine-grained and multi-line are refused', async () => {
    expect(await verifyNewToken(GOOD, deps)).toMatchObject({ ok: true, login: 'octo' });
    expect(await verifyNewToken(REVOKED, deps)).toMatchObject({ ok: false, message: expect.stringContaining('401') });
    expect(await verifyNewToken(READ_ONLY, deps)).toMatchObject({ ok: false, message: expect.stringContaining('lacks write:packages') });
    expect(await verifyNewToken('github_pat_11AAAAAAA0123456789_abcdefghijklmnopqrstuvwxyz', deps)).toMatchObject({
      ok: false,
      message: expect.stringContaining('classic'),
    });
    expect(await verifyNewToken(`${GOOD}\nextra`, deps)).toMatchObject({ ok: false, message: expect.stringContaining('several lines') });
  });

  it('a refusal blames the token; an API that is down does not (the token is not thrown away for it)', async () => {
    expect(await verifyNewToken(REVOKED, deps)).toMatchObject({ ok: false, tokenRefused: true });
    expect(await verifyNewToken(READ_ONLY, deps)).toMatchObject({ ok: false, tokenRefused: true });
    const down = { ...deps, fetch: async () => new Response('upstream connect error', { status: 503 }) };
    const verdict = await verifyNewToken(GOOD, down);
    expect(verdict).toMatchObject({ ok: false, message: 'GET /user answered 503' });
    expect(verdict.tokenRefused).toBeUndefined();
    const fix = tokenLinkFix({ ...down, adopt: () => {}, open: async () => true });
    const error = await fix.apply({ token: GOOD }, new AbortController().signal).catch((e: Error) => e);
    expect(error).not.toBeInstanceOf(TokenRefusedError);
    const refusing = tokenLinkFix({ ...deps, adopt: () => {}, open: async () => true });
    expect(await refusing.apply({ token: REVOKED }, new AbortController().signal).catch((e: Error) => e)).toBeInstanceOf(TokenRefusedError);
  });

  it('adopts only a token that passed, and never puts it in its messages', async () => {
    const adopted: string[] = [];
    const fix = tokenLinkFix({ ...deps, adopt: (t) => adopted.push(t), open: async () => true });
    await expect(fix.apply({ token: READ_ONLY }, new AbortController().signal)).rejects.toThrow(/lacks write:packages/);
    expect(adopted).toEqual([]);
    const res = await fix.apply({ token: GOOD }, new AbortController().signal);
    const verdict = await fix.verify({ token: GOOD }, new AbortController().signal);
    expect(adopted).toEqual([GOOD]);
    expect(JSON.stringify([res, verdict, fix.preview({ token: GOOD })])).not.toContain(GOOD);
  });
});
