import { describe, expect, it } from 'vitest';
import { maskToken, Redactor } from '../../../src/engine/redact.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const GHP = 'ghp_' + 'R4nd0mT0k3nV4lu3'.repeat(2) + 'abcd';
const SHAPES: Array<[string, string]> = [
  [GHP, 'ghp_****'],
  ['gho_' + 'a'.repeat(36), 'gho_****'],
  ['ghu_' + 'b'.repeat(36), 'ghu_****'],
  ['ghs_' + 'c'.repeat(36), 'ghs_****'],
  ['ghr_' + 'd'.repeat(36), 'ghr_****'],
  ['github_pat_11ABCDEFG0' + 'x'.repeat(60), 'github_pat_****'],
];

describe('Redactor: token shapes (unknown to the run)', () => {
  it.each(SHAPES)('%s → %s', (token, mask) => {
    const r = new Redactor();
    const out = r.redact(`error: token ${token} was rejected`);
    expect(out).toBe(`error: token ${mask} was rejected`);
  });

  it('tokens inside URLs, JSON and quotes', () => {
    const r = new Redactor();
    const out = r.redact(`{"token":"${GHP}"} https://x/?access_token=${GHP}&a=1 '${GHP}'`);
    expect(out).not.toContain(GHP);
    expect(out).toContain('&a=1');
  });
});

describe('Redactor: headers and credentials', () => {
  it.each([
    [`Authorization: Bearer abc.def.ghi`, 'Authorization: Bearer ****'],
    [`authorization: token 0123456789abcdef0123456789abcdef01234567`, 'authorization: token ****'],
    [`Authorization: Basic ${b64('octocat:hunter2hunter2')}`, 'Authorization: Basic ****'],
    [`{"authorization":"Bearer xyz123456"}`, '{"authorization":"Bearer ****"}'],
    [`Proxy-Authorization: Basic Zm9vOmJhcg==`, 'Proxy-Authorization: Basic ****'],
    [`https://octocat:s3cr3tpass@ghcr.io/v2/`, 'https://octocat:****@ghcr.io/v2/'],
    [`{"auths":{"ghcr.io":{"auth":"${b64('u:p4ssw0rd')}"}}}`, '{"auths":{"ghcr.io":{"auth":"****"}}}'],
    [`"identitytoken": "opaque-refresh"`, '"identitytoken": "****"'],
  ])('%s', (input, expected) => {
    expect(new Redactor().redact(input)).toBe(expected);
  });

  it('base64 user:token for a user the run never heard of (docker auth quoted in a log)', () => {
    const leaked = b64(`someone:${GHP}`);
    const out = new Redactor().redact(`auth value ${leaked} rejected`);
    expect(out).toBe('auth value **** rejected');
  });

  it('leaves ordinary base64 (digests, ids) alone', () => {
    const harmless = b64('this is just a long harmless sentence');
    expect(new Redactor().redact(`x ${harmless}`)).toBe(`x ${harmless}`);
    const digest = `sha256:${'ab'.repeat(32)}`;
    expect(new Redactor().redact(digest)).toBe(digest);
  });
});

describe('Redactor: run-known secrets', () => {
  it('an exact known value with a prefix is shown as its prefix and ****', () => {
    const r = new Redactor();
    r.addSecret('ghp_short1');
    expect(r.redact('token=ghp_short1;')).toBe('token=ghp_****;');
  });

  it('a prefix-less known value, its trimmed form, base64 and base64 user:value are all masked', () => {
    const r = new Redactor();
    const secret = 'plain-old-password-42';
    r.addSecret(` ${secret}\r\n`, 'deploy');
    const text = `a ${secret} b ${b64(secret)} c ${b64(`deploy:${secret}`)} d ${Buffer.from(`deploy:${secret}`).toString('base64url')}`;
    const out = r.redact(text);
    expect(out).not.toContain(secret);
    expect(out).not.toContain(b64(secret));
    expect(out).not.toContain(b64(`deploy:${secret}`));
    expect(out).toBe('a **** b **** c **** d ****');
  });

  it('base64 of another-user:known-secret is masked too', () => {
    const r = new Redactor();
    r.addSecret('plain-old-password-42');
    expect(r.redact(b64('other:plain-old-password-42'))).toBe('****');
  });

  it('redactValue walks objects and arrays', () => {
    const r = new Redactor();
    r.addSecret('k3y-v4lue-xyz');
    expect(r.redactValue({ a: ['k3y-v4lue-xyz', 1], b: { c: 'x k3y-v4lue-xyz' } })).toEqual({ a: ['****', 1], b: { c: 'x ****' } });
  });

  it('ignores values too short to be secrets (would mangle all text)', () => {
    const r = new Redactor();
    r.addSecret('ab');
    expect(r.redact('abc ab')).toBe('abc ab');
  });

  it('maskToken', () => {
    expect(maskToken('github_pat_xyz')).toBe('github_pat_****');
    expect(maskToken('ghs_xyz')).toBe('ghs_****');
    expect(maskToken('hunter2')).toBe('****');
  });

  it('passwords on command lines and in assignments: --password=, login -p, NAME_TOKEN= (not ports, flags or references)', () => {
    const r = new Redactor();
    expect(r.redact('docker login ghcr.io -u me -pS3cret')).toBe('docker login ghcr.io -u me -p****');
    expect(r.redact('podman login -u me -p S3cret ghcr.io')).toBe('podman login -u me -p **** ghcr.io');
    expect(r.redact('helm registry login --password=S3cret ghcr.io')).toBe('helm registry login --password=**** ghcr.io');
    expect(r.redact('REGISTRY_PASSWORD=S3cret GHCR_TOKEN="abc" make')).toBe('REGISTRY_PASSWORD=**** GHCR_TOKEN="****" make');
    expect(r.redact('docker run -p 8080:80 img')).toBe('docker run -p 8080:80 img');
    expect(r.redact('docker login --password-stdin -u me ghcr.io')).toBe('docker login --password-stdin -u me ghcr.io');
    expect(r.redact('GHCR_TOKEN=${{ secrets.GHCR_TOKEN }} and -p "$TOKEN"')).toBe('GHCR_TOKEN=${{ secrets.GHCR_TOKEN }} and -p "$TOKEN"');
  });
});

describe('Redactor: the shortcut for text with nothing to hide', () => {
  // One string per pass of redactEveryPass, each holding what that pass masks and nothing another pass
  // masks: redact() must not skip any of them.
  const ONE_PASS_EACH = [
    `auth value ${b64(`someone:${GHP}`)} rejected`, // a base64 run hiding a token
    `token ${GHP} was rejected`, // a token shape
    `github_pat_11ABCDEFG0${'x'.repeat(60)}`,
    'Authorization: Bearer abc.def.ghi', // a header
    'X-Registry-Auth: eyJhbGciOi',
    'see https://octocat:s3cr3tpass@example.test/v2/', // credentials in a URL
    'GET /x?access_token=abc123&a=1', // a secret query parameter
    '{"password": "hunter2"}', // a secret JSON field
    'helm registry login --password=S3cret ghcr.io', // --password
    'docker login -u me -pS3cret', // login -p
    'REGISTRY_PASSWORD=S3cret make', // NAME_PASSWORD=
    'export MY_PAT=abc123',
  ];

  it.each(ONE_PASS_EACH)('%s is masked as by every pass', (text) => {
    const r = new Redactor();
    expect(r.redactEveryPass(text), 'the example holds something to mask').not.toBe(text);
    expect(r.redact(text)).toBe(r.redactEveryPass(text));
  });

  it('a run-known secret with no token shape is masked though no pattern matches it', () => {
    const r = new Redactor();
    r.addSecret('plain-old-password-42');
    expect(r.redact('it was plain-old-password-42!')).toBe('it was ****!');
  });

  it('text with nothing to hide comes back unchanged', () => {
    const r = new Redactor();
    r.addSecret('plain-old-password-42');
    for (const text of ['pass', 'Registry endpoint', 'ghcr.io answers; token service ghcr.io', 'exit 0', 'sha256:abc', '']) {
      expect(r.redact(text)).toBe(text);
    }
  });
});

describe('Redactor: tokens in the shapes outside text gives them', () => {
  it.each([
    ['after an escaped newline (a token at the start of a line, sanitised)', `denied:\\x0a${GHP}`, 'denied:\\x0aghp_****'],
    ['after an escaped colour code', `\\x1b[0m${GHP}`, '\\x1b[0mghp_****'],
    ['glued to a word', `password${GHP}`, 'passwordghp_****'],
    ['two tokens glued together: neither body shows', `${GHP}${'gho_' + 'a'.repeat(36)}`, 'ghp_****'],
  ])('%s', (_name, input, expected) => {
    expect(new Redactor().redact(input)).toBe(expected);
  });

  it('a Kubernetes pull secret (.dockerconfigjson: base64 of a docker config whose auth is base64 of user:token)', () => {
    const config = b64(JSON.stringify({ auths: { 'ghcr.io': { auth: b64(`octocat:${GHP}`) } } }));
    expect(new Redactor().redact(`.dockerconfigjson: ${config}`)).toBe('.dockerconfigjson: ****');
  });

  it('a base64 docker config whose password has no token shape', () => {
    const config = b64(JSON.stringify({ auths: { 'registry.example': { username: 'u', password: 'hunter2hunter2' } } }));
    expect(new Redactor().redact(`data: ${config}`)).toBe('data: ****');
  });

  it('a token shifted inside base64 (base64 of "x" + token)', () => {
    expect(new Redactor().redact(`v ${b64(`x${GHP}`)}`)).toBe('v ****');
  });

  it('a run-known password as it reads JSON-escaped and URL-encoded', () => {
    const r = new Redactor();
    const secret = 'p@ss"w\\rd/with+chars';
    r.addSecret(secret);
    const out = r.redact(`${JSON.stringify({ p: secret })} https://x/?p=${encodeURIComponent(secret)}`);
    expect(out).not.toContain(JSON.stringify(secret).slice(1, -1));
    expect(out).not.toContain(encodeURIComponent(secret));
    expect(out).not.toContain('w\\rd');
  });
});
