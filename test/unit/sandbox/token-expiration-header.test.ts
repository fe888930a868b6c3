import { describe, expect, it } from 'vitest';
import { createGithubApi, expirationHeader } from '../../../src/sandbox/github-api.js';
import { loadWorld, WorldError } from '../../../src/sandbox/world.js';
import { parseTokenExpiration } from '../../../src/checks/token-identity.js';

const TOKEN = 'ghp_zoneOffset000000000000000000000000001';

function worldWith(zone?: string) {
  return loadWorld({
    users: [{ login: 'octocat' }],
    tokens: [
      {
        value: TOKEN,
        owner: 'octocat',
        kind: 'classic',
        scopes: ['read:packages'],
        expiresAt: '2026-09-30T09:00:00Z',
        ...(zone ? { expirationZone: zone } : {}),
      },
    ],
  });
}

async function expirationOf(zone?: string): Promise<string | undefined> {
  const api = createGithubApi({
    world: worldWith(zone),
    now: () => Date.parse('2026-09-20T00:00:00Z'),
    webUrl: 'https://github.test',
    apiUrl: 'https://api.github.test',
  });
  const r = await api.handle({ method: 'GET', url: '/user', headers: { authorization: `token ${TOKEN}` } });
  return r.headers['github-authentication-token-expiration'];
}

describe('GitHub-Authentication-Token-Expiration forms [1.1, A3]', () => {
  it('defaults to the UTC form', async () => {
    expect(await expirationOf()).toBe('2026-09-30 09:00:00 UTC');
  });

  it('a numeric offset renders the same instant as local time in that offset', async () => {
    expect(await expirationOf('+0900')).toBe('2026-09-30 18:00:00 +0900');
    expect(expirationHeader('2026-09-30T09:00:00Z', '-0530')).toBe('2026-09-30 03:30:00 -0530');
    // Both forms name one instant: what the checks parse back is the world's expiresAt.
    expect(parseTokenExpiration(await expirationOf('+0900'))).toBe('2026-09-30T09:00:00.000Z');
    expect(parseTokenExpiration(await expirationOf())).toBe('2026-09-30T09:00:00.000Z');
  });

  it('a world with a zone that is neither UTC nor ±HHMM is rejected, naming the token', () => {
    expect(() => worldWith('JST')).toThrow(WorldError);
    expect(() => worldWith('+9')).toThrow(/tokens\[0\]\.expirationZone/);
  });
});
