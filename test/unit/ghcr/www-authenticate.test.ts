import { describe, expect, it } from 'vitest';
import { bearerChallenge, parseWwwAuthenticate } from '../../../src/ghcr/www-authenticate.js';

describe('WWW-Authenticate parsing [1.3]', () => {
  it('reads GHCR /v2/ challenge (realm, service, placeholder scope)', () => {
    const h = 'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:user/image:pull"';
    expect(bearerChallenge(h)).toEqual({ realm: 'https://ghcr.io/token', service: 'ghcr.io', scope: 'repository:user/image:pull' });
  });

  it('keeps commas inside quoted values (pull,push scope)', () => {
    const [c] = parseWwwAuthenticate('Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:acme/api:pull,push"');
    expect(c!.params.scope).toBe('repository:acme/api:pull,push');
    expect(c!.params.service).toBe('ghcr.io');
  });

  it('handles escaped quotes, spaces around = and case-insensitive names', () => {
    const [c] = parseWwwAuthenticate('BEARER Realm = "https://r.example/t\\"x", Service=reg');
    expect(c!.scheme).toBe('bearer');
    expect(c!.params.realm).toBe('https://r.example/t"x');
    expect(c!.params.service).toBe('reg');
  });

  it('splits several challenges in one header and finds the Bearer one', () => {
    const h = 'Basic realm="Registry Realm", Bearer realm="https://auth.example/token",service="example",error="insufficient_scope"';
    const all = parseWwwAuthenticate(h);
    expect(all.map((c) => c.scheme)).toEqual(['basic', 'bearer']);
    expect(all[1]!.params.error).toBe('insufficient_scope');
    expect(bearerChallenge(h)?.realm).toBe('https://auth.example/token');
  });

  it('skips a token68 credential form and survives garbage', () => {
    expect(parseWwwAuthenticate('Basic YWJjOmRlZg==, Bearer realm="x"').map((c) => c.scheme)).toEqual(['basic', 'bearer']);
    expect(parseWwwAuthenticate('<html>')).toEqual([{ scheme: 'html', params: {} }]);
    expect(bearerChallenge('Basic realm="x"')).toBeUndefined();
    expect(bearerChallenge(null)).toBeUndefined();
    expect(bearerChallenge('Bearer service="no-realm"')).toBeUndefined();
  });

  it('does not lose an unterminated quoted value', () => {
    expect(parseWwwAuthenticate('Bearer realm="https://ghcr.io/token')[0]!.params.realm).toBe('https://ghcr.io/token');
  });
});
