/**
 * The demo sandbox's own parts, in process: the in-memory OCI registry behind the emulated token
 * service, the in-process fetch, and the simulated podman deploy server.
 */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { buildSandbox } from '../../src/demo/sandbox.js';
import { DEMO_TOKENS, DEMO_USER, findScenario } from '../../src/demo/scenarios.js';
import { findPackage } from '../../src/sandbox/world.js';
import { loginCommands } from '../../src/fixes/server-fixes.js';

const IMAGE = 'ghcr.io/hellocplusplus0/v7/backend:latest';
const REPO = 'hellocplusplus0/v7/backend';
const sha256 = (b: string | Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const basic = (token: string) => `Basic ${Buffer.from(`${DEMO_USER}:${token}`).toString('base64')}`;

function sandbox(name = 'healthy') {
  return buildSandbox(findScenario(name)!);
}

async function bearer(sb: ReturnType<typeof sandbox>, token: string | undefined, actions: string): Promise<string> {
  const res = await sb.io.fetch(`https://ghcr.io/token?service=ghcr.io&scope=repository:${REPO}:${actions}`, {
    headers: token ? { authorization: basic(token) } : {},
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

describe('in-memory OCI registry behind the emulated ghcr.io token service [1.3]', () => {
  it('GET /v2/ without a token: 401 with the placeholder-scope Bearer challenge', async () => {
    const res = await sandbox().io.fetch('https://ghcr.io/v2/');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:user/image:pull"');
    expect(await res.json()).toEqual({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] });
  });

  it('anonymous manifest HEAD of the private package is 401; with a read token it is 200 with its digest', async () => {
    const sb = sandbox();
    const anon = await sb.io.fetch(`https://ghcr.io/v2/${REPO}/manifests/latest`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${await bearer(sb, undefined, 'pull')}` },
    });
    expect(anon.status).toBe(401);
    const res = await sb.io.fetch(`https://ghcr.io/v2/${REPO}/manifests/latest`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${await bearer(sb, DEMO_TOKENS.serverRead, 'pull')}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('docker-content-digest')).toMatch(/^sha256:[0-9a-f]{64}$/);
    const missing = await sb.io.fetch(`https://ghcr.io/v2/${REPO}/manifests/nope`, {
      headers: { authorization: `Bearer ${await bearer(sb, DEMO_TOKENS.serverRead, 'pull')}` },
    });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] });
  });

  it("a classic token without write:packages cannot open an upload session: seed 000's message", async () => {
    const sb = sandbox('push-denied-scopes');
    const res = await sb.io.fetch(`https://ghcr.io/v2/${REPO}/blobs/uploads/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await bearer(sb, DEMO_TOKENS.classicNoWrite, 'pull,push')}` },
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ errors: [{ code: 'DENIED', message: 'permission_denied: The token provided does not match expected scopes.' }] });
  });

  it('a full push (blob upload, manifest PUT) creates a version with the tag in the World; DELETE of a session is 405; blobs redirect to the CDN host', async () => {
    const sb = sandbox();
    const auth = { authorization: `Bearer ${await bearer(sb, DEMO_TOKENS.classicGood, 'pull,push')}` };
    const session = await sb.io.fetch(`https://ghcr.io/v2/${REPO}/blobs/uploads/`, { method: 'POST', headers: auth });
    expect(session.status).toBe(202);
    const location = session.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^/v2/${REPO}/blobs/uploads/[0-9a-f-]{36}$`));
    const cancel = await sb.io.fetch(`https://ghcr.io${location}`, { method: 'DELETE', headers: auth });
    expect(cancel.status).toBe(405);

    const config = '{}';
    const again = await sb.io.fetch(`https://ghcr.io/v2/${REPO}/blobs/uploads/`, { method: 'POST', headers: auth });
    const put = await sb.io.fetch(`https://ghcr.io${again.headers.get('location')}?digest=${sha256(config)}`, { method: 'PUT', headers: auth, body: config });
    expect(put.status).toBe(201);
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha256(config), size: 2 },
      layers: [],
    });
    const pm = await sb.io.fetch(`https://ghcr.io/v2/${REPO}/manifests/ghcr-doctor-probe`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
      body: manifest,
    });
    expect(pm.status).toBe(201);
    expect(pm.headers.get('docker-content-digest')).toBe(sha256(manifest));
    const pkg = findPackage(sb.world, DEMO_USER, 'v7/backend')!;
    expect(pkg.versions!.find((v) => v.name === sha256(manifest))?.tags).toEqual(['ghcr-doctor-probe']);

    const blob = await sb.io.fetch(`https://ghcr.io/v2/${REPO}/blobs/${sha256(config)}`, { headers: auth });
    expect(blob.status).toBe(200);
    expect(await blob.text()).toBe(config);
    expect(sb.fetch.log.some((l) => l.startsWith('GET https://pkg-containers.githubusercontent.com/'))).toBe(true);
  });

  it("a made-up classic token counts as just created on the simulated token page (the demo's fix flow); other unknown tokens are 401", async () => {
    const sb = sandbox();
    const madeUp = `ghp_${'MadeUpInTheDemo'.padEnd(36, '7')}`;
    const res = await sb.io.fetch('https://api.github.com/user', { headers: { authorization: `token ${madeUp}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-oauth-scopes')).toContain('write:packages');
    const bad = await sb.io.fetch('https://api.github.com/user', { headers: { authorization: 'token ghp_tooShort' } });
    expect(bad.status).toBe(401);
  });

  it('a host the sandbox does not serve fails like DNS (fetch failed, ENOTFOUND), never the network', async () => {
    const err = await sandbox()
      .io.fetch('https://example.com/')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect((err as { cause?: { code?: string } }).cause?.code).toBe('ENOTFOUND');
  });
});

describe('simulated deploy server (podman, deploy user)', () => {
  it("server-403: podman pull with the revoked stored token prints seed 001's error and exits 125", async () => {
    const sb = sandbox('server-403');
    const r = await sb.server.exec(`podman pull ${IMAGE}`);
    expect(r.code).toBe(125);
    expect(r.stderr.toString()).toBe(
      `Trying to pull ${IMAGE}...\nError: initializing source docker://${IMAGE}: Requesting bearer token: invalid status code from registry 403 (Forbidden)\n`,
    );
  });

  it('not logged in: the pull of the private package is unauthorized', async () => {
    const r = await sandbox('private-package-anonymous-pull').server.exec(`podman pull ${IMAGE}`);
    expect(r.code).toBe(125);
    expect(r.stderr.toString()).toContain(`reading manifest latest in ghcr.io/${REPO}: unauthorized: authentication required`);
  });

  it('healthy: the pull succeeds, the image exists, rmi removes it again', async () => {
    const { server } = sandbox('healthy');
    expect((await server.exec(`podman image exists ${IMAGE}`)).code).toBe(1);
    const r = await server.exec(`podman pull ${IMAGE}`);
    expect(r.code).toBe(0);
    expect(r.stderr.toString()).toContain('Writing manifest to image destination');
    expect((await server.exec(`podman image exists ${IMAGE}`)).code).toBe(0);
    expect((await server.exec(`podman rmi ${IMAGE}`)).code).toBe(0);
    expect((await server.exec(`podman image exists ${IMAGE}`)).code).toBe(1);
  });

  it('podman login takes the token on stdin only, stores it mode 600 in the runtime dir, and then the pull works', async () => {
    const { server } = sandbox('private-package-anonymous-pull');
    const bad = await server.exec('podman login -u hellocplusplus0 --password-stdin ghcr.io', { stdin: `${DEMO_TOKENS.serverRevoked}\n` });
    expect(bad.code).toBe(125);
    expect(bad.stderr.toString()).toBe('Error: logging into "ghcr.io": invalid username/password\n');
    const good = await server.exec('podman login -u hellocplusplus0 --password-stdin ghcr.io', { stdin: `${DEMO_TOKENS.serverRead}\n` });
    expect(good.stdout.toString()).toBe('Login Succeeded!\n');
    expect(server.files.get('/run/user/1001/containers/auth.json')?.mode).toBe(0o600);
    expect((await server.exec(`podman pull ${IMAGE}`)).code).toBe(0);
    expect(server.commands.join('\n')).not.toContain(DEMO_TOKENS.serverRead);
  });

  it('answers anything else as a shell would: not found', async () => {
    const r = await sandbox().server.exec('docker-credential-pass get', { stdin: 'ghcr.io\n' });
    expect(r.code).toBe(127);
    expect(r.stderr.toString()).toBe('sh: 1: docker-credential-pass: not found\n');
  });

  it("runs the server fixes' own command lines (expansions, &&, ;, redirections): the persistent login", async () => {
    const sb = sandbox('actions-token-on-server');
    const { server } = sb;
    server.writeFile(
      '/run/user/1001/containers/auth.json',
      JSON.stringify({ auths: { 'ghcr.io': { auth: Buffer.from(`x:${DEMO_TOKENS.actionsJob}`).toString('base64') } } }),
      0o600,
    );
    expect((await server.exec('printf %s "$HOME"')).stdout.toString()).toBe('/home/deploy');
    for (const cmd of loginCommands('podman', 'ghcr.io', DEMO_USER, undefined)) {
      const r = await server.exec(cmd, { stdin: cmd.includes('--password-stdin') ? `${DEMO_TOKENS.serverRead}\n` : undefined });
      expect(r.code, `${cmd}: ${r.stderr.toString()}`).toBe(0);
    }
    const persistent = server.files.get('/home/deploy/.config/containers/auth.json')!;
    expect(persistent.mode).toBe(0o600);
    expect(persistent.data.toString()).toContain(Buffer.from(`${DEMO_USER}:${DEMO_TOKENS.serverRead}`).toString('base64'));
    // The stale job token in the tmpfs authfile was logged out first, so the pull now uses the new login.
    expect(server.files.get('/run/user/1001/containers/auth.json')!.data.toString()).not.toContain('ghcr.io');
    expect((await server.exec(`podman pull ${IMAGE}`)).code).toBe(0);
    expect(server.commands.join('\n')).not.toContain(DEMO_TOKENS.serverRead);
  });

  it('backs a file up the way the token-file fix does: umask 077 && cp -p -- a b && chmod 600 -- b', async () => {
    const { server } = sandbox('v7-pipeline');
    const r = await server.exec(
      "umask 077 && cp -p -- /home/deploy/.ghcr_token '/home/deploy/.ghcr_token.bak-1' && chmod 600 -- '/home/deploy/.ghcr_token.bak-1'",
    );
    expect(r.code).toBe(0);
    expect(server.files.get('/home/deploy/.ghcr_token.bak-1')?.mode).toBe(0o600);
    expect(server.files.get('/home/deploy/.ghcr_token')?.mode).toBe(0o644);
    const chained = await server.exec('false && echo no; echo yes || echo never');
    expect(chained.stdout.toString()).toBe('yes\n');
  });
});
