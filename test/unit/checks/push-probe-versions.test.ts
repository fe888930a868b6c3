import { describe, expect, it } from 'vitest';
import { deleteProbeVersion, hasNextPage, PROBE_TAG } from '../../../src/checks/registry-push-probe.js';
import { parseImageRef } from '../../../src/ghcr/image-ref.js';
import type { World } from '../../../src/sandbox/world.js';
import { API, sandboxApi } from '../../tui/fixes/sandbox-fetch.js';
import { testContext } from './context.js';

const TOKEN = 'ghp_probeProbeProbeProbeProbeProbe0001';
const digest = (i: number) => `sha256:${i.toString(16).padStart(64, '0')}`;

function world(versions: number, probeAt: number): World {
  return {
    users: [{ login: 'octo' }],
    orgs: [],
    tokens: [{ value: TOKEN, owner: 'octo', kind: 'classic', scopes: ['read:packages', 'write:packages', 'delete:packages'] }],
    packages: [
      {
        owner: 'octo',
        name: 'api',
        visibility: 'private',
        versions: Array.from({ length: versions }, (_, i) => ({
          id: i + 1,
          name: digest(i + 1),
          tags: i + 1 === probeAt ? [PROBE_TAG] : [`v${i + 1}`],
          createdAt: '2026-11-01T00:00:00Z',
        })),
      },
    ],
    repos: [],
  };
}

function ctxFor(w: World) {
  const { fetch } = sandboxApi(w, () => Date.parse('2026-11-30T10:00:00Z'));
  const ctx = testContext({ fetch, inputs: { apiUrl: API, image: parseImageRef('ghcr.io/octo/api:latest') } });
  ctx.facts.token = { value: TOKEN, source: 'GHCR_TOKEN', kind: 'classic' };
  ctx.facts.identity = { login: 'octo', scopes: ['read:packages', 'write:packages', 'delete:packages'] };
  return { ctx, fetch };
}

describe('push probe clean-up: the versions list is paged by its Link header', () => {
  it('finds and deletes the probe version on the second page (150 versions, the probe the oldest)', async () => {
    const w = world(150, 1);
    const { ctx, fetch } = ctxFor(w);
    expect(await deleteProbeVersion(ctx, digest(1), new AbortController().signal)).toBe(true);
    expect(w.packages[0]!.versions!.find((v) => v.id === 1)!.deleted).toBe(true);
    // The token's own package, through the documented /user/packages route, page by page.
    expect(fetch.calls).toEqual([
      'GET /user/packages/container/api/versions',
      'GET /user/packages/container/api/versions',
      'DELETE /user/packages/container/api/versions/1',
    ]);
  });

  it('a digest on no page is "not listed", after the last page', async () => {
    const { ctx, fetch } = ctxFor(world(120, 5));
    expect(await deleteProbeVersion(ctx, digest(999), new AbortController().signal)).toBe('the probe version is not listed by the packages API');
    expect(fetch.calls).toHaveLength(2);
  });

  it('hasNextPage reads rel="next" only', () => {
    expect(
      hasNextPage(
        '<https://api.github.com/user/packages/container/api/versions?page=2>; rel="next", <https://api.github.com/user/packages/container/api/versions?page=3>; rel="last"',
      ),
    ).toBe(true);
    expect(hasNextPage('<https://api.github.com/x?page=1>; rel="first", <https://api.github.com/x?page=2>; rel="prev"')).toBe(false);
    expect(hasNextPage(undefined)).toBe(false);
  });
});
