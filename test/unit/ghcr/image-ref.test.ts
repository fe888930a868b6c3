import { describe, expect, it } from 'vitest';
import { hostTypoOf, lowercaseRef, manifestReference, parseImageRef, ImageRefError } from '../../../src/ghcr/image-ref.js';
import { imageCheck } from '../../../src/checks/image.js';
import { ids, runCheck, testContext } from '../checks/context.js';

const DIGEST = `sha256:${'a1'.repeat(32)}`;

describe('parseImageRef: valid references', () => {
  it.each<[string, { registry: string; owner: string; name: string; tag?: string; digest?: string }]>([
    ['ghcr.io/acme/api', { registry: 'ghcr.io', owner: 'acme', name: 'api', tag: 'latest' }],
    ['ghcr.io/acme/api:v1.2.3', { registry: 'ghcr.io', owner: 'acme', name: 'api', tag: 'v1.2.3' }],
    ['ghcr.io/acme/repo/img:1', { registry: 'ghcr.io', owner: 'acme', name: 'repo/img', tag: '1' }],
    ['ghcr.io/acme/a/b/c', { registry: 'ghcr.io', owner: 'acme', name: 'a/b/c', tag: 'latest' }],
    [`ghcr.io/acme/api@${DIGEST}`, { registry: 'ghcr.io', owner: 'acme', name: 'api', digest: DIGEST }],
    [`ghcr.io/acme/api:v1@${DIGEST}`, { registry: 'ghcr.io', owner: 'acme', name: 'api', tag: 'v1', digest: DIGEST }],
    ['localhost:5000/acme/api:dev', { registry: 'localhost:5000', owner: 'acme', name: 'api', tag: 'dev' }],
    ['127.0.0.1:5000/acme/api', { registry: '127.0.0.1:5000', owner: 'acme', name: 'api', tag: 'latest' }],
    ['[::1]:5000/acme/api:x', { registry: '[::1]:5000', owner: 'acme', name: 'api', tag: 'x' }],
    ['[2001:db8::7]/acme/api', { registry: '[2001:db8::7]', owner: 'acme', name: 'api', tag: 'latest' }],
    ['localhost/acme/api', { registry: 'localhost', owner: 'acme', name: 'api', tag: 'latest' }],
    ['containers.example.com/acme/api:1', { registry: 'containers.example.com', owner: 'acme', name: 'api', tag: '1' }],
    ['ghcr.io/Acme/API:Latest', { registry: 'ghcr.io', owner: 'Acme', name: 'API', tag: 'Latest' }],
    ['GHCR.IO/acme/api', { registry: 'GHCR.IO', owner: 'acme', name: 'api', tag: 'latest' }],
    ['ghcr.io/acme/my_app', { registry: 'ghcr.io', owner: 'acme', name: 'my_app', tag: 'latest' }],
    ['ghcr.io/acme/my__app.v2-x', { registry: 'ghcr.io', owner: 'acme', name: 'my__app.v2-x', tag: 'latest' }],
    ['ghcr.io/acme/my---app', { registry: 'ghcr.io', owner: 'acme', name: 'my---app', tag: 'latest' }],
    ['ghcr.io/acme/api:_under', { registry: 'ghcr.io', owner: 'acme', name: 'api', tag: '_under' }],
    ['  ghcr.io/acme/api  ', { registry: 'ghcr.io', owner: 'acme', name: 'api', tag: 'latest' }],
    ['ghcr.io:443/acme/api', { registry: 'ghcr.io:443', owner: 'acme', name: 'api', tag: 'latest' }],
  ])('%s', (input, expected) => {
    const ref = parseImageRef(input);
    expect({ registry: ref.registry, owner: ref.owner, name: ref.name, tag: ref.tag, digest: ref.digest }).toEqual({
      tag: undefined,
      digest: undefined,
      ...expected,
    });
  });

  it('canonical form adds the default tag; digest references name the digest', () => {
    expect(parseImageRef('ghcr.io/acme/api').canonical).toBe('ghcr.io/acme/api:latest');
    expect(manifestReference(parseImageRef(`ghcr.io/acme/api:v1@${DIGEST}`))).toBe(DIGEST);
    expect(lowercaseRef(parseImageRef('ghcr.io/Acme/API:Latest'))).toBe('ghcr.io/acme/api:Latest');
  });
});

describe('parseImageRef: invalid references', () => {
  it.each<[string, RegExp, string?]>([
    ['', /empty/],
    ['   ', /empty/],
    ['acme/api', /no registry host/, 'ghcr.io/acme/api'],
    ['api', /no registry host/, 'ghcr.io/api'],
    ['https://ghcr.io/acme/api', /no scheme/, 'ghcr.io/acme/api'],
    ['docker://ghcr.io/acme/api', /no scheme/, 'ghcr.io/acme/api'],
    ['ghcr.io/acme', /needs an owner and a name/],
    ['ghcr.io/', /empty path component|owner and a name/],
    ['ghcr.io//api', /empty path component/],
    ['ghcr.io/acme/api/', /empty path component/],
    ['ghcr.io/acme/api:', /not a valid tag/],
    ['ghcr.io/acme/api:-bad', /not a valid tag/],
    [`ghcr.io/acme/api:${'t'.repeat(129)}`, /not a valid tag/],
    ['ghcr.io/acme/api@sha256:xyz', /not a valid digest/],
    ['ghcr.io/acme/api@', /not a valid digest/],
    ['ghcr.io/acme /api', /whitespace/],
    ['ghcr.io/_acme/api', /not a valid name component/],
    ['ghcr.io/acme/api-', /not a valid name component/],
    ['ghcr.io/acme/a..b', /not a valid name component/],
    ['gh_cr.io/acme/api', /not a valid registry host/],
    ['-ghcr.io/acme/api', /not a valid registry host/],
    ['ghcr.io:99999/acme/api', /out of range/],
    ['ghcr.io:0/acme/api', /out of range/],
  ])('%j → %s', (input, message, suggestion) => {
    let error: unknown;
    try {
      parseImageRef(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ImageRefError);
    expect((error as Error).message).toMatch(message);
    if (suggestion) expect((error as ImageRefError).suggestion).toBe(suggestion);
  });
});

describe('hostTypoOf', () => {
  it.each([
    ['ghrc.io', 'ghcr.io'],
    ['ghcr.com', 'ghcr.io'],
    ['gchr.io', 'ghcr.io'],
    ['ghcr.oi', 'ghcr.io'],
    ['ghr.io', 'ghcr.io'],
    ['GHRC.IO', 'ghcr.io'],
    ['ghcr.dev', 'ghcr.io'],
    ['ghrc.io:443', 'ghcr.io'],
  ])('%s is a typo of %s', (host, expected) => {
    expect(hostTypoOf(host)).toBe(expected);
  });

  it.each([
    'ghcr.io',
    'GHCR.IO',
    'gcr.io',
    'eu.gcr.io',
    'docker.io',
    'quay.io',
    'icr.io',
    'nvcr.io',
    'lscr.io',
    'containers.example.com',
    'ghcr.corp.example',
    'localhost:5000',
    '127.0.0.1:5000',
  ])('%s is not a typo', (host) => {
    expect(hostTypoOf(host)).toBeUndefined();
  });
});

describe('image.reference check', () => {
  it('uppercase owner/name → image.uppercase with the lowercase suggestion; later checks still run', async () => {
    const out = await runCheck(imageCheck, testContext({ inputs: { image: parseImageRef('ghcr.io/TheHolm/App:v1') } }));
    expect(ids(out)).toEqual(['image.uppercase']);
    expect(out.findings![0]!.evidence.suggestion).toBe('ghcr.io/theholm/app:v1');
    expect(out.dependantsMayRun).toBe(true);
  });

  it('host typo → image.host-typo suggesting ghcr.io', async () => {
    const out = await runCheck(imageCheck, testContext({ inputs: { image: parseImageRef('ghrc.io/acme/api') } }));
    expect(ids(out)).toEqual(['image.host-typo']);
    expect(out.findings![0]!.evidence).toMatchObject({ host: 'ghrc.io', suggestion: 'ghcr.io' });
  });

  it('a clean reference and a GHES host pass', async () => {
    expect((await runCheck(imageCheck, testContext())).status).toBe('pass');
    expect((await runCheck(imageCheck, testContext({ inputs: { image: parseImageRef('containers.example.com/acme/api') } }))).status).toBe('pass');
  });
});
