import { describe, expect, it } from 'vitest';
import { registryBlobCheck } from '../../../src/checks/registry-blob.js';
import { fakeFetch, networkError, type Route } from '../../helpers/fake-fetch.js';
import { ids, runCheck, testContext } from './context.js';
import { BEARER, withToken } from './ghcr-fixtures.js';

const CHILD = 'sha256:' + '1'.repeat(64);
const CONFIG = 'sha256:' + '2'.repeat(64);
const STORAGE = `https://pkg-containers.githubusercontent.com/ghcr1/blobs/sha256:${'2'.repeat(64)}?se=2026&sig=abc`;

/** GHCR: an index, its first platform manifest, and a 307 from the config blob to the storage host. */
function ghcrBlobRoutes(storage: Route['reply']): Route[] {
  return [
    {
      method: 'GET',
      url: 'https://ghcr.io/v2/acme/api/manifests/latest',
      reply: {
        headers: { 'content-type': 'application/vnd.oci.image.index.v1+json' },
        body: { schemaVersion: 2, manifests: [{ digest: CHILD, platform: { os: 'linux', architecture: 'amd64' } }] },
      },
    },
    {
      method: 'GET',
      url: `https://ghcr.io/v2/acme/api/manifests/${CHILD}`,
      reply: { body: { schemaVersion: 2, config: { digest: CONFIG }, layers: [{ digest: 'sha256:' + '3'.repeat(64) }] } },
    },
    { method: 'GET', url: `https://ghcr.io/v2/acme/api/blobs/${CONFIG}`, reply: { status: 307, headers: { location: STORAGE }, body: '' } },
    { url: 'https://pkg-containers.githubusercontent.com/*', reply: storage },
  ];
}

function ctxWith(routes: Route[]) {
  const fetch = fakeFetch(routes);
  const ctx = withToken(testContext({ fetch }));
  ctx.facts.registry = { realm: 'https://ghcr.io/token', service: 'ghcr.io' };
  ctx.facts.registryBearer = BEARER;
  return { ctx, fetch };
}

describe('registry.blob: the blob storage host must be reachable too [1.3 step 5, H3]', () => {
  it('follows the 307 by hand and HEADs the storage host without the registry bearer; 403 to HEAD still proves it reachable', async () => {
    const { ctx, fetch } = ctxWith(ghcrBlobRoutes({ status: 403 }));
    const out = await runCheck(registryBlobCheck, ctx);
    expect(out.status).toBe('pass');
    expect(out.summary).toMatch(/pkg-containers\.githubusercontent\.com/);
    const hop = fetch.calls.find((c) => c.url.host === 'pkg-containers.githubusercontent.com')!;
    expect(hop.method).toBe('HEAD');
    expect(hop.headers.get('authorization')).toBeNull();
    expect(fetch.calls.some((c) => c.url.pathname.includes('3333'))).toBe(false); // never a layer
  });

  it('a firewall that allows only ghcr.io → registry.unreachable naming the storage host', async () => {
    const { ctx } = ctxWith(ghcrBlobRoutes(() => networkError('ECONNREFUSED')));
    const out = await runCheck(registryBlobCheck, ctx);
    expect(ids(out)).toEqual(['registry.unreachable']);
    expect(out.findings![0]!.evidence).toMatchObject({ kind: 'connect', host: 'pkg-containers.githubusercontent.com' });
    expect(out.findings![0]!.detail).toMatch(/allow it too/);
    expect(JSON.stringify(out.findings![0]!.evidence)).not.toContain('sig=abc'); // the signed query is not evidence
  });

  it("skips when the manifest cannot be read (pull denied is registry.pull's finding, not a second one)", async () => {
    const { ctx } = ctxWith([{ url: /manifests/, reply: { status: 403, body: { errors: [{ code: 'DENIED', message: 'permission_denied: read_package' }] } } }]);
    const out = await runCheck(registryBlobCheck, ctx);
    expect(out.status).toBe('skip');
    expect(out.findings ?? []).toEqual([]);
  });
});
