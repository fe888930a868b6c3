import { describe, expect, it } from 'vitest';
import { RegistryClient, RegistryUnreachableError } from '../../../src/ghcr/registry-client.js';
import { fakeFetch, networkError, type FakeRequest } from '../../helpers/fake-fetch.js';
import type { FetchLike } from '../../../src/io/types.js';

const MANIFEST = 'https://ghcr.io/v2/acme/api/manifests/latest';
const BEARER = 'test-bearer-not-a-token';

/** A fetch whose manifest answers wait until `release()`: two checks asking at once both find the first in flight. */
function gatedFetch(
  reply: (req: FakeRequest) => ReturnType<typeof networkError> | { status: number; body: unknown } = () => ({ status: 200, body: { schemaVersion: 2 } }),
) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const fetch = fakeFetch([
    {
      url: MANIFEST,
      reply: async (req) => {
        await gate;
        return reply(req);
      },
    },
  ]);
  return { fetch, release };
}

const client = (fetch: ReturnType<typeof fakeFetch>, signal = new AbortController().signal) => new RegistryClient({ registry: 'ghcr.io', fetch, signal });

describe('RegistryClient.checkManifest', () => {
  it('reads the manifest with GET (never HEAD, which Node sends with connection: close) and the bearer', async () => {
    const { fetch, release } = gatedFetch();
    release();
    const reply = await client(fetch).checkManifest('acme/api', 'latest', BEARER);
    expect(reply.status).toBe(200);
    expect(fetch.calls.map((c) => [c.method, c.headers.get('authorization')])).toEqual([['GET', `Bearer ${BEARER}`]]);
  });

  it('joins the same read already in flight on the same transport (two checks, one request, one answer)', async () => {
    const { fetch, release } = gatedFetch();
    const first = client(fetch).checkManifest('acme/api', 'latest', BEARER);
    const second = client(fetch).checkManifest('acme/api', 'latest', BEARER);
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(fetch.calls).toHaveLength(1);
    expect(b).toBe(a);
  });

  it('does not join a read with another bearer (the anonymous probe), nor one that has already finished', async () => {
    const { fetch, release } = gatedFetch();
    const authed = client(fetch).checkManifest('acme/api', 'latest', BEARER);
    const anonymous = client(fetch).checkManifest('acme/api', 'latest');
    release();
    await Promise.all([authed, anonymous]);
    expect(fetch.calls.map((c) => c.headers.get('authorization'))).toEqual([`Bearer ${BEARER}`, null]);
    await client(fetch).checkManifest('acme/api', 'latest', BEARER);
    expect(fetch.calls).toHaveLength(3);
  });

  it('shares a network failure, but not the first asker being cancelled: the second then asks itself', async () => {
    const failing = gatedFetch(() => networkError('ECONNRESET'));
    const a = client(failing.fetch).checkManifest('acme/api', 'latest', BEARER);
    const b = client(failing.fetch).checkManifest('acme/api', 'latest', BEARER);
    failing.release();
    await expect(a).rejects.toBeInstanceOf(RegistryUnreachableError);
    await expect(b).rejects.toBeInstanceOf(RegistryUnreachableError);
    expect(failing.fetch.calls).toHaveLength(1);

    // A transport that ends a request when its signal aborts, as Node's fetch does.
    const asked: string[] = [];
    const waiting: Array<() => void> = [];
    const abortable: FetchLike = (input, init) =>
      new Promise((resolve, reject) => {
        asked.push(String(input));
        init?.signal?.addEventListener('abort', () => reject(init.signal!.reason), { once: true });
        waiting.push(() => resolve(new Response('{"schemaVersion":2}', { status: 200, headers: { 'content-type': 'application/json' } })));
      });
    const cancel = new AbortController();
    const cancelled = new RegistryClient({ registry: 'ghcr.io', fetch: abortable, signal: cancel.signal }).checkManifest('acme/api', 'latest', BEARER);
    const other = new RegistryClient({ registry: 'ghcr.io', fetch: abortable, signal: new AbortController().signal }).checkManifest(
      'acme/api',
      'latest',
      BEARER,
    );
    cancel.abort(new Error('the first check timed out'));
    await expect(cancelled).rejects.toThrow('the first check timed out');
    await new Promise((r) => setTimeout(r, 0));
    for (const answer of waiting.splice(0)) answer();
    expect((await other).status).toBe(200);
    expect(asked).toEqual([MANIFEST, MANIFEST]);
  });
});
