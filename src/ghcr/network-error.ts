/** What went wrong below HTTP, in the words of `registry.unreachable` evidence.kind. */
export type NetworkErrorKind = 'dns' | 'connect' | 'tls' | 'timeout' | 'proxy';

export interface ClassifiedNetworkError {
  kind: NetworkErrorKind;
  /** The system or library code that decided it (`ENOTFOUND`, `CERT_HAS_EXPIRED`, `TimeoutError`). */
  code: string;
  /** The innermost message, for evidence (never holds a token: it comes from the socket layer). */
  message: string;
}

const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);
const CONNECT = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
  'EADDRNOTAVAIL',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);
const TIMEOUT = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'TimeoutError']);
/** OpenSSL / Node certificate verification codes (`x509: …` in docker's words). */
const TLS = /^(CERT_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|ERR_TLS_|ERR_SSL_|EPROTO$|HOSTNAME_MISMATCH|INVALID_CA|CRL_)/;

/** Whether a TLS failure is about trust (a corporate CA, self-signed) rather than the protocol. */
export function isTrustError(code: string): boolean {
  return /SELF_SIGNED|UNABLE_TO_GET_ISSUER|UNABLE_TO_VERIFY_LEAF|UNABLE_TO_VERIFY_FIRST|DEPTH_ZERO|INVALID_CA/.test(code);
}

interface Coded {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** Every error reachable through `cause` and AggregateError `errors` (undici nests them). */
function chain(error: unknown, depth = 0): Coded[] {
  if (!error || typeof error !== 'object' || depth > 6) return [];
  const e = error as Coded;
  const out: Coded[] = [e];
  if (Array.isArray(e.errors)) for (const inner of e.errors) out.push(...chain(inner, depth + 1));
  out.push(...chain(e.cause, depth + 1));
  return out;
}

export interface ClassifyContext {
  /** The proxy the request went through, if any: refusals at its address are the proxy's fault. */
  proxyUrl?: string;
}

/**
 * Classifies a thrown fetch error (undici: `TypeError: fetch failed` with a coded cause; an abort from
 * a per-request timeout: `TimeoutError`). Returns undefined when it is not a network failure at all
 * (a bug should crash loudly, not pass for an unreachable registry).
 */
export function classifyNetworkError(error: unknown, context: ClassifyContext = {}): ClassifiedNetworkError | undefined {
  const all = chain(error);
  const messageOf = (e: Coded) => (typeof e.message === 'string' ? e.message : String(e.code ?? e.name ?? 'network error'));
  const innermost = [...all].reverse().find((e) => typeof e.message === 'string' && e.message !== 'fetch failed') ?? all[0];
  const message = innermost ? messageOf(innermost) : 'network error';

  for (const e of all) {
    const msg = typeof e.message === 'string' ? e.message : '';
    const proxyStatus = /Proxy response \((\d{3})\)/.exec(msg);
    if (proxyStatus) return { kind: 'proxy', code: `PROXY_${proxyStatus[1]}`, message: msg };
  }
  for (const e of all) {
    const code = typeof e.code === 'string' ? e.code : undefined;
    const name = typeof e.name === 'string' ? e.name : undefined;
    if (name === 'TimeoutError' || (code && TIMEOUT.has(code))) return { kind: 'timeout', code: code ?? 'TimeoutError', message };
    if (!code) continue;
    if (DNS.has(code)) return { kind: 'dns', code, message };
    if (TLS.test(code)) return { kind: 'tls', code, message };
    if (CONNECT.has(code)) {
      if (context.proxyUrl && refersToProxy(message, context.proxyUrl)) return { kind: 'proxy', code, message };
      return { kind: 'connect', code, message };
    }
  }
  // undici wraps every network failure as `TypeError: fetch failed`; one with a cause we do not know
  // (fetch's blocked "bad port", a socket error without a code) is still a failed connection, not a bug.
  const top = all[0];
  if (top && top.name === 'TypeError' && top.message === 'fetch failed') {
    const code = all.map((e) => e.code).find((c): c is string => typeof c === 'string');
    return { kind: 'connect', code: code ?? (/bad port/i.test(message) ? 'BAD_PORT' : 'FETCH_FAILED'), message };
  }
  return undefined;
}

/** `connect ECONNREFUSED 127.0.0.1:3128` names the proxy's address when the proxy is what refused. */
function refersToProxy(message: string, proxyUrl: string): boolean {
  try {
    const u = new URL(proxyUrl);
    const port = u.port || (u.protocol === 'https:' ? '443' : '80');
    return message.includes(`${u.hostname}:${port}`) || message.includes(`${u.hostname.replace(/^\[|\]$/g, '')}:${port}`);
  } catch {
    return false;
  }
}

/** The proxy a request to this URL goes through, per HTTPS_PROXY / NO_PROXY (as nodeIo's agent decides). */
export function proxyFor(url: string, env: Record<string, string | undefined>): string | undefined {
  const u = new URL(url);
  const proxy = u.protocol === 'https:' ? (env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy) : (env.HTTP_PROXY ?? env.http_proxy);
  if (!proxy) return undefined;
  const noProxy = (env.NO_PROXY ?? env.no_proxy ?? '').split(/[,\s]+/).filter(Boolean);
  const host = u.hostname.toLowerCase();
  const port = u.port;
  for (const entry of noProxy) {
    if (entry === '*') return undefined;
    const [h, p] = entry
      .toLowerCase()
      .replace(/^\*?\./, '.')
      .split(':');
    if (p && p !== port) continue;
    if (h && (host === h.replace(/^\./, '') || (h.startsWith('.') && host.endsWith(h)))) return undefined;
  }
  return proxy;
}
