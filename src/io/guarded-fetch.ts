import type { FetchLike } from './types.js';

/** No answer ghcr-doctor reads needs more: registry errors and GitHub JSON are kilobytes. */
export const MAX_HTTP_BODY_BYTES = 4 * 1024 * 1024;

/** An answer longer than the cap (an endless body, a gzip bomb once inflated): reading stopped there. */
export class BodyTooLargeError extends Error {
  /** A known failure of the other side, not a crash of ghcr-doctor (the runner shows the message). */
  readonly expected = true;
  constructor(
    readonly host: string,
    readonly limit: number,
  ) {
    super(`the answer from ${host} is larger than ${Math.round(limit / 1024 / 1024)} MiB: stopped reading it`);
    this.name = 'BodyTooLargeError';
  }
}

const inFlight = new Set<AbortController>();

/**
 * Every HTTP request of a run goes through here: its body is read at most `limit` bytes (after
 * decompression), and `abortAllRequests` ends whatever is still open when the run is over, so no
 * socket keeps the process alive after the report.
 */
export function guardedFetch(base: FetchLike, limit = MAX_HTTP_BODY_BYTES): FetchLike {
  return async (input, init) => {
    const controller = new AbortController();
    inFlight.add(controller);
    const signal = init?.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;
    let res: Response;
    try {
      res = await base(input, { ...init, signal });
    } catch (error) {
      inFlight.delete(controller);
      throw error;
    }
    if (!res.body) {
      inFlight.delete(controller);
      return res;
    }
    const host = new URL(String(input instanceof URL ? input.href : input)).host;
    return cappedResponse(res, res.body, limit, host, () => inFlight.delete(controller));
  };
}

function cappedResponse(res: Response, body: ReadableStream<Uint8Array>, limit: number, host: string, done: () => void): Response {
  const reader = body.getReader();
  let seen = 0;
  const capped = new ReadableStream<Uint8Array>({
    async pull(out) {
      try {
        const { value, done: end } = await reader.read();
        if (end) {
          done();
          out.close();
          return;
        }
        seen += value.byteLength;
        if (seen > limit) {
          done();
          await reader.cancel().catch(() => undefined);
          out.error(new BodyTooLargeError(host, limit));
          return;
        }
        out.enqueue(value);
      } catch (error) {
        done();
        out.error(error);
      }
    },
    async cancel(reason) {
      done();
      await reader.cancel(reason).catch(() => undefined);
    },
  });
  const copy = new Response(capped, { status: res.status, statusText: res.statusText, headers: res.headers });
  // Octokit and redirect handling read these; a new Response would leave them empty.
  Object.defineProperty(copy, 'url', { value: res.url });
  Object.defineProperty(copy, 'redirected', { value: res.redirected });
  return copy;
}

/** Ends every request still open (a server that never finishes its answer): called once the run is over. */
export function abortAllRequests(): void {
  for (const c of inFlight) c.abort(new Error('the run is over'));
  inFlight.clear();
}
