import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { nodeFileSystem } from '../../../src/io/node-fs.js';
import { credentialFiles, decodeAuth, keyHost, readStoredCredentials, scanStoredCredentials } from '../../../src/ghcr/stored-credentials.js';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const TOKEN = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'ghcr-doctor-creds-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

function io(env: Record<string, string | undefined> = {}) {
  return { env, homedir: home, fs: nodeFileSystem };
}

async function put(rel: string, content: unknown): Promise<string> {
  const file = path.join(home, rel);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('stored credentials', () => {
  it('decodes docker auth (base64 user:secret) under the bare host key', async () => {
    const file = await put('.docker/config.json', { auths: { 'ghcr.io': { auth: b64(`octocat:${TOKEN}`) }, 'docker.io': { auth: b64('x:y') } } });
    expect(await readStoredCredentials(io(), 'ghcr.io')).toEqual([{ file, key: 'ghcr.io', kind: 'auth', user: 'octocat', secret: TOKEN }]);
  });

  it('matches https:// keys and keeps colons inside the secret', async () => {
    await put('.docker/config.json', { auths: { 'https://ghcr.io/v1/': { auth: b64('u:pa:ss') } } });
    const [c] = await readStoredCredentials(io(), 'ghcr.io');
    expect(c).toMatchObject({ key: 'https://ghcr.io/v1/', user: 'u', secret: 'pa:ss', kind: 'auth' });
  });

  it('does not match other hosts that merely contain the name', async () => {
    await put('.docker/config.json', { auths: { 'ghcr.io.evil.com': { auth: b64('u:p') }, 'notghcr.io': { auth: b64('u:p') } } });
    expect(await readStoredCredentials(io(), 'ghcr.io')).toEqual([]);
  });

  it('reads identitytoken entries', async () => {
    await put('.docker/config.json', { auths: { 'ghcr.io': { auth: b64('<token>:'), identitytoken: 'refresh-abc-123' } } });
    const [c] = await readStoredCredentials(io(), 'ghcr.io');
    expect(c).toMatchObject({ kind: 'identitytoken', secret: 'refresh-abc-123' });
  });

  it('reports credHelpers and credsStore entries as helpers without a secret', async () => {
    await put('.docker/config.json', { auths: { 'ghcr.io': {} }, credsStore: 'desktop' });
    expect(await readStoredCredentials(io(), 'ghcr.io')).toMatchObject([{ kind: 'helper', helper: 'desktop' }]);
    await put('.docker/config.json', { auths: { 'ghcr.io': { auth: b64('u:p') } }, credHelpers: { 'ghcr.io': 'pass' } });
    const list = await readStoredCredentials(io(), 'ghcr.io');
    expect(list).toEqual([expect.objectContaining({ kind: 'helper', helper: 'pass' })]);
    expect(list[0]!.secret).toBeUndefined();
  });

  it('honours DOCKER_CONFIG instead of ~/.docker', async () => {
    await put('.docker/config.json', { auths: { 'ghcr.io': { auth: b64('home:1111') } } });
    const file = await put('elsewhere/config.json', { auths: { 'ghcr.io': { auth: b64('moved:2222') } } });
    const list = await readStoredCredentials(io({ DOCKER_CONFIG: path.join(home, 'elsewhere') }), 'ghcr.io');
    expect(list).toEqual([expect.objectContaining({ file, user: 'moved', secret: '2222' })]);
  });

  it('reads podman auth.json from REGISTRY_AUTH_FILE, XDG_RUNTIME_DIR and ~/.config, in that order', async () => {
    const a = await put('custom/auth.json', { auths: { 'ghcr.io': { auth: b64('a:1111') } } });
    const r = await put('run/containers/auth.json', { auths: { 'ghcr.io/acme': { auth: b64('r:2222') } } });
    const c = await put('.config/containers/auth.json', { auths: { 'ghcr.io': { auth: b64('c:3333') } } });
    const env = { REGISTRY_AUTH_FILE: a, XDG_RUNTIME_DIR: path.join(home, 'run') };
    expect(credentialFiles(io(env))).toEqual([path.join(home, '.docker/config.json'), a, r, c]);
    const list = await readStoredCredentials(io(env), 'ghcr.io');
    expect(list.map((x) => [x.file, x.user])).toEqual([
      [a, 'a'],
      [r, 'r'],
      [c, 'c'],
    ]);
  });

  it('lists REGISTRY_AUTH_FILE once when it is one of the default files', async () => {
    const c = await put('.config/containers/auth.json', { auths: { 'ghcr.io': { auth: b64('c:3333') } } });
    expect(await readStoredCredentials(io({ REGISTRY_AUTH_FILE: c }), 'ghcr.io')).toHaveLength(1);
  });

  it('reports unreadable and broken files as problems, not as missing', async () => {
    await put('.docker/config.json', '{ not json');
    await mkdir(path.join(home, '.config/containers/auth.json'), { recursive: true });
    const scan = await scanStoredCredentials(io(), 'ghcr.io');
    expect(scan.credentials).toEqual([]);
    expect(scan.problems).toEqual([
      { file: path.join(home, '.docker/config.json'), reason: 'not valid JSON' },
      { file: path.join(home, '.config/containers/auth.json'), reason: 'is a directory' },
    ]);
  });

  it('reports an auth value that is not base64 user:password', async () => {
    await put('.docker/config.json', { auths: { 'ghcr.io': { auth: b64('no-colon-here') } } });
    const scan = await scanStoredCredentials(io(), 'ghcr.io');
    expect(scan.credentials).toEqual([]);
    expect(scan.problems[0]!.reason).toContain('not base64 user:password');
  });

  it('helpers: keyHost and decodeAuth', () => {
    expect(keyHost('https://GHCR.io/v1/')).toBe('ghcr.io');
    expect(keyHost('ghcr.io/acme/api')).toBe('ghcr.io');
    expect(keyHost('localhost:5000')).toBe('localhost:5000');
    expect(decodeAuth(b64('user:'))).toBeUndefined();
    expect(decodeAuth('%%%')).toBeUndefined();
  });
});

describe('displayPath', () => {
  it('abbreviates paths under HOME with ~, but not when HOME is /', async () => {
    const { displayPath } = await import('../../../src/ghcr/token-sources.js');
    expect(displayPath({ homedir: '/home/dev' }, '/home/dev/.docker/config.json')).toBe('~/.docker/config.json');
    expect(displayPath({ homedir: '/home/dev' }, '/etc/token')).toBe('/etc/token');
    expect(displayPath({ homedir: '/home/dev' }, '/home/developer/x')).toBe('/home/developer/x');
    expect(displayPath({ homedir: '/' }, '/tmp/token')).toBe('/tmp/token');
  });
});
