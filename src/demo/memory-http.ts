/**
 * Request, Response and Headers for the in-process sandbox, with the behaviour of the Fetch API that
 * the checks, Octokit and the emulators use (case-insensitive headers, iteration sorted by name, body
 * read once as text, JSON or bytes, HEAD/204/304 without a body).
 *
 * Why not Node's own classes: in Node 20 the first `new Request`/`new Response`/`new Headers` loads and
 * compiles its bundled undici (about 20 ms, as long as Node's whole start-up), and the demo has no
 * socket that would need it. `demo --ci --json` exists to show the diagnosis at once.
 */

type Body = string | Uint8Array | ArrayBuffer | null | undefined;
type HeaderSource = MemoryHeaders | Headers | Record<string, string> | Array<[string, string]> | Iterable<readonly [string, string]>;

function bytesOf(body: Body): Uint8Array {
  if (body == null) return new Uint8Array(0);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  throw new TypeError('the sandbox takes string or byte bodies only');
}

export class MemoryHeaders {
  private readonly map = new Map<string, string>();

  constructor(init?: HeaderSource) {
    if (!init) return;
    const pairs: Iterable<readonly [string, string]> =
      Symbol.iterator in (init as object) ? (init as Iterable<readonly [string, string]>) : Object.entries(init as Record<string, string>);
    for (const [k, v] of pairs) this.append(k, v);
  }

  append(name: string, value: string): void {
    const k = name.toLowerCase();
    const v = String(value).trim();
    const old = this.map.get(k);
    this.map.set(k, old === undefined ? v : `${old}, ${v}`);
  }
  set(name: string, value: string): void {
    this.map.set(name.toLowerCase(), String(value).trim());
  }
  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null;
  }
  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }
  delete(name: string): void {
    this.map.delete(name.toLowerCase());
  }
  forEach(callback: (value: string, key: string, parent: MemoryHeaders) => void): void {
    for (const [k, v] of this) callback(v, k, this);
  }
  *entries(): IterableIterator<[string, string]> {
    // The Fetch API iterates headers sorted by name.
    yield* [...this.map.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }
  *keys(): IterableIterator<string> {
    for (const [k] of this.entries()) yield k;
  }
  *values(): IterableIterator<string> {
    for (const [, v] of this.entries()) yield v;
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/**
 * A body as stream readers use it (getReader, cancel, async iteration). Not a ReadableStream: the
 * first of those loads Node's web streams (milliseconds), for a body that is already in memory.
 */
class MemoryBodyStream {
  private pending: Uint8Array | undefined;
  constructor(bytes: Uint8Array, onUse: () => void) {
    this.pending = bytes;
    this.onUse = onUse;
  }
  private readonly onUse: () => void;
  private next(): { done: false; value: Uint8Array } | { done: true; value: undefined } {
    this.onUse();
    const value = this.pending;
    this.pending = undefined;
    return value?.byteLength ? { done: false, value } : { done: true, value: undefined };
  }
  async cancel(): Promise<void> {
    this.onUse();
    this.pending = undefined;
  }
  getReader() {
    return { read: async () => this.next(), cancel: async () => this.cancel(), releaseLock: () => undefined, closed: Promise.resolve(undefined) };
  }
  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    for (let r = this.next(); !r.done; r = this.next()) yield r.value;
  }
}

/** A body read at most once, as the Fetch API allows. */
class OnceBody {
  private used = false;
  private stream: MemoryBodyStream | undefined;
  constructor(protected readonly bytes: Uint8Array | null) {}

  get bodyUsed(): boolean {
    return this.used;
  }
  get body(): ReadableStream<Uint8Array> | null {
    if (!this.bytes) return null;
    this.stream ??= new MemoryBodyStream(this.bytes, () => {
      this.used = true;
    });
    // Code written for fetch reads it through the members above only (see MemoryBodyStream).
    return this.stream as unknown as ReadableStream<Uint8Array>;
  }
  private take(): Uint8Array {
    if (this.used) throw new TypeError('Body is unusable: Body has already been read');
    this.used = true;
    return this.bytes ?? new Uint8Array(0);
  }
  async text(): Promise<string> {
    return Buffer.from(this.take()).toString('utf8');
  }
  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    const b = this.take();
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }
}

export interface MemoryRequestInit {
  method?: string;
  headers?: HeaderSource;
  body?: Body;
  signal?: AbortSignal | null;
  redirect?: RequestInit['redirect'];
}

export class MemoryRequest extends OnceBody {
  readonly url: string;
  readonly method: string;
  readonly headers: MemoryHeaders;
  readonly signal: AbortSignal | null;

  constructor(input: string | URL, init: MemoryRequestInit = {}) {
    const method = (init.method ?? 'GET').toUpperCase();
    if ((method === 'GET' || method === 'HEAD') && init.body != null) throw new TypeError('Request with GET/HEAD method cannot have body.');
    super(init.body == null ? null : bytesOf(init.body));
    this.url = new URL(String(input)).href;
    this.method = method;
    this.headers = new MemoryHeaders(init.headers);
    this.signal = init.signal ?? null;
  }
}

export interface MemoryResponseInit {
  status?: number;
  statusText?: string;
  headers?: HeaderSource;
}

export class MemoryResponse extends OnceBody {
  readonly status: number;
  readonly statusText: string;
  readonly headers: MemoryHeaders;
  readonly url = '';
  readonly redirected = false;
  readonly type = 'basic';

  constructor(body?: Body, init: MemoryResponseInit = {}) {
    const status = init.status ?? 200;
    if ((status === 204 || status === 304) && body) throw new TypeError('Response constructor: Invalid response status code');
    super(body == null ? null : bytesOf(body));
    this.status = status;
    this.statusText = init.statusText ?? '';
    this.headers = new MemoryHeaders(init.headers);
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  /** What the sandbox hands to code written for fetch (the checks, Octokit): the same members, structurally. */
  asResponse(): Response {
    return this as unknown as Response;
  }
}
