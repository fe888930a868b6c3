import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { findToken, type World } from '../../src/sandbox/world.js';
import {
  gateRegistryRequest,
  GrantStore,
  handleTokenRequest,
  parseRegistryPath,
  registryError,
  type SandboxResponse,
} from '../../src/sandbox/token-service.js';
import { recordPush, tagDeleted } from '../../src/sandbox/package-lifecycle.js';
import type { RegistryJwtSigner } from './registry-jwt.js';

/**
 * The lab's ghcr.io: HTTPS on 127.0.0.1. `/token` and every `/v2/…` decision come from the shipped
 * emulation (src/sandbox/token-service.ts); allowed traffic is proxied to the real docker-registry
 * with a JWT the lab signs, so blobs, manifests and uploads are the real protocol.
 */
export interface GhcrFrontOptions {
  world: () => World;
  tls: { cert: Buffer; key: Buffer };
  registryUrl: string;
  signer: RegistryJwtSigner;
  /** Web hosts whose `org.opencontainers.image.source` URLs link a package. */
  webHosts: string[];
  now: () => number;
  /** Where blob downloads are redirected (the lab's pkg-containers host). */
  blobRedirect?: (repository: string, digest: string) => string;
}

export interface GhcrFront {
  host: string;
  realm: string;
  server: Server;
  close(): Promise<void>;
}

const API_VERSION = { 'docker-distribution-api-version': 'registry/2.0' };
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']);

function send(res: ServerResponse, r: SandboxResponse, method: string): void {
  res.writeHead(r.status, { ...API_VERSION, ...r.headers });
  res.end(method === 'HEAD' ? undefined : r.body);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** `org.opencontainers.image.source` from an index/manifest's annotations, else from the image config labels. */
async function sourceOf(manifest: Buffer, repository: string, opts: GhcrFrontOptions): Promise<string | undefined> {
  let doc: { annotations?: Record<string, string>; config?: { digest?: string } };
  try {
    doc = JSON.parse(manifest.toString('utf8')) as typeof doc;
  } catch {
    return undefined;
  }
  const annotated = doc.annotations?.['org.opencontainers.image.source'];
  if (annotated) return annotated;
  if (!doc.config?.digest) return undefined;
  const jwt = opts.signer.sign([{ name: repository, actions: ['pull'] }]);
  const r = await fetch(`${opts.registryUrl}/v2/${repository}/blobs/${doc.config.digest}`, { headers: { authorization: `Bearer ${jwt}` } });
  if (!r.ok) return undefined;
  const config = (await r.json()) as { config?: { Labels?: Record<string, string> } };
  return config.config?.Labels?.['org.opencontainers.image.source'];
}

export async function startGhcrFront(opts: GhcrFrontOptions): Promise<GhcrFront> {
  const grants = new GrantStore();
  let host = '';
  let realm = '';

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', `https://${host}`);
    if (url.pathname === '/token') {
      await readBody(req);
      const out = handleTokenRequest(
        { authorization: req.headers.authorization, scopes: url.searchParams.getAll('scope'), service: url.searchParams.get('service') ?? undefined },
        { world: opts.world(), grants, now: opts.now },
      );
      return send(res, out, method);
    }
    if (!url.pathname.startsWith('/v2')) return send(res, { status: 404, headers: { 'content-type': 'text/plain' }, body: '404 page not found\n' }, method);

    const world = opts.world();
    const gate = gateRegistryRequest(
      { method, path: url.pathname + url.search, authorization: req.headers.authorization },
      { world, grants, now: opts.now, realm },
    );
    if (!gate.allow) {
      await readBody(req);
      return send(res, gate.response, method);
    }
    if (gate.repository === null) {
      await readBody(req);
      return send(res, { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' }, method);
    }
    const parsed = parseRegistryPath(url.pathname)!;
    const slash = gate.repository.indexOf('/');
    const owner = gate.repository.slice(0, slash);
    const name = gate.repository.slice(slash + 1);
    if (parsed.kind === 'manifests' && gate.action === 'pull' && tagDeleted(world, owner, name, parsed.rest)) {
      await readBody(req);
      return send(res, registryError(404, 'MANIFEST_UNKNOWN', 'manifest unknown'), method);
    }
    if (parsed.kind === 'blobs' && method === 'GET' && opts.blobRedirect && /^sha256:[0-9a-f]{64}$/.test(parsed.rest)) {
      await readBody(req);
      res.writeHead(307, { ...API_VERSION, location: opts.blobRedirect(gate.repository, parsed.rest), 'content-length': '0' });
      res.end();
      return;
    }
    // Cross-repository mounts would need a second grant; dropping them makes the client upload normally.
    if (parsed.kind === 'uploads') {
      url.searchParams.delete('mount');
      url.searchParams.delete('from');
    }
    const isManifestPut = parsed.kind === 'manifests' && method === 'PUT';
    const body = isManifestPut ? await readBody(req) : undefined;
    const jwt = opts.signer.sign([{ name: gate.repository, actions: gate.action === 'push' ? ['pull', 'push'] : ['pull'] }], gate.login ?? 'anonymous');
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v === undefined || k === 'authorization' || k === 'host' || HOP_BY_HOP.has(k)) continue;
      headers[k] = v;
    }
    headers.authorization = `Bearer ${jwt}`;
    if (body) headers['content-length'] = String(body.length);
    const upstream = httpRequest(`${opts.registryUrl}${url.pathname}${url.search}`, { method, headers });
    upstream.on('response', (up) => {
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(up.headers)) {
        if (v === undefined || HOP_BY_HOP.has(k) || k === 'www-authenticate') continue;
        out[k] = k === 'location' && typeof v === 'string' ? v.replace(opts.registryUrl, `https://${host}`) : v;
      }
      const finish = async () => {
        if (isManifestPut && up.statusCode === 201) {
          const digest = String(up.headers['docker-content-digest'] ?? '');
          const source = await sourceOf(body!, gate.repository, opts).catch(() => undefined);
          const pusher = gate.tokenValue ? (findToken(world, gate.tokenValue) ?? null) : null;
          recordPush(world, { owner, name, reference: parsed.rest, digest, source, pusher }, opts.now(), opts.webHosts);
        }
        res.writeHead(up.statusCode ?? 502, out);
        up.pipe(res);
      };
      finish().catch((e: unknown) => {
        res.destroy(e as Error);
      });
    });
    upstream.on('error', (e) => {
      if (!res.headersSent) send(res, registryError(502, 'UNAVAILABLE', `lab registry unreachable: ${e.message}`), method);
      else res.destroy(e);
    });
    if (body) upstream.end(body);
    else req.pipe(upstream);
  }

  const server = createServer({ cert: opts.tls.cert, key: opts.tls.key }, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, registryError(500, 'UNKNOWN', `lab front error: ${(e as Error).message}`), req.method ?? 'GET');
      else res.destroy(e as Error);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  host = `127.0.0.1:${port}`;
  realm = `https://${host}/token`;
  return {
    host,
    realm,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
