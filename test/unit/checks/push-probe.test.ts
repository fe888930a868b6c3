import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { registryPushCheck } from '../../../src/checks/registry-push.js';
import { PROBE_TAG, probeManifest } from '../../../src/checks/registry-push-probe.js';
import { fakeFetch, type Route } from '../../helpers/fake-fetch.js';
import { ids, runCheck, testContext } from './context.js';
import { BEARER, registryError, withToken } from './ghcr-fixtures.js';

const EMPTY = 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a';
const API = 'https://api.github.com';

function probeCtx(routes: Route[], scopes = ['read:packages', 'write:packages', 'delete:packages']) {
  const fetch = fakeFetch(routes);
  const ctx = withToken(testContext({ fetch, inputs: { probe: 'push' } }));
  ctx.facts.identity = { login: 'octocat', scopes };
  ctx.facts.registry = { realm: 'https://ghcr.io/token', service: 'ghcr.io' };
  ctx.facts.registryBearer = BEARER;
  ctx.facts.package = { exists: true, ownerType: 'Organization', repository: 'acme/api' };
  return { ctx, fetch };
}

const session: Route = {
  method: 'POST',
  url: 'https://ghcr.io/v2/acme/api/blobs/uploads/',
  reply: { status: 202, headers: { location: '/v2/acme/api/blobs/uploads/u1' } },
};
const cancel: Route = { method: 'DELETE', url: 'https://ghcr.io/v2/acme/api/blobs/uploads/u1', reply: { status: 405 } };
const haveBlob: Route = { method: 'HEAD', url: `https://ghcr.io/v2/acme/api/blobs/${EMPTY}`, reply: { status: 200 } };
let pushed: Buffer | undefined;
const putManifest: Route = {
  method: 'PUT',
  url: `https://ghcr.io/v2/acme/api/manifests/${PROBE_TAG}`,
  reply: (req) => {
    pushed = Buffer.from(req.body ?? '');
    return { status: 201, headers: { 'docker-content-digest': `sha256:${createHash('sha256').update(pushed).digest('hex')}` } };
  },
};
const readBack: Route = { method: 'GET', url: /\/v2\/acme\/api\/manifests\/sha256:/, reply: { status: 200, body: '{}' } };
const digestOfPushed = () => `sha256:${createHash('sha256').update(pushed!).digest('hex')}`;

describe('--probe push [1.3, 3]', () => {
  it('the artifact is an OCI manifest under 1 KiB with the empty descriptor as config and layer', () => {
    const m = probeManifest('2026-09-20T09:00:00.000Z');
    expect(m.length).toBeLessThan(1024);
    const json = JSON.parse(m.toString()) as { config: { digest: string; size: number }; layers: Array<{ digest: string }>; mediaType: string };
    expect(json.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
    expect(json.config).toMatchObject({ digest: EMPTY, size: 2, mediaType: 'application/vnd.oci.empty.v1+json' });
    expect(json.layers.map((l) => l.digest)).toEqual([EMPTY]);
    expect(probeManifest('2026-09-20T09:00:01.000Z').equals(m)).toBe(false); // unique per run: its own version
  });

  it('deletes exactly the probe version, found by digest, when the token has delete:packages', async () => {
    const deleted: string[] = [];
    const { ctx, fetch } = probeCtx([
      session,
      cancel,
      haveBlob,
      putManifest,
      readBack,
      {
        method: 'GET',
        url: `${API}/orgs/acme/packages/container/api/versions`,
        reply: () => ({
          body: [
            { id: 7, name: 'sha256:' + 'e'.repeat(64), metadata: { container: { tags: ['latest'] } } },
            { id: 9, name: digestOfPushed(), metadata: { container: { tags: [PROBE_TAG] } } },
          ],
        }),
      },
      { method: 'DELETE', url: /\/versions\/\d+$/, reply: (req) => (deleted.push(req.url.pathname), { status: 204 }) },
    ]);
    const out = await runCheck(registryPushCheck, ctx);
    expect(out.status).toBe('pass');
    expect(deleted).toEqual(['/orgs/acme/packages/container/api/versions/9']);
    expect(fetch.calls.some((c) => c.method === 'PUT' && c.url.pathname.endsWith('/manifests/latest'))).toBe(false);
  });

  it('a version that also carries another tag is never deleted → probe-left-behind', async () => {
    const { ctx, fetch } = probeCtx([
      session,
      cancel,
      haveBlob,
      putManifest,
      readBack,
      {
        method: 'GET',
        url: `${API}/orgs/acme/packages/container/api/versions`,
        reply: () => ({ body: [{ id: 9, name: digestOfPushed(), metadata: { container: { tags: [PROBE_TAG, 'prod'] } } }] }),
      },
    ]);
    const out = await runCheck(registryPushCheck, ctx);
    expect(ids(out)).toEqual(['registry.probe-left-behind']);
    expect(out.findings![0]!.evidence.reason).toMatch(/also carries prod/);
    expect(fetch.calls.some((c) => c.method === 'DELETE' && c.url.pathname.includes('/versions/'))).toBe(false);
  });

  it('uploads the {} blob when the registry lacks it, then a denied manifest PUT is push-denied', async () => {
    const { ctx, fetch } = probeCtx([
      session,
      cancel,
      { method: 'HEAD', url: `https://ghcr.io/v2/acme/api/blobs/${EMPTY}`, reply: { status: 404 } },
      { method: 'PUT', url: 'https://ghcr.io/v2/acme/api/blobs/uploads/u1', reply: { status: 201 } },
      {
        method: 'PUT',
        url: `https://ghcr.io/v2/acme/api/manifests/${PROBE_TAG}`,
        reply: registryError(403, 'DENIED', 'installation not allowed to Write organization package'),
      },
    ]);
    const out = await runCheck(registryPushCheck, ctx);
    expect(out.status).toBe('fail');
    expect(ids(out)).toEqual(['registry.push-denied']);
    const blobPut = fetch.calls.find((c) => c.method === 'PUT' && c.url.pathname.includes('/blobs/uploads/'))!;
    expect(blobPut.url.searchParams.get('digest')).toBe(EMPTY);
    expect(blobPut.body).toBeDefined();
  });
});

describe('--intent pull (contract Additions)', () => {
  it('no push probe runs: registry.push is skipped with the reason and sends nothing', async () => {
    const { ctx, fetch } = probeCtx([]);
    ctx.inputs = { ...ctx.inputs, intent: 'pull' };
    const out = await runCheck(registryPushCheck, ctx);
    expect(out.status).toBe('skip');
    expect(out.summary).toMatch(/pulling only \(--intent pull\)/);
    expect(fetch.calls).toEqual([]);
  });
});
