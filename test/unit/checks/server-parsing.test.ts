import { describe, expect, it } from 'vitest';
import { classifyHelperError, normaliseAuthKey, parseHelperOutput, readAuthFile } from '../../../src/checks/server-auth-files.js';
import { classifyPullOutput, pullErrorLine } from '../../../src/checks/server-pull-classify.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('stored credentials on the server', () => {
  it('normalises the keys clients write', () => {
    expect(normaliseAuthKey('https://ghcr.io/v1/')).toBe('ghcr.io');
    expect(normaliseAuthKey('https://GHCR.io')).toBe('ghcr.io');
    expect(normaliseAuthKey('ghcr.io/acme/api')).toBe('ghcr.io/acme/api');
  });
  it('decodes auth for the host under any of its spellings', () => {
    const text = JSON.stringify({ auths: { 'https://ghcr.io': { auth: b64('octocat:ghp_x') }, 'docker.io': { auth: b64('a:b') } } });
    expect(readAuthFile(text, 'ghcr.io', 'acme/api', 'docker').credential).toMatchObject({ user: 'octocat', secret: 'ghp_x' });
    expect(readAuthFile(text, 'quay.io', 'acme/api', 'docker').credential).toBeUndefined();
  });
  it('podman prefers the most specific namespaced key; docker ignores namespaced keys', () => {
    const text = JSON.stringify({
      auths: { 'ghcr.io': { auth: b64('u:host') }, 'ghcr.io/acme': { auth: b64('u:ns') }, 'ghcr.io/other': { auth: b64('u:no') } },
    });
    expect(readAuthFile(text, 'ghcr.io', 'acme/api', 'podman').credential?.secret).toBe('ns');
    expect(readAuthFile(text, 'ghcr.io', 'acme/api', 'docker').credential?.secret).toBe('host');
  });
  it('credHelpers[host] wins; credsStore covers an empty auths entry (srl-labs/containerlab#1591)', () => {
    expect(
      readAuthFile(JSON.stringify({ auths: { 'ghcr.io': { auth: b64('u:p') } }, credHelpers: { 'ghcr.io': 'pass' } }), 'ghcr.io', 'a/b', 'docker').credential,
    ).toEqual({ key: 'ghcr.io', helper: 'pass' });
    expect(readAuthFile(JSON.stringify({ auths: { 'ghcr.io': {} }, credsStore: 'desktop' }), 'ghcr.io', 'a/b', 'docker').credential).toEqual({
      key: 'ghcr.io',
      helper: 'desktop',
    });
  });
  it('a helper name that could smuggle shell is ignored', () => {
    expect(readAuthFile(JSON.stringify({ credsStore: 'x; rm -rf ~' }), 'ghcr.io', 'a/b', 'docker').credential).toBeUndefined();
  });
  it('broken JSON and a BOM', () => {
    expect(readAuthFile('{"auths":', 'ghcr.io', 'a/b', 'docker').invalidJson).toBe(true);
    expect(readAuthFile(`\uFEFF${JSON.stringify({ auths: { 'ghcr.io': { auth: b64('u:p') } } })}`, 'ghcr.io', 'a/b', 'docker').credential?.secret).toBe('p');
  });
  it('classifies helper failures from the real messages', () => {
    expect(classifyHelperError(1, "error getting credentials - err: exit status 1, out: 'Cannot autolaunch D-Bus without X11 $DISPLAY'")).toBe('dbus-x11');
    expect(classifyHelperError(1, 'The name org.freedesktop.secrets was not provided by any .service files')).toBe('secretservice');
    expect(classifyHelperError(1, 'Error: password store is empty. Try "pass init".')).toBe('pass-not-initialised');
    expect(classifyHelperError(127, 'sh: 1: docker-credential-desktop.exe: not found')).toBe('helper-missing');
    expect(classifyHelperError(1, 'credentials not found in native keychain')).toBeUndefined();
    expect(parseHelperOutput('{"ServerURL":"ghcr.io","Username":"u","Secret":"ghp_s"}')).toEqual({ user: 'u', secret: 'ghp_s' });
    expect(parseHelperOutput('Welcome!\n{"ServerURL":"ghcr.io","Username":"u","Secret":"ghp_s"}\n')).toEqual({ user: 'u', secret: 'ghp_s' });
  });
});

describe('pull output classification (§5 quick index)', () => {
  const cases: Array<[string, string]> = [
    // The seed runbook's server error (podman, stale or missing credentials).
    [
      'Error: initializing source docker://ghcr.io/hellocplusplus0/v7/backend:latest: Requesting bearer token: invalid status code from registry 403 (Forbidden)',
      'bearer-token-403',
    ],
    ['Error response from daemon: Head "https://ghcr.io/v2/dexidp/dex/manifests/v2.30.2": denied: denied', 'denied'],
    [
      "Error response from daemon: pull access denied for ghcr.io/acme/api, repository does not exist or may require 'docker login': denied: installation not allowed to Read organization package",
      'denied',
    ],
    [
      'Error: initializing source docker://ghcr.io/acme/api:latest: reading manifest latest in ghcr.io/acme/api: unauthorized: authentication required',
      'unauthorized',
    ],
    ['Error: initializing source docker://ghcr.io/acme/api:nope: reading manifest nope in ghcr.io/acme/api: manifest unknown', 'manifest-unknown'],
    ['Error response from daemon: manifest unknown', 'manifest-unknown'],
    ['Get "https://ghcr.io/v2/": x509: certificate signed by unknown authority', 'x509'],
    ['x509: certificate has expired or is not yet valid', 'x509'],
    ['dial tcp: lookup ghcr.io on [::1]:53: read udp [::1]:51234->[::1]:53: read: connection refused', 'network'],
    ['Get "https://ghcr.io/v2/": dial tcp 140.82.112.34:443: connect: network is unreachable', 'network'],
    ['something else entirely', 'other'],
  ];
  it.each(cases)('%s → %s', (text, cause) => {
    expect(classifyPullOutput(text)).toBe(cause);
  });
  it('keeps the meaningful line', () => {
    expect(pullErrorLine('Trying to pull ghcr.io/a/b:latest...\nError: reading manifest latest in ghcr.io/a/b: denied\n')).toBe(
      'Error: reading manifest latest in ghcr.io/a/b: denied',
    );
  });
});

describe('pull output classification on hostile output', () => {
  it.each([
    ['lookup ', 'other'],
    ['manifest for ', 'other'],
  ])('a 1 MiB line of %j is classified without backtracking (it took minutes)', (unit, cause) => {
    expect(classifyPullOutput(`${unit.repeat(Math.ceil(1_048_576 / unit.length))}!`)).toBe(cause);
  });

  it('the usual messages still classify', () => {
    expect(classifyPullOutput('dial tcp: lookup ghcr.io on 127.0.0.53:53: server misbehaving')).toBe('network');
    expect(classifyPullOutput('Error response from daemon: manifest for ghcr.io/acme/api:nope not found: whatever')).toBe('manifest-unknown');
  });
});
