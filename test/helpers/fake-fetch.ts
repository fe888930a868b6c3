import type { FetchLike } from '../../src/io/types.js';

export interface FakeRequest {
  method: string;
  url: URL;
  headers: Headers;
  body?: string;
}

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON. */
  body?: unknown;
}

export type Route = {
  method?: string;
  /** Matched against `origin + pathname` (string: exact or prefix ending in `*`; RegExp: test). */
  url: string | RegExp;
  reply: FakeReply | ((req: FakeRequest) => FakeReply | Promise<FakeReply> | Response | Promise<Response>);
};

/** A network error as undici reports it (`TypeError: fetch failed` with a coded cause). */
export function networkError(code: string, message = code): never {
  const cause = Object.assign(new Error(message), { code });
  throw Object.assign(new TypeError('fetch failed'), { cause });
}

/**
 * fetch for unit tests: answers from a route table and records every request. An unmatched request
 * fails the test loudly instead of reaching the network.
 */
export function fakeFetch(routes: Route[]): FetchLike & { calls: FakeRequest[] } {
  const calls: FakeRequest[] = [];
  const fn = (async (input: string | URL | Request, init?: RequestInit) => {
    const req = input instanceof Request ? input : undefined;
    const url = new URL(req ? req.url : String(input));
    const method = (init?.method ?? req?.method ?? 'GET').toUpperCase();
    const headers = new Headers(init?.headers ?? req?.headers);
    const body = typeof init?.body === 'string' ? init.body : init?.body ? String(init.body) : undefined;
    const signal = init?.signal ?? req?.signal;
    if (signal?.aborted) throw signal.reason;
    const fr: FakeRequest = { method, url, headers, body };
    calls.push(fr);
    const key = url.origin + url.pathname;
    const route = routes.find((r) => {
      if (r.method && r.method.toUpperCase() !== method) return false;
      if (r.url instanceof RegExp) return r.url.test(key) || r.url.test(url.toString());
      return r.url.endsWith('*') ? key.startsWith(r.url.slice(0, -1)) : key === r.url;
    });
    if (!route) throw new Error(`fakeFetch: no route for ${method} ${url.toString()}`);
    const out = typeof route.reply === 'function' ? await route.reply(fr) : route.reply;
    if (out instanceof Response) return out;
    const isJson = out.body !== undefined && typeof out.body !== 'string';
    const hdrs = new Headers(out.headers ?? {});
    if (isJson && !hdrs.has('content-type')) hdrs.set('content-type', 'application/json; charset=utf-8');
    const status = out.status ?? 200;
    const payload = status === 204 || status === 304 || method === 'HEAD' ? null : isJson ? JSON.stringify(out.body) : ((out.body as string | undefined) ?? '');
    return new Response(payload, { status, headers: hdrs });
  }) as FetchLike & { calls: FakeRequest[] };
  fn.calls = calls;
  return fn;
}

/** fetch that never answers until aborted: a hung server. */
export const hangingFetch: FetchLike = (_input, init) =>
  new Promise((_, reject) => {
    init?.signal?.addEventListener('abort', () => reject(init.signal!.reason), { once: true });
  });
