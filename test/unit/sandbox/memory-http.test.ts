/**
 * The demo sandbox's Request/Response/Headers behave like the Fetch API where the checks and Octokit
 * look: the same answers as Node's own classes for the same inputs.
 */
import { describe, expect, it } from 'vitest';
import { MemoryHeaders, MemoryRequest, MemoryResponse } from '../../../src/demo/memory-http.js';

describe('memory-http: the Fetch API as the sandbox needs it', () => {
  it('headers: case-insensitive, appended values joined, iterated sorted by name like Headers', () => {
    const init: Array<[string, string]> = [
      ['X-B', '2'],
      ['content-type', 'application/json'],
      ['x-a', ' 1 '],
      ['X-B', '3'],
    ];
    const ours = new MemoryHeaders(init);
    const node = new Headers(init);
    expect([...ours]).toEqual([...node]);
    expect(ours.get('x-b')).toBe(node.get('x-b'));
    expect(ours.get('missing')).toBe(node.get('missing'));
    const seen: string[] = [];
    ours.forEach((v, k) => {
      seen.push(`${k}=${v}`);
    });
    expect(seen).toEqual(['content-type=application/json', 'x-a=1', 'x-b=2, 3']);
    expect(new MemoryHeaders(ours).get('X-A')).toBe('1');
  });

  it('a body is read once, as text, JSON or bytes; 204 has none; ok follows the status', async () => {
    const res = new MemoryResponse('{"a":1}', { status: 201, headers: { 'content-type': 'application/json' } });
    expect(res.ok).toBe(true);
    expect(await res.json()).toEqual({ a: 1 });
    await expect(res.text()).rejects.toThrow(TypeError);
    expect(new MemoryResponse(null, { status: 204 }).body).toBeNull();
    expect(() => new MemoryResponse('x', { status: 204 })).toThrow(TypeError);
    expect(new MemoryResponse('', { status: 404 }).ok).toBe(false);
    const bytes = new Uint8Array(await new MemoryResponse(Buffer.from([1, 2, 3])).arrayBuffer());
    expect([...bytes]).toEqual([1, 2, 3]);
  });

  it('a request normalises its URL and method and refuses a GET with a body, as Request does', async () => {
    const req = new MemoryRequest(new URL('https://ghcr.io/v2'), { method: 'post', body: 'x', headers: { Authorization: 'Basic y' } });
    expect(req.url).toBe(new Request('https://ghcr.io/v2').url);
    expect(req.method).toBe('POST');
    expect(req.headers.get('authorization')).toBe('Basic y');
    expect(await req.text()).toBe('x');
    expect(() => new MemoryRequest('https://ghcr.io/', { body: 'x' })).toThrow(TypeError);
  });
});

describe('memory-http: the body as a stream', () => {
  it('reads the bytes once through a reader, then done; cancel marks the body used', async () => {
    const res = new MemoryResponse('abc');
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(Buffer.from(first.value!).toString()).toBe('abc');
    expect((await reader.read()).done).toBe(true);
    expect(res.bodyUsed).toBe(true);
    const other = new MemoryResponse('x');
    await other.body!.cancel();
    expect(other.bodyUsed).toBe(true);
    await expect(other.text()).rejects.toThrow(TypeError);
  });
});
