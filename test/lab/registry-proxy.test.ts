import { createServer, connect, type Server, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Lab } from './harness.js';
import { requireLab } from './require-lab.js';
import { useLab } from './use-lab.js';
import { T, registryWorld, runCli, seedRegistryWorld } from './registry-world.js';

const labOk = requireLab();

interface TinyProxy {
  url: string;
  /** host:port of every CONNECT it was asked for. */
  tunnels: string[];
  close(): Promise<void>;
}

/** A minimal HTTP CONNECT proxy; `refuse` answers 407 as a proxy wanting credentials does. */
function startProxy(refuse = false): Promise<TinyProxy> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.once('data', (head) => {
      const m = /^CONNECT ([^\s]+) HTTP\/1\.[01]\r\n/.exec(head.toString('latin1'));
      if (!m) return client.end('HTTP/1.1 405 Method Not Allowed\r\n\r\n');
      tunnels.push(m[1]!);
      if (refuse) return client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\n\r\n');
      const [host, port] = m[1]!.split(':');
      const upstream = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client);
        client.pipe(upstream);
      });
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}`,
        tunnels,
        close: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      });
    }),
  );
}

/** HTTPS_PROXY / NO_PROXY are honoured by the built CLI, and a refusing proxy is `proxy`. */
describe.skipIf(!labOk)('lab: through an HTTPS_PROXY', () => {
  let lab: Lab;
  useLab(registryWorld(), async (l) => {
    lab = l;
    await seedRegistryWorld(lab);
  });

  const args = () => ['--ci', '--json', '--no-status', '--image', `${lab.registryHost}/octocat/api:latest`];

  it('a working proxy carries the registry requests; the diagnosis is healthy', async () => {
    const proxy = await startProxy();
    try {
      const res = await runCli(args(), { ...lab.env, GHCR_TOKEN: T.full, HOME: '/nonexistent-lab-home', HTTPS_PROXY: proxy.url });
      const report = JSON.parse(res.stdout) as { findings: Array<{ severity: string }> };
      expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
      expect(res.code).toBe(0);
      expect(proxy.tunnels).toContain(lab.registryHost);
    } finally {
      await proxy.close();
    }
  });

  it('NO_PROXY for the registry host bypasses the proxy', async () => {
    const proxy = await startProxy(true);
    try {
      const res = await runCli(args(), {
        ...lab.env,
        GHCR_TOKEN: T.full,
        HOME: '/nonexistent-lab-home',
        HTTPS_PROXY: proxy.url,
        NO_PROXY: '127.0.0.1,localhost',
      });
      expect(res.code).toBe(0);
      expect(proxy.tunnels).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  it('only the registry host let through: the blob storage host it redirects to is named [1.3 step 5, H3]', async () => {
    const proxy = await startProxy(true);
    try {
      // NO_PROXY lets 127.0.0.1 (registry, API) through; the lab's storage host (localhost) hits the refusing proxy.
      const res = await runCli(args(), { ...lab.env, GHCR_TOKEN: T.full, HOME: '/nonexistent-lab-home', HTTPS_PROXY: proxy.url, NO_PROXY: '127.0.0.1' });
      const report = JSON.parse(res.stdout) as { findings: Array<{ id: string; check: string; detail: string; evidence: Record<string, unknown> }> };
      const f = report.findings.find((x) => x.id === 'registry.unreachable')!;
      expect(f.check).toBe('registry.blob');
      expect(String(f.evidence.host)).toMatch(/^localhost:\d+$/);
      expect(f.detail).toMatch(/allow it too/);
      expect(proxy.tunnels.every((t) => t.startsWith('localhost:'))).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it('a proxy answering 407 → registry.unreachable kind proxy', async () => {
    const proxy = await startProxy(true);
    try {
      // The API host stays reachable (NO_PROXY) so only the registry goes through the refusing proxy.
      const apiHost = new URL(lab.apiUrl).host;
      const res = await runCli(args(), { ...lab.env, GHCR_TOKEN: T.full, HOME: '/nonexistent-lab-home', HTTPS_PROXY: proxy.url, NO_PROXY: apiHost });
      const report = JSON.parse(res.stdout) as { findings: Array<{ id: string; evidence: Record<string, unknown> }> };
      expect(report.findings.find((f) => f.id === 'registry.unreachable')!.evidence).toMatchObject({ kind: 'proxy', code: 'PROXY_407', proxy: proxy.url });
      expect(res.code).toBe(3);
    } finally {
      await proxy.close();
    }
  });
});
