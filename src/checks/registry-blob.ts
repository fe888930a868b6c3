import type { CheckOutcome } from '../engine/types.js';
import type { DiagnosisCheck } from '../diagnosis/context.js';
import { manifestReference } from '../ghcr/image-ref.js';
import { RegistryUnreachableError, describeReply, type RegistryClient } from '../ghcr/registry-client.js';
import { REGISTRY_LOGIN_ID } from './registry-login.js';
import { REGISTRY_CHECK_TIMEOUT_MS, registryClientFor, registryRepository, unreachableFinding } from './registry-common.js';

interface ManifestLike {
  manifests?: Array<{ digest?: string }>;
  config?: { digest?: string };
}

/**
 * Pulls fetch blobs from a second host: ghcr.io answers blob requests with a 307 to
 * pkg-containers.githubusercontent.com, which firewalls that allow only ghcr.io:443 block [1.3 step 5,
 * H3]. Follows the redirect of the image's config blob by hand and sends the target a HEAD: any HTTP
 * answer proves it reachable; a network failure there is `registry.unreachable` naming that host.
 * Only the (small) config blob is ever requested, never a layer.
 */
export const registryBlobCheck: DiagnosisCheck = {
  id: 'registry.blob',
  title: 'Blob download',
  // After the login, beside registry.pull (not after it): a denied pull shows up here as an unreadable
  // manifest and a skip, and the critical path is one round trip shorter.
  dependsOn: [REGISTRY_LOGIN_ID],
  writes: [],
  timeoutMs: REGISTRY_CHECK_TIMEOUT_MS,
  waitsOn: 'the blob storage host',
  async run(ctx, signal): Promise<CheckOutcome> {
    const ref = ctx.inputs.image;
    const reg = ctx.facts.registry;
    if (!ref || !reg) return { status: 'skip', summary: 'no registry login' };
    const client = registryClientFor(ctx, signal);
    const repository = registryRepository(ctx);
    const bearer = ctx.facts.registryBearer;
    const auth: Record<string, string> = bearer ? { authorization: `Bearer ${bearer}` } : {};
    try {
      const digest = await configDigest(client, repository, manifestReference(ref), bearer);
      if (!digest) return { status: 'skip', summary: 'no readable manifest to take a blob from' };
      const blob = await client.request('GET', `/v2/${repository}/blobs/${digest}`, { headers: { ...auth, range: 'bytes=0-0' }, redirect: 'manual' });
      const location = blob.headers.get('location');
      if (blob.status >= 300 && blob.status < 400 && location) {
        const target = new URL(location, client.baseUrl);
        // The signed URL carries its own credentials: no Authorization header goes to the other host.
        // HEAD: any HTTP answer (even S3's 403 to HEAD) proves the host reachable.
        const hop = await client.request('HEAD', target.toString());
        return { status: 'pass', summary: `blobs redirect to ${target.host}, which answers (${hop.status})` };
      }
      if (blob.status < 300) return { status: 'pass', summary: `${ref.registry} serves blobs itself` };
      return { status: 'skip', summary: `the config blob answered ${describeReply(blob)}` };
    } catch (error) {
      if (error instanceof RegistryUnreachableError) {
        const f = await unreachableFinding(ctx, this.id, error, signal);
        f.detail = `${f.detail} Pulls download layers from ${new URL(error.url).host}, not from ${ref.registry}: allow it too.`;
        return { status: 'fail', summary: f.title, findings: [f] };
      }
      throw error;
    }
  },
};

/** The config digest of the image (the first platform's, for an index). */
async function configDigest(client: RegistryClient, repository: string, reference: string, bearer: string | undefined): Promise<string | undefined> {
  let ref = reference;
  for (let depth = 0; depth < 2; depth++) {
    // The same read as registry.pull's: while one is in flight the other joins it.
    const reply = await client.checkManifest(repository, ref, bearer);
    if (reply.status !== 200 || !reply.json || typeof reply.json !== 'object') return undefined;
    const m = reply.json as ManifestLike;
    if (m.config?.digest) return m.config.digest;
    const child = m.manifests?.find((x) => typeof x.digest === 'string')?.digest;
    if (!child) return undefined;
    ref = child;
  }
  return undefined;
}
