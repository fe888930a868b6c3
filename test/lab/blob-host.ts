import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { RegistryJwtSigner } from './registry-jwt.js';

/**
 * The lab's pkg-containers.githubusercontent.com: ghcr.io answers blob downloads with a 307 to another
 * host, so clients must follow a cross-host redirect (and drop the registry bearer, as
 * they do). Served on `localhost` (the lab certificate covers it) so the host differs from the
 * registry's `127.0.0.1`. URLs are signed and short-lived, like the real pre-signed ones.
 */
export interface BlobHost {
  host: string;
  /** The 307 target for a blob of `repository`. */
  signedUrl(repository: string, digest: string): string;
  /** From now on, blob GETs (downloads, not HEADs) wait `ms` before the first byte: a slow or stuck storage host. */
  delayDownloads(ms: number): void;
  /** The User-Agent of every blob GET so far. */
  downloads: string[];
  close(): Promise<void>;
}

export async function startBlobHost(opts: { tls: { cert: Buffer; key: Buffer }; registryUrl: string; signer: RegistryJwtSigner }): Promise<BlobHost> {
  const secret = randomBytes(32);
  const mac = (repository: string, digest: string, exp: string) => createHmac('sha256', secret).update(`${repository}\n${digest}\n${exp}`).digest('base64url');
  let delayMs = 0;
  const downloads: string[] = [];
  const server: Server = createServer({ cert: opts.tls.cert, key: opts.tls.key }, (req, res) => {
    if (req.method === 'GET') downloads.push(String(req.headers['user-agent'] ?? ''));
    if (req.method === 'GET' && delayMs > 0) {
      const timer = setTimeout(() => serve(req, res), delayMs);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    serve(req, res);
  });
  function serve(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'https://blob.invalid');
    const m = /^\/ghcr1\/blobs\/(sha256:[0-9a-f]{64})$/.exec(url.pathname);
    const repository = url.searchParams.get('r') ?? '';
    const exp = url.searchParams.get('exp') ?? '0';
    const sig = Buffer.from(url.searchParams.get('sig') ?? '');
    const good = m ? Buffer.from(mac(repository, m[1]!, exp)) : Buffer.alloc(0);
    if (!m || sig.length !== good.length || !timingSafeEqual(sig, good) || Number(exp) < Date.now()) {
      // Storage-style refusal, not registry JSON: this host is not a registry.
      res.writeHead(403, { 'content-type': 'application/xml' });
      res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>AuthenticationFailed</Code></Error>');
      return;
    }
    const jwt = opts.signer.sign([{ name: repository, actions: ['pull'] }], 'blob-host');
    const up = httpRequest(
      `${opts.registryUrl}/v2/${repository}/blobs/${m[1]}`,
      { method: req.method === 'HEAD' ? 'HEAD' : 'GET', headers: { authorization: `Bearer ${jwt}` } },
      (r) => {
        const headers: Record<string, string> = {};
        for (const k of ['content-type', 'content-length', 'etag', 'docker-content-digest']) {
          const v = r.headers[k];
          if (typeof v === 'string') headers[k] = v;
        }
        res.writeHead(r.statusCode ?? 502, headers);
        r.pipe(res);
      },
    );
    up.on('error', (e) => {
      res.writeHead(502);
      res.end(e.message);
    });
    up.end();
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `localhost:${(server.address() as { port: number }).port}`;
  return {
    host,
    downloads,
    delayDownloads: (ms) => {
      delayMs = ms;
    },
    signedUrl(repository, digest) {
      const exp = String(Date.now() + 600_000);
      const q = new URLSearchParams({ r: repository, exp, sig: mac(repository, digest, exp) });
      return `https://${host}/ghcr1/blobs/${digest}?${q.toString()}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
