import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';

const run = promisify(execFile);

/**
 * A server that answers as badly as it is told: hang, trickle, an endless body, a gzip bomb, any status,
 * headers and body (hostile realms and Locations, control characters). It records what it received, so a
 * test can assert that no credential went where none may go.
 */
export type HostileAnswer =
  | { kind: 'reply'; status?: number; headers?: Record<string, string>; body?: string | object }
  | { kind: 'hang' }
  /** Headers at once, then one byte a second, never ending. */
  | { kind: 'trickle'; status?: number; headers?: Record<string, string> }
  /** Status 200 and bytes without end, as fast as the client reads. */
  | { kind: 'endless'; status?: number; headers?: Record<string, string> }
  /** A small gzip body that inflates to `inflatedMiB` MiB of zeros. */
  | { kind: 'gzip-bomb'; inflatedMiB: number; status?: number; headers?: Record<string, string> };

export interface ReceivedRequest {
  method: string;
  path: string;
  host?: string;
  authorization?: string;
  tls: boolean;
}

export interface HostileServer {
  /** `https://127.0.0.1:PORT` or `http://127.0.0.1:PORT`. */
  url: string;
  host: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

export type Answerer = (req: ReceivedRequest, server: HostileServer) => HostileAnswer;

/** Names that resolve to 127.0.0.1 in the child (through `env.NODE_OPTIONS`) and are on the certificate. */
export const HOSTILE_NAMES = ['ghrc.io', 'registry.example'];

export interface HostileCerts {
  caFile: string;
  cert: Buffer;
  key: Buffer;
  /** For the CLI child: trusts the CA and resolves HOSTILE_NAMES to 127.0.0.1. */
  env: Record<string, string>;
  dir: string;
}

let certs: Promise<HostileCerts> | undefined;
/** One CA and server certificate (127.0.0.1, localhost, HOSTILE_NAMES) per test file, made with openssl. */
export function hostileCerts(): Promise<HostileCerts> {
  certs ??= (async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ghcr-doctor-hostile-'));
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
    const openssl = (args: string[]) => run('openssl', args, { cwd: dir });
    await openssl([
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '2',
      '-subj',
      '/CN=hostile CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign',
    ]);
    await openssl(['req', '-new', ...ec, '-keyout', 'host.key', '-out', 'host.csr', '-subj', '/CN=127.0.0.1']);
    const names = ['IP:127.0.0.1', 'DNS:localhost', ...HOSTILE_NAMES.map((n) => `DNS:${n}`)].join(',');
    await writeFile(path.join(dir, 'host.ext'), `basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=${names}\n`);
    await openssl([
      'x509',
      '-req',
      '-in',
      'host.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'host.crt',
      '-days',
      '2',
      '-extfile',
      'host.ext',
    ]);
    const preload = path.join(dir, 'resolve.mjs');
    await writeFile(
      preload,
      `import dns from 'node:dns';
const names = ${JSON.stringify(HOSTILE_NAMES)};
const real = dns.lookup;
dns.lookup = function (host, options, callback) {
  if (typeof options === 'function') { callback = options; options = {}; }
  if (!names.includes(host)) return real.call(this, host, options, callback);
  const all = typeof options === 'object' && options !== null && options.all;
  process.nextTick(() => (all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4)));
};
`,
    );
    const caFile = path.join(dir, 'ca.crt');
    return {
      caFile,
      cert: await readFile(path.join(dir, 'host.crt')),
      key: await readFile(path.join(dir, 'host.key')),
      env: { NODE_EXTRA_CA_CERTS: caFile, NODE_OPTIONS: `--import=${preload}` },
      dir,
    };
  })();
  return certs;
}

export async function removeHostileCerts(): Promise<void> {
  if (certs) await rm((await certs).dir, { recursive: true, force: true });
  certs = undefined;
}

export async function startHostileServer(answer: Answerer, opts: { tls?: boolean } = {}): Promise<HostileServer> {
  const useTls = opts.tls ?? true;
  const open = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const self: HostileServer = { url: '', host: '', received: [], close: async () => undefined };
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const received: ReceivedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      host: req.headers.host,
      authorization: req.headers.authorization,
      tls: useTls,
    };
    self.received.push(received);
    req.resume();
    const a = answer(received, self);
    if (a.kind === 'hang') return;
    if (a.kind === 'reply') {
      const isJson = a.body !== undefined && typeof a.body !== 'string';
      res.writeHead(a.status ?? 200, { ...(isJson ? { 'content-type': 'application/json' } : {}), ...a.headers });
      res.end(isJson ? JSON.stringify(a.body) : ((a.body as string | undefined) ?? ''));
      return;
    }
    if (a.kind === 'trickle') {
      res.writeHead(a.status ?? 200, { 'content-type': 'application/json', ...a.headers });
      const t = setInterval(() => res.write(' '), 1000);
      timers.add(t);
      res.on('close', () => clearInterval(t));
      return;
    }
    if (a.kind === 'endless') {
      res.writeHead(a.status ?? 200, { 'content-type': 'application/json', ...a.headers });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
      return;
    }
    const bomb = zlib.gzipSync(Buffer.alloc(a.inflatedMiB * 1024 * 1024, 0x20), { level: 9 });
    res.writeHead(a.status ?? 200, { 'content-type': 'application/json', 'content-encoding': 'gzip', ...a.headers });
    res.end(bomb);
  };
  let server: http.Server;
  if (useTls) {
    const c = await hostileCerts();
    server = https.createServer({ cert: c.cert, key: c.key }, handler);
  } else {
    server = http.createServer(handler);
  }
  server.on('connection', (s: net.Socket) => {
    open.add(s);
    s.on('close', () => open.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  self.url = `${useTls ? 'https' : 'http'}://127.0.0.1:${port}`;
  self.host = `127.0.0.1:${port}`;
  self.close = () =>
    new Promise<void>((resolve) => {
      for (const t of timers) clearInterval(t);
      for (const s of open) s.destroy();
      server.close(() => resolve());
    });
  return self;
}

/** Accepts TCP and never says a word (no TLS handshake, no HTTP, no SSH banner). */
export async function startSilentServer(): Promise<{ host: string; port: number; close(): Promise<void> }> {
  const open = new Set<net.Socket>();
  const server = net.createServer((s) => {
    open.add(s);
    s.on('close', () => open.delete(s));
    s.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * An SSH server that says its version, waits for the client's, then disconnects with `description`
 * as the reason (an unencrypted SSH_MSG_DISCONNECT, which clients accept before key exchange).
 */
export async function startDisconnectingSshServer(description: string): Promise<{ host: string; port: number; close(): Promise<void> }> {
  const sshString = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, 0].map((_, i) => (b.length >>> (24 - 8 * i)) & 0xff)), b]);
  const open = new Set<net.Socket>();
  const server = net.createServer((s) => {
    open.add(s);
    s.on('close', () => open.delete(s));
    s.on('error', () => undefined);
    s.write('SSH-2.0-OpenSSH_9.6\r\n');
    s.once('data', () => {
      // byte 1 (DISCONNECT), uint32 2 (protocol error), string description, string language
      const payload = Buffer.concat([Buffer.from([1, 0, 0, 0, 2]), sshString(Buffer.from(description)), sshString(Buffer.alloc(0))]);
      let pad = 8 - ((5 + payload.length) % 8);
      if (pad < 4) pad += 8;
      const length = Buffer.alloc(4);
      length.writeUInt32BE(1 + payload.length + pad);
      s.write(Buffer.concat([length, Buffer.from([pad]), payload, Buffer.alloc(pad)]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** `Bearer realm="REALM",service="SERVICE"` as a registry's 401 on /v2/ sends it. */
export function challenge(realm: string, service = 'hostile'): Record<string, string> {
  return { 'www-authenticate': `Bearer realm="${realm}",service="${service}"` };
}
