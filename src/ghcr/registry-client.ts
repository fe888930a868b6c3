import type { FetchLike } from '../io/types.js';
import { VERSION } from '../engine/version.js';
import { classifyNetworkError, proxyFor, type ClassifiedNetworkError } from './network-error.js';
import { bearerChallenge } from './www-authenticate.js';
import { sanitizeDeep, sanitizeText } from '../engine/sanitize.js';
import { clipText } from '../engine/text.js';

/** One entry of a registry error body: `{"errors":[{"code":"DENIED","message":"…"}]}`. */
export interface RegistryErrorEntry {
  code: string;
  message: string;
  detail?: unknown;
}

export interface RegistryReply {
  status: number;
  headers: Headers;
  /** Registry errors read from the body; empty when none (HEAD has no body). */
  errors: RegistryErrorEntry[];
  json?: unknown;
  /** Set when JSON was expected and something else came back (an HTML proxy or typo-host page). */
  notJson?: { contentType: string; excerpt: string };
}

/** The registry could not be reached at all: DNS, TCP, TLS, timeout or proxy. */
export class RegistryUnreachableError extends Error {
  constructor(
    readonly network: ClassifiedNetworkError,
    readonly url: string,
  ) {
    super(`${new URL(url).host}: ${network.kind} failure (${network.code}): ${network.message}`);
  }
}

/**
 * A credential was about to go where it must not: plain HTTP, another origin than the registry's (a
 * bearer token), or a host that looks like a typo of a known registry. Nothing was sent.
 */
export class CredentialRefusedError extends Error {
  /** Not a crash: the runner shows the message, and the run cannot say healthy (diagnosis.incomplete). */
  readonly expected = true;
}

/** Accept header for a manifest request: every image and index type a client would take. */
export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
].join(', ');

const MAX_BODY_CHARS = 64 * 1024;

/** Manifest reads in flight, per transport (see RegistryClient.checkManifest). */
const manifestReads = new WeakMap<FetchLike, Map<string, Promise<RegistryReply>>>();

export interface RegistryClientOptions {
  /** Host[:port] from the image reference. */
  registry: string;
  fetch: FetchLike;
  /** The check's signal: cancelling it cancels every request. */
  signal: AbortSignal;
  /** Bound on each request; a hung registry becomes `timeout` instead of stalling the run. */
  requestTimeoutMs?: number;
  /** For telling a refusing proxy from a refusing registry. */
  env?: Record<string, string | undefined>;
  /** Set when no credential may be sent at all (the host is a near miss of a known registry): why. */
  noCredentials?: string;
}

export interface TokenRequest {
  realm: string;
  service?: string;
  scopes: string[];
  /** Basic credentials; omitted for an anonymous token. */
  credentials?: { user: string; password: string };
}

export interface TokenReply {
  reply: RegistryReply;
  /** The bearer token when the endpoint granted one; never printed. */
  token?: string;
}

/**
 * Raw Docker Registry v2 client for the calls ghcr-doctor makes: the `/v2/` challenge, the
 * token exchange, manifest reads, upload sessions. Every request is bounded; network failures throw
 * RegistryUnreachableError, HTTP answers (any status, any body) come back as a RegistryReply.
 */
export class RegistryClient {
  readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(private readonly opts: RegistryClientOptions) {
    this.baseUrl = `https://${opts.registry}`;
    this.timeoutMs = opts.requestTimeoutMs ?? 10_000;
  }

  /** `/v2/OWNER/NAME/...`: GHCR paths are lowercase (an uppercase path is a 404). */
  static repositoryPath(owner: string, name: string): string {
    return `${owner.toLowerCase()}/${name.toLowerCase()}`;
  }

  async request(
    method: string,
    pathOrUrl: string,
    init: { headers?: Record<string, string>; body?: string | Uint8Array; expectJson?: boolean; redirect?: RequestInit['redirect'] } = {},
  ): Promise<RegistryReply> {
    const url = /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : `${this.baseUrl}${pathOrUrl}`;
    const authorization = Object.entries(init.headers ?? {}).find(([k]) => k.toLowerCase() === 'authorization')?.[1];
    if (authorization) this.assertMaySend(authorization, url);
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = AbortSignal.any([this.opts.signal, timeout]);
    let res: Response;
    try {
      res = await this.opts.fetch(url, {
        method,
        headers: { 'user-agent': `ghcr-doctor/${VERSION}`, ...init.headers },
        body: init.body as RequestInit['body'],
        signal,
        redirect: init.redirect,
      });
    } catch (error) {
      throw this.networkFailure(error, url);
    }
    let text = '';
    if (method !== 'HEAD') {
      try {
        text = (await res.text()).slice(0, MAX_BODY_CHARS);
      } catch (error) {
        throw this.networkFailure(error, url);
      }
    }
    return parseReply(res, text, init.expectJson ?? false);
  }

  /**
   * Credentials only over HTTPS; a bearer token only to the registry's own origin (the token request's
   * Basic credentials go to the realm, which fetchToken checks the same way). As docker does, an upload
   * Location on another host or on http:// gets nothing.
   */
  private assertMaySend(authorization: string, url: string): void {
    if (this.opts.noCredentials) throw new CredentialRefusedError(`no credential was sent to ${new URL(url).host}: ${this.opts.noCredentials}`);
    const target = new URL(url);
    if (target.protocol !== 'https:') throw new CredentialRefusedError(`refused to send credentials over plain HTTP to ${target.host}`);
    if (/^bearer\s/i.test(authorization) && target.origin !== new URL(this.baseUrl).origin) {
      throw new CredentialRefusedError(
        `refused to send the registry's bearer token to ${target.origin}, which is not the registry ${new URL(this.baseUrl).host}`,
      );
    }
  }

  private networkFailure(error: unknown, url: string): unknown {
    // The check was cancelled (its timeout, Ctrl-C): let the runner see that, not a fake network error.
    if (this.opts.signal.aborted) return this.opts.signal.reason ?? error;
    const classified = classifyNetworkError(error, { proxyUrl: this.opts.env ? proxyFor(url, this.opts.env) : undefined });
    return classified ? new RegistryUnreachableError(classified, url) : error;
  }

  /** `GET /v2/`: 401 with the Bearer challenge on GHCR; 200 on a registry without auth. */
  async ping(): Promise<RegistryReply & { challenge?: { realm: string; service?: string; scope?: string } }> {
    const reply = await this.request('GET', '/v2/', { expectJson: true });
    return { ...reply, challenge: bearerChallenge(reply.headers.get('www-authenticate')) };
  }

  /**
   * `GET realm?service=…&scope=…` with Basic user:token, or anonymously. GHCR wants Basic here, not
   * Bearer; asking for pull,push yields a token for the subset granted.
   */
  async fetchToken(req: TokenRequest): Promise<TokenReply> {
    const url = new URL(req.realm);
    if (req.credentials && url.protocol !== 'https:') {
      throw new CredentialRefusedError(`the registry's token service ${url.origin} is plain HTTP: refused to send the credentials there`);
    }
    if (req.service) url.searchParams.set('service', req.service);
    for (const scope of req.scopes) url.searchParams.append('scope', scope);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (req.credentials) {
      headers.authorization = `Basic ${Buffer.from(`${req.credentials.user}:${req.credentials.password}`, 'utf8').toString('base64')}`;
    }
    const reply = req.credentials ? await this.followOwnRedirects(url, headers) : await this.request('GET', url.toString(), { headers, expectJson: true });
    const body = reply.json as { token?: unknown; access_token?: unknown } | undefined;
    const token =
      reply.status === 200
        ? typeof body?.token === 'string'
          ? body.token
          : typeof body?.access_token === 'string'
            ? body.access_token
            : undefined
        : undefined;
    return { reply, token: token || undefined };
  }

  /**
   * The credentialed token request, following redirects by hand: to the same https origin with the
   * credentials, anywhere else not at all. fetch would follow one to another origin without the
   * Authorization header, and the anonymous token that came back would pass for a successful login.
   */
  private async followOwnRedirects(first: URL, headers: Record<string, string>): Promise<RegistryReply> {
    let url = first;
    for (let hop = 0; ; hop++) {
      const reply = await this.request('GET', url.toString(), { headers, expectJson: true, redirect: 'manual' });
      const location = reply.headers.get('location');
      if (![301, 302, 303, 307, 308].includes(reply.status) || !location) return reply;
      const next = new URL(location, url);
      if (next.origin !== url.origin || hop >= 4) {
        throw new CredentialRefusedError(
          `the token service ${url.origin} redirected the login to ${sanitizeText(next.origin)}: refused to send the credentials there, so the login could not be judged`,
        );
      }
      url = next;
    }
  }

  /**
   * GET a manifest (as docker does): the status says whether it is readable, and on a 4xx the body
   * carries the error code (MANIFEST_UNKNOWN vs DENIED) in the same round trip. Not HEAD: Node's fetch
   * sends every HEAD with `connection: close`, so each one would cost a new TLS connection, and a HEAD
   * answer has no error code to read. A manifest is a few KiB, read within the caps like any answer.
   *
   * The same read (URL, bearer) already in flight on this transport is joined, not sent twice:
   * registry.pull and registry.blob both read the tag's manifest with the login's bearer as soon as
   * the login is done. Only while in flight: a later read (a re-check after a fix) asks again.
   */
  async checkManifest(repository: string, reference: string, bearer?: string): Promise<RegistryReply> {
    const url = `${this.baseUrl}/v2/${repository}/manifests/${reference}`;
    const key = `${url}\n${bearer ?? ''}`;
    const reads = manifestReads.get(this.opts.fetch) ?? new Map<string, Promise<RegistryReply>>();
    manifestReads.set(this.opts.fetch, reads);
    const joined = reads.get(key);
    if (joined) {
      try {
        return await joined;
      } catch (error) {
        // The network's failure is this read's too; the first asker's cancellation (its check timed out) is not.
        if (error instanceof RegistryUnreachableError || error instanceof CredentialRefusedError) throw error;
      }
    }
    const headers: Record<string, string> = { accept: MANIFEST_ACCEPT };
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    const own = this.request('GET', url, { headers, expectJson: true });
    reads.set(key, own);
    try {
      return await own;
    } finally {
      if (reads.get(key) === own) reads.delete(key);
    }
  }

  /** `POST /v2/REPO/blobs/uploads/`: 202 proves push rights and creates nothing. */
  async openUploadSession(repository: string, bearer: string | undefined): Promise<RegistryReply> {
    const headers: Record<string, string> = { 'content-length': '0' };
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    return this.request('POST', `/v2/${repository}/blobs/uploads/`, { headers, expectJson: true });
  }
}

function parseReply(res: Response, text: string, expectJson: boolean): RegistryReply {
  const contentType = res.headers.get('content-type') ?? '';
  const reply: RegistryReply = { status: res.status, headers: res.headers, errors: [] };
  const trimmed = text.trim();
  if (trimmed === '') return reply;
  let json: unknown;
  try {
    // Where the registry's words enter: sanitised once (error codes, messages, details).
    json = sanitizeDeep(JSON.parse(trimmed) as unknown);
  } catch {
    if (expectJson) reply.notJson = { contentType, excerpt: excerptOf(trimmed) };
    return reply;
  }
  reply.json = json;
  const errors = (json as { errors?: unknown })?.errors;
  if (Array.isArray(errors)) {
    for (const e of errors) {
      if (e && typeof e === 'object') {
        const { code, message, detail } = e as Record<string, unknown>;
        // Clipped as GitHub's messages are: a registry error is a sentence, quoted by every finding about it.
        reply.errors.push({ code: clipText(String(code ?? ''), 200), message: clipText(String(message ?? '')), ...(detail !== undefined ? { detail } : {}) });
      }
    }
  }
  return reply;
}

/** A short, readable excerpt of a non-JSON body: tags stripped, whitespace collapsed. */
export function excerptOf(body: string): string {
  const plain = sanitizeText(
    body
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
  return plain.length > 160 ? `${plain.slice(0, 157)}...` : plain;
}

/** "403 DENIED: requested access to the resource is denied", or what stood in for it. */
export function describeReply(reply: RegistryReply): string {
  const e = reply.errors[0];
  // Without a trailing period: callers put this inside their own sentences.
  if (e) return `${reply.status} ${e.code}${e.message ? `: ${e.message.replace(/\.+$/, '')}` : ''}`;
  if (reply.notJson) return `${reply.status}, not a registry answer (${reply.notJson.contentType || 'no content type'}): "${reply.notJson.excerpt}"`;
  return `${reply.status}`;
}

/** Evidence fields the contract asks for: the registry's status, code and message. */
export function replyEvidence(reply: RegistryReply): Record<string, unknown> {
  const e = reply.errors[0];
  return {
    status: reply.status,
    ...(e ? { code: e.code, message: e.message } : {}),
    ...(reply.notJson ? { body: reply.notJson.excerpt, contentType: reply.notJson.contentType } : {}),
  };
}
