/**
 * fetch that never opens a socket: each request goes to the handler registered for its host, the
 * way the real one would go to that host over HTTPS. An unknown host fails like DNS does
 * (`TypeError: fetch failed`, cause ENOTFOUND), so the checks classify it as they would for real.
 */
import type { FetchLike } from '../io/types.js';
import { MemoryHeaders, MemoryRequest, type MemoryRequestInit, type MemoryResponse } from './memory-http.js';

export type RequestHandler = (request: MemoryRequest) => MemoryResponse | Promise<MemoryResponse>;

export interface InProcessFetch extends FetchLike {
  /** Every request (method and URL without query), in order: the demo's proof of what was contacted. */
  readonly log: string[];
}

/** Follows redirects like undici's default (`redirect: 'follow'`, at most 20 hops). */
const MAX_REDIRECTS = 20;

export function inProcessFetch(handlers: Record<string, RequestHandler>, now: () => number = () => Date.now()): InProcessFetch {
  const log: string[] = [];
  const once = async (request: MemoryRequest): Promise<MemoryResponse> => {
    const url = new URL(request.url);
    log.push(`${request.method} ${url.origin}${url.pathname}`);
    const handler = handlers[url.host];
    if (!handler) {
      const cause = Object.assign(new Error(`getaddrinfo ENOTFOUND ${url.hostname}`), { code: 'ENOTFOUND', hostname: url.hostname });
      throw Object.assign(new TypeError('fetch failed'), { cause });
    }
    const response = await handler(request);
    // Every HTTP server sends Date (RFC 9110); the clock-skew check reads the registry's.
    if (!response.headers.has('date')) response.headers.set('date', new Date(now()).toUTCString());
    return response;
  };
  const fetchFn = async (input: string | URL, init?: RequestInit): Promise<Response> => {
    const signal = init?.signal ?? undefined;
    if (signal?.aborted) throw signal.reason;
    // The callers' init is fetch's RequestInit; the sandbox takes its string and byte bodies.
    let request = new MemoryRequest(input, init as MemoryRequestInit);
    for (let hop = 0; ; hop++) {
      const response = await once(request);
      if (signal?.aborted) throw signal.reason;
      const location = response.headers.get('location');
      const redirect = [301, 302, 303, 307, 308].includes(response.status) && location;
      if (!redirect || (init?.redirect ?? 'follow') !== 'follow') return response.asResponse();
      if (hop >= MAX_REDIRECTS) throw new TypeError('fetch failed', { cause: new Error('redirect count exceeded') });
      const next = new URL(location, request.url);
      // Like fetch: credentials stay with the origin that was given them.
      const headers = new MemoryHeaders(request.headers);
      if (next.origin !== new URL(request.url).origin) headers.delete('authorization');
      const keepsBody = response.status === 307 || response.status === 308;
      request = new MemoryRequest(next, {
        method: keepsBody ? request.method : 'GET',
        headers,
        body: keepsBody ? (init?.body as MemoryRequestInit['body']) : undefined,
        signal,
      });
    }
  };
  return Object.assign(fetchFn, { log });
}
