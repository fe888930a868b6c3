import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { Agent, fetch as undiciFetch } from 'undici';
import type { FetchLike } from '../../src/io/types.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorld, type World } from '../../src/sandbox/world.js';
import { recordPush } from '../../src/sandbox/package-lifecycle.js';
import { GHCR_SERVICE } from '../../src/sandbox/token-service.js';
import { makeLabCerts } from './certs.js';
import { RegistryJwtSigner } from './registry-jwt.js';
import { startRegistry } from './registry-process.js';
import { startGhcrFront } from './ghcr-front.js';
import { startApiServer } from './api-server.js';
import { startBlobHost } from './blob-host.js';
import { tinyImage } from './tiny-image.js';
import type { Lab } from './lab-api.js';

export type { Lab } from './lab-api.js';

const ISSUER = 'ghcr-doctor-lab';

export interface StartLabOptions {
  /** Clock for token expiry and timestamps (default Date.now). */
  now?: () => number;
}

/**
 * Starts the lab: a generated CA, the real docker-registry behind the emulated ghcr.io front, and the
 * emulated GitHub API + status page. `world` may be a World object or JSON (validated by loadWorld).
 */
export async function startLab(worldInput: World | unknown, options: StartLabOptions = {}): Promise<Lab> {
  const world = loadWorld(worldInput);
  const now = options.now ?? Date.now;
  const dir = await mkdtemp(join(tmpdir(), 'ghcr-lab-'));
  const stops: Array<() => Promise<void>> = [];
  try {
    const certs = await makeLabCerts(join(dir, 'pki'));
    const signer = new RegistryJwtSigner(certs.signingKey, certs.signingCertDer, ISSUER, GHCR_SERVICE);
    const tls = { cert: certs.serverCert, key: certs.serverKey };
    const api = await startApiServer({ world: () => world, tls, now });
    stops.push(api.close);
    // The registry must know the realm before it starts; the front must know the registry URL. The
    // realm is only echoed in challenges, which the front answers itself, so a placeholder is fine.
    const registry = await startRegistry({
      dir,
      realm: 'https://127.0.0.1/token',
      service: GHCR_SERVICE,
      issuer: ISSUER,
      rootCertBundle: certs.signingCertFile,
    });
    stops.push(registry.stop);
    const blobs = await startBlobHost({ tls, registryUrl: registry.url, signer });
    stops.push(blobs.close);
    const front = await startGhcrFront({
      blobRedirect: (repository, digest) => blobs.signedUrl(repository, digest),
      world: () => world,
      tls,
      registryUrl: registry.url,
      signer,
      webHosts: ['github.com', new URL(api.url).host],
      now,
    });
    stops.push(front.close);

    const certsDir = join(dir, 'certs.d');
    const certDir = join(certsDir, front.host);
    await mkdir(certDir, { recursive: true });
    await copyFile(certs.caFile, join(certDir, 'ca.crt'));

    async function seedImage(ref: string, opts: { visibility?: 'public' | 'private' | 'internal'; source?: string } = {}): Promise<{ digest: string }> {
      const m = /^(?:[^/]+\.[^/]+\/|127\.0\.0\.1:\d+\/|localhost:\d+\/)?([a-z0-9._-]+)\/([a-z0-9._/-]+):([\w][\w.-]{0,127})$/.exec(ref);
      if (!m) throw new Error(`seedImage: expected OWNER/NAME:TAG (lowercase), got "${ref}"`);
      const [, owner, name, tag] = m as unknown as [string, string, string, string];
      const repository = `${owner}/${name}`;
      const image = tinyImage(`ghcr-doctor lab image ${repository}:${tag}`, opts.source ? { 'org.opencontainers.image.source': opts.source } : {});
      const auth = { authorization: `Bearer ${signer.sign([{ name: repository, actions: ['pull', 'push'] }], 'lab-admin')}` };
      for (const blob of [image.layer, image.config]) {
        const start = await fetch(`${registry.url}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers: auth });
        if (start.status !== 202) throw new Error(`seedImage: upload start ${start.status} ${await start.text()}`);
        const loc = new URL(start.headers.get('location')!, registry.url);
        loc.searchParams.set('digest', blob.digest);
        const put = await fetch(loc, { method: 'PUT', headers: { ...auth, 'content-type': 'application/octet-stream' }, body: blob.bytes });
        if (put.status !== 201) throw new Error(`seedImage: blob put ${put.status} ${await put.text()}`);
      }
      const put = await fetch(`${registry.url}/v2/${repository}/manifests/${tag}`, {
        method: 'PUT',
        headers: { ...auth, 'content-type': image.manifest.mediaType },
        body: image.manifest.bytes,
      });
      if (put.status !== 201) throw new Error(`seedImage: manifest put ${put.status} ${await put.text()}`);
      const digest = put.headers.get('docker-content-digest') ?? image.manifest.digest;
      recordPush(world, { owner, name, reference: tag, digest, source: opts.source, pusher: null, visibility: opts.visibility }, now(), [
        'github.com',
        new URL(api.url).host,
      ]);
      return { digest };
    }

    const agent = new Agent({ connect: { ca: await readFile(certs.caFile) } });
    stops.push(() => agent.close());
    const labFetch = ((input: string | URL, init?: RequestInit) =>
      undiciFetch(input, { ...(init as object), dispatcher: agent } as Parameters<typeof undiciFetch>[1])) as unknown as FetchLike;

    return {
      registryHost: front.host,
      blobHost: blobs.host,
      delayBlobDownloads: (ms) => blobs.delayDownloads(ms),
      blobDownloads: () => [...blobs.downloads],
      fetch: labFetch,
      apiUrl: api.url,
      statusUrl: api.url,
      caFile: certs.caFile,
      env: { NODE_EXTRA_CA_CERTS: certs.caFile, GITHUB_API_URL: api.url, GHCR_DOCTOR_STATUS_URL: api.url },
      certsDir,
      certDir,
      world,
      seedImage,
      registryLogs: registry.logs,
      stop: async () => {
        for (const stop of stops.reverse()) await stop().catch(() => {});
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}
