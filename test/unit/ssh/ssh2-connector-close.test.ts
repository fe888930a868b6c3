import net from 'node:net';
import type { AddressInfo } from 'node:net';
import ssh2 from 'ssh2';
import { afterEach, describe, expect, it } from 'vitest';
import { ssh2Connector } from '../../../src/ssh/ssh2-connector.js';
import { inspectKey } from '../../../src/ssh/inspect-key.js';
import type { ConnectRequest } from '../../../src/ssh/connector.js';

/**
 * A peer that never closes its side of a TCP connection (a hostile or broken SSH target): only a
 * socket the connector DESTROYS goes away; one it merely ends stays half-open for ever and keeps the
 * process alive. Seen from that peer: after our FIN it keeps writing, and only a destroyed socket
 * answers with a reset, which closes the peer's socket.
 */
function watchHalfOpen(socket: net.Socket): Promise<boolean> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    socket.on('error', () => undefined);
    socket.resume(); // read (and drop) what arrives, so that the end of the stream is seen
    socket.once('close', () => {
      clearInterval(timer);
      resolve(true);
    });
    socket.once('end', () => {
      timer = setInterval(() => socket.write('still here\n'), 50);
      setTimeout(() => {
        clearInterval(timer);
        resolve(socket.destroyed);
        socket.destroy();
      }, 3_000);
    });
  });
}

const closers: Array<() => void> = [];
afterEach(() => {
  for (const c of closers.splice(0)) c();
});

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => server.close());
  return (server.address() as AddressInfo).port;
}

function request(port: number, over: Partial<ConnectRequest> = {}): ConnectRequest {
  const key = ssh2.utils.generateKeyPairSync('ed25519');
  return {
    target: { alias: 'peer', hostName: '127.0.0.1', port, user: 'deploy', identityFiles: [], fromConfig: [] },
    trust: { confirmUnknown: async () => true },
    keys: [inspectKey('test key', Buffer.from(key.private))],
    timeoutMs: 400,
    ...over,
  };
}

describe('the ssh2 connector destroys its socket (an ended one would stay half-open)', () => {
  it('a target that accepts TCP and never speaks SSH: after the handshake timeout the socket is gone', async () => {
    let closed: Promise<boolean> | undefined;
    const server = net.createServer({ allowHalfOpen: true }, (s) => {
      closed = watchHalfOpen(s);
    });
    const port = await listen(server);
    await expect(ssh2Connector.connect(request(port))).rejects.toThrow(/no SSH handshake/);
    expect(await closed).toBe(true);
  });

  it('the connection attempt cancelled (--timeout): the socket is gone', async () => {
    let closed: Promise<boolean> | undefined;
    const server = net.createServer({ allowHalfOpen: true }, (s) => {
      closed = watchHalfOpen(s);
    });
    const port = await listen(server);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    await expect(ssh2Connector.connect(request(port, { timeoutMs: 60_000, signal: controller.signal }))).rejects.toThrow(/cancelled/);
    expect(await closed).toBe(true);
  });

  it('session close() on a server that never closes its side (a half-open relay in front of a real SSH server): the socket is gone', async () => {
    const hostKey = ssh2.utils.generateKeyPairSync('ed25519');
    const sshServer = new ssh2.Server({ hostKeys: [hostKey.private] }, (client) => {
      client.on('authentication', (ctx) => ctx.accept());
      client.on('error', () => undefined);
    });
    const sshPort = await listen(sshServer as unknown as net.Server);
    // The relay passes bytes both ways but never passes on or answers an end of connection.
    let closed: Promise<boolean> | undefined;
    const relay = net.createServer({ allowHalfOpen: true }, (s) => {
      const upstream = net.connect({ port: sshPort, host: '127.0.0.1', allowHalfOpen: true });
      upstream.on('error', () => undefined);
      s.on('data', (d) => upstream.write(d));
      upstream.on('data', (d) => s.write(d));
      closers.push(() => upstream.destroy());
      closed = watchHalfOpen(s);
    });
    const port = await listen(relay);
    const connected = await ssh2Connector.connect(request(port, { timeoutMs: 10_000 }));
    connected.session.close();
    expect(await closed).toBe(true);
  });
});
