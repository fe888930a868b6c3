import { createServer, type Server } from 'node:https';
import { createGithubApi, type GithubApi } from '../../src/sandbox/github-api.js';
import { handleStatusRequest } from '../../src/sandbox/status-page.js';
import type { World } from '../../src/sandbox/world.js';

/**
 * One HTTPS server for the emulated GitHub REST API and githubstatus.com: the REST API has no
 * `/api/v2/…` paths, so `/api/v2/summary.json` can live beside it on the same origin.
 */
export interface ApiServer {
  url: string;
  api: GithubApi;
  server: Server;
  close(): Promise<void>;
}

export async function startApiServer(opts: { world: () => World; tls: { cert: Buffer; key: Buffer }; now: () => number }): Promise<ApiServer> {
  let url = '';
  let api: GithubApi | undefined;
  const server = createServer({ cert: opts.tls.cert, key: opts.tls.key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const reply = path.startsWith('/api/v2/')
        ? Promise.resolve(handleStatusRequest(path, opts.world(), opts.now()))
        : api!.handle({ method: req.method ?? 'GET', url: path, headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') });
      reply
        .then((r) => {
          res.writeHead(r.status, r.headers);
          res.end(req.method === 'HEAD' || r.status === 204 ? undefined : r.body);
        })
        .catch((e: unknown) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: `lab api error: ${(e as Error).message}` }));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
  // Tests mutate the world object in place; the handler and the status page read the same object.
  api = createGithubApi({
    world: opts.world(),
    now: opts.now,
    webUrl: url,
    apiUrl: url,
  });
  return {
    url,
    api,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
