/**
 * A small in-memory OCI distribution registry that answers like ghcr.io, as a pure
 * request handler (no sockets): enough for `GET /v2/`, manifest HEAD/GET/PUT, an upload session
 * (POST, PATCH, PUT, DELETE), blob HEAD/GET (307 to the blob host, as GHCR does) and tags/list.
 *
 * Who may do what is not decided here: the emulated token service issued the bearer, and its gate
 * (src/sandbox/token-service.ts) answers every request that bearer does not cover, in GHCR's words. Package versions live in the sandbox World, so a push shows up
 * in the emulated REST packages API too.
 */
import { createHash, randomUUID } from 'node:crypto';
import { findPackage, findToken, type World } from '../sandbox/world.js';
import { recordPush } from '../sandbox/package-lifecycle.js';
import { MemoryHeaders, MemoryResponse, type MemoryRequest } from './memory-http.js';

/** Decides a request before storage sees it (the emulated token service's gate). */
export type RegistryGate = (request: {
  method: string;
  path: string;
  authorization?: string;
}) => { refused: MemoryResponse } | { refused?: undefined /** The credential behind the bearer (null: anonymous). */; tokenValue: string | null };

export interface OciRegistryOptions {
  /** Host the registry answers as (`ghcr.io`). */
  host: string;
  world: World;
  gate: RegistryGate;
  now: () => number;
  /** Host that serves blob downloads (GHCR redirects blobs to pkg-containers.githubusercontent.com). */
  blobHost?: string;
}

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const EMPTY_CONFIG = '{}';

function errorBody(code: string, message: string): string {
  return JSON.stringify({ errors: [{ code, message }] });
}

function sha256(data: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export class OciRegistry {
  private readonly blobs = new Map<string, Uint8Array>();
  private readonly manifests = new Map<string, { body: string; mediaType: string }>();
  private readonly uploads = new Map<string, { repository: string; data: Buffer }>();
  /** Every request, for tests and the demo's transcript ("what would ghcr.io have seen"). */
  readonly requests: Array<{ method: string; path: string; status: number }> = [];

  constructor(private readonly options: OciRegistryOptions) {
    // The config blob of the manifests synthesized for versions that came with the world file.
    this.blobs.set(sha256(EMPTY_CONFIG), Buffer.from(EMPTY_CONFIG));
  }

  get blobHost(): string {
    return this.options.blobHost ?? 'pkg-containers.githubusercontent.com';
  }

  private reply(status: number, headers: Record<string, string> = {}, body?: string | Uint8Array): MemoryResponse {
    const h = new MemoryHeaders({ 'docker-distribution-api-version': 'registry/2.0', ...headers });
    if (typeof body === 'string' && !h.has('content-type')) h.set('content-type', 'application/json');
    return new MemoryResponse(status === 204 || status === 202 || status === 201 ? (body ?? null) : (body ?? ''), { status, headers: h });
  }

  /** Handles one request; HEAD bodies are dropped by the caller's Response semantics. */
  async handle(request: MemoryRequest): Promise<MemoryResponse> {
    const url = new URL(request.url);
    const res = await this.route(request, url);
    this.requests.push({ method: request.method, path: url.pathname, status: res.status });
    return request.method === 'HEAD' ? new MemoryResponse(null, { status: res.status, headers: res.headers }) : res;
  }

  private async route(request: MemoryRequest, url: URL): Promise<MemoryResponse> {
    const method = request.method.toUpperCase();
    if (url.host === this.blobHost) return this.blobDownload(url);
    const decision = this.options.gate({ method, path: url.pathname + url.search, authorization: request.headers.get('authorization') ?? undefined });
    if (decision.refused) return decision.refused;
    if (url.pathname === '/v2/' || url.pathname === '/v2') return this.reply(200, {}, '{}');
    const m = /^\/v2\/(.+)\/(manifests|blobs|tags)\/(.*)$/.exec(url.pathname);
    if (!m) return this.reply(404, {}, errorBody('NOT_FOUND', 'not found'));
    const [, repository, kind, rest] = m as unknown as [string, string, string, string];
    if (kind === 'manifests') return this.manifest(method, repository, rest, request, decision.tokenValue);
    if (kind === 'tags' && rest === 'list') return this.tagsList(repository);
    if (kind === 'blobs' && rest.startsWith('uploads')) return this.upload(method, repository, rest.slice('uploads'.length).replace(/^\//, ''), url, request);
    if (kind === 'blobs') return this.blob(method, rest);
    return this.reply(404, {}, errorBody('NOT_FOUND', 'not found'));
  }

  private splitRepository(repository: string): { owner: string; name: string } {
    const i = repository.indexOf('/');
    return { owner: repository.slice(0, i), name: repository.slice(i + 1) };
  }

  private version(repository: string, reference: string) {
    const { owner, name } = this.splitRepository(repository);
    const pkg = findPackage(this.options.world, owner, name);
    const live = (pkg?.versions ?? []).filter((v) => !v.deleted);
    return { pkg, version: reference.startsWith('sha256:') ? live.find((v) => v.name === reference) : live.find((v) => v.tags.includes(reference)) };
  }

  private async manifest(method: string, repository: string, reference: string, request: MemoryRequest, tokenValue: string | null): Promise<MemoryResponse> {
    if (method === 'PUT') return this.putManifest(repository, reference, request, tokenValue);
    if (method === 'DELETE') {
      // GHCR deletes versions through the REST packages API only, not the registry API.
      return this.reply(405, {}, errorBody('UNSUPPORTED', 'The operation is unsupported.'));
    }
    const { version } = this.version(repository, reference);
    if (!version) return this.reply(404, {}, errorBody('MANIFEST_UNKNOWN', 'manifest unknown'));
    const stored = this.manifests.get(version.name) ?? {
      // Versions that came with the world file: a plausible empty image manifest.
      mediaType: OCI_MANIFEST,
      body: JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(EMPTY_CONFIG), size: EMPTY_CONFIG.length },
        layers: [],
      }),
    };
    return this.reply(
      200,
      { 'content-type': stored.mediaType, 'docker-content-digest': version.name, 'content-length': String(Buffer.byteLength(stored.body)) },
      stored.body,
    );
  }

  private async putManifest(repository: string, reference: string, request: MemoryRequest, tokenValue: string | null): Promise<MemoryResponse> {
    const body = await request.text();
    const mediaType = request.headers.get('content-type') ?? OCI_MANIFEST;
    let parsed: { layers?: Array<{ digest: string }>; config?: { digest: string }; annotations?: Record<string, string> };
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      return this.reply(400, {}, errorBody('MANIFEST_INVALID', 'manifest invalid'));
    }
    for (const d of [parsed.config?.digest, ...(parsed.layers ?? []).map((l) => l.digest)]) {
      if (d && !this.blobs.has(d)) return this.reply(400, {}, errorBody('MANIFEST_BLOB_UNKNOWN', `blob unknown to registry: ${d}`));
    }
    const digest = sha256(body);
    this.manifests.set(digest, { body, mediaType });
    const i = repository.indexOf('/');
    // The package, its version and tag as GitHub then shows them (created private, linked by label).
    recordPush(
      this.options.world,
      {
        owner: repository.slice(0, i),
        name: repository.slice(i + 1),
        reference,
        digest,
        source: parsed.annotations?.['org.opencontainers.image.source'],
        pusher: tokenValue ? (findToken(this.options.world, tokenValue) ?? null) : null,
      },
      this.options.now(),
    );
    return this.reply(201, { location: `/v2/${repository}/manifests/${digest}`, 'docker-content-digest': digest });
  }

  private tagsList(repository: string): MemoryResponse {
    const { pkg } = this.version(repository, '');
    if (!pkg) return this.reply(404, {}, errorBody('NAME_UNKNOWN', 'repository name not known to registry'));
    const tags = (pkg.versions ?? []).filter((v) => !v.deleted).flatMap((v) => v.tags);
    return this.reply(200, {}, JSON.stringify({ name: repository, tags }));
  }

  private async upload(method: string, repository: string, id: string, url: URL, request: MemoryRequest): Promise<MemoryResponse> {
    if (method === 'POST' && id === '') {
      const uuid = randomUUID();
      this.uploads.set(uuid, { repository, data: Buffer.alloc(0) });
      return this.reply(202, { location: `/v2/${repository}/blobs/uploads/${uuid}`, 'docker-upload-uuid': uuid, range: '0-0', 'content-length': '0' });
    }
    const session = this.uploads.get(id);
    if (!session || session.repository !== repository) return this.reply(404, {}, errorBody('BLOB_UPLOAD_UNKNOWN', 'blob upload unknown to registry'));
    if (method === 'DELETE') {
      // GHCR cannot cancel an upload session; it expires on its own.
      return this.reply(405, {}, errorBody('UNSUPPORTED', 'The operation is unsupported.'));
    }
    const chunk = Buffer.from(await request.arrayBuffer());
    session.data = Buffer.concat([session.data, chunk]);
    if (method === 'PATCH') {
      return this.reply(202, {
        location: `/v2/${repository}/blobs/uploads/${id}`,
        'docker-upload-uuid': id,
        range: `0-${Math.max(session.data.length - 1, 0)}`,
      });
    }
    if (method === 'PUT') {
      const expected = url.searchParams.get('digest');
      const actual = sha256(session.data);
      if (expected !== actual) return this.reply(400, {}, errorBody('DIGEST_INVALID', 'provided digest did not match uploaded content'));
      this.blobs.set(actual, session.data);
      this.uploads.delete(id);
      return this.reply(201, { location: `/v2/${repository}/blobs/${actual}`, 'docker-content-digest': actual });
    }
    return this.reply(405, {}, errorBody('UNSUPPORTED', 'The operation is unsupported.'));
  }

  private blob(method: string, digest: string): MemoryResponse {
    if (method !== 'GET' && method !== 'HEAD') return this.reply(405, {}, errorBody('UNSUPPORTED', 'The operation is unsupported.'));
    const data = this.blobs.get(digest);
    if (!data) return this.reply(404, {}, errorBody('BLOB_UNKNOWN', 'blob unknown to registry'));
    if (method === 'HEAD') return this.reply(200, { 'docker-content-digest': digest, 'content-length': String(data.length) });
    // GHCR sends blob downloads to its CDN host.
    return this.reply(307, { location: `https://${this.blobHost}/ghcr1/blobs/${digest}` });
  }

  private blobDownload(url: URL): MemoryResponse {
    const digest = url.pathname.split('/').pop() ?? '';
    const data = this.blobs.get(digest);
    if (!data) return new MemoryResponse('<?xml version="1.0"?><Error><Code>BlobNotFound</Code></Error>', { status: 404 });
    return new MemoryResponse(data, { status: 200, headers: { 'content-type': 'application/octet-stream', 'content-length': String(data.length) } });
  }
}
