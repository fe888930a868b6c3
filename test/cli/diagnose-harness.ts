import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runBuiltCli, type CliResult } from '../helpers/built-cli.js';
import { tempDirWith, type TempDir } from '../helpers/temp-dir.js';

/**
 * Runs the built CLI with a clean environment: only PATH, HOME (the working directory) and what the
 * test passes, so the developer's own GHCR_TOKEN, GITHUB_ACTIONS or docker login never leak into a test.
 */
export function runCli(args: string[], opts: { env?: Record<string, string>; cwd: string; stdin?: string; killAfterMs?: number }): Promise<CliResult> {
  return runBuiltCli(args, { cwd: opts.cwd, env: { HOME: opts.cwd, ...opts.env }, stdin: opts.stdin, timeoutMs: opts.killAfterMs ?? 30_000 });
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Never answer (a hung server). */
  hang?: boolean;
}

export interface LocalServer {
  url: string;
  requests: Array<{ method: string; path: string; authorization?: string }>;
  close(): Promise<void>;
}

/** A tiny HTTP server on 127.0.0.1 and a random port, answering from a function of (method, path, headers). */
export async function startServer(answer: (method: string, path: string, headers: http.IncomingHttpHeaders) => Reply): Promise<LocalServer> {
  const requests: LocalServer['requests'] = [];
  const hung: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    const p = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push({ method: req.method ?? 'GET', path: p, authorization: req.headers.authorization });
    const r = answer(req.method ?? 'GET', p, req.headers);
    if (r.hang) {
      hung.push(res);
      return;
    }
    const isJson = r.body !== undefined && typeof r.body !== 'string';
    res.writeHead(r.status ?? 200, { ...(isJson ? { 'content-type': 'application/json; charset=utf-8' } : {}), ...r.headers });
    res.end(isJson ? JSON.stringify(r.body) : ((r.body as string | undefined) ?? ''));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hung) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on: connections are refused at once, so registry checks fail fast and the same way. */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A temporary HOME (also the working directory: no git remote, no workflows) with files in it. */
export function tempDir(files: Record<string, string | object> = {}): Promise<TempDir> {
  return tempDirWith('ghcr-doctor-cli-', files);
}

/** A Statuspage summary with every watched component operational. */
export const STATUS_OK = {
  page: { id: 'kctbh9vrtdwd', name: 'GitHub', url: 'https://www.githubstatus.com' },
  components: [
    { id: 'brv1bkgrwx7q', name: 'API Requests', status: 'operational' },
    { id: '0l2p9nhqnxpd', name: 'Visit www.githubstatus.com for more information', status: 'operational' },
    { id: 'br0l2tvcx85d', name: 'Actions', status: 'operational' },
    { id: 'st3j38cctv9l', name: 'Packages', status: 'operational' },
  ],
  incidents: [],
  scheduled_maintenances: [],
  status: { indicator: 'none', description: 'All Systems Operational' },
};
