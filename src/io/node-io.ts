import os from 'node:os';
import { nodeFileSystem } from './node-fs.js';
import { guardedFetch } from './guarded-fetch.js';
import type { FetchLike, Io, TlsPeerInfo } from './types.js';

/** fetch that honours HTTPS_PROXY / HTTP_PROXY / NO_PROXY, as gh, docker and podman do. */
export function proxyAwareFetch(env: Record<string, string | undefined>): FetchLike {
  const hasProxy = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some((k) => env[k]);
  if (!hasProxy) return globalThis.fetch.bind(globalThis);
  // undici is half a megabyte: load it only when a proxy is actually configured (start-up time).
  let proxied: Promise<FetchLike> | undefined;
  const load = async (): Promise<FetchLike> => {
    const { EnvHttpProxyAgent, fetch: undiciFetch } = await import('undici');
    const dispatcher = new EnvHttpProxyAgent({
      httpProxy: env.HTTP_PROXY ?? env.http_proxy,
      httpsProxy: env.HTTPS_PROXY ?? env.https_proxy,
      noProxy: env.NO_PROXY ?? env.no_proxy,
    });
    return ((input: string | URL, init?: RequestInit) => undiciFetch(input, { ...(init as object), dispatcher } as never)) as unknown as FetchLike;
  };
  return async (input: string | URL, init?: RequestInit) => {
    proxied ??= load();
    return (await proxied)(input, init);
  };
}

async function inspectTls(host: string, port: number, signal?: AbortSignal): Promise<TlsPeerInfo> {
  // Only after a TLS failure: loading node:tls (and net) on every start costs milliseconds.
  const [tls, net] = await Promise.all([import('node:tls'), import('node:net')]);
  // SNI names hosts only: Node warns on stderr (DEP0123) when an IP address is given as the name.
  const bare = host.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = tls.connect({ host: bare, port, servername: net.isIP(bare) ? undefined : host, rejectUnauthorized: false });
    const done = (info: TlsPeerInfo) => {
      socket.destroy();
      resolve(info);
    };
    const timer = setTimeout(() => done({}), 5000);
    signal?.addEventListener('abort', () => done({}), { once: true });
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const cert = socket.getPeerCertificate();
      const name = (o: Record<string, unknown> | undefined) => (o ? String(o.CN ?? o.O ?? Object.values(o).join(', ')) : undefined);
      done({ issuer: name(cert?.issuer as never), subject: name(cert?.subject as never), validTo: cert?.valid_to });
    });
    socket.once('error', () => {
      clearTimeout(timer);
      done({});
    });
  });
}

export function nodeIo(env: Record<string, string | undefined> = process.env): Io {
  return {
    fetch: guardedFetch(proxyAwareFetch(env)),
    fs: nodeFileSystem,
    clock: { now: () => Date.now() },
    env,
    homedir: env.HOME || os.homedir(),
    inspectTls,
  };
}
