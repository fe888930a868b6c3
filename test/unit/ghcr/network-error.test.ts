import { describe, expect, it } from 'vitest';
import { classifyNetworkError, proxyFor } from '../../../src/ghcr/network-error.js';
import { networkError } from '../../helpers/fake-fetch.js';

function thrown(code: string, message?: string): unknown {
  try {
    networkError(code, message);
  } catch (e) {
    return e;
  }
  throw new Error('networkError did not throw');
}

describe('network error classification', () => {
  it.each([
    ['ENOTFOUND', 'dns'],
    ['EAI_AGAIN', 'dns'],
    ['ECONNREFUSED', 'connect'],
    ['ECONNRESET', 'connect'],
    ['EHOSTUNREACH', 'connect'],
    ['ENETUNREACH', 'connect'],
    ['ETIMEDOUT', 'timeout'],
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'tls'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls'],
    ['CERT_HAS_EXPIRED', 'tls'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls'],
  ])('%s → %s', (code, kind) => {
    expect(classifyNetworkError(thrown(code))).toMatchObject({ kind, code });
  });

  it('a per-request timeout (AbortSignal.timeout) is `timeout`', () => {
    const e = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(classifyNetworkError(e)?.kind).toBe('timeout');
  });

  it('undici proxy tunnel refusal (407) is `proxy`', () => {
    const cause = Object.assign(new Error('Proxy response (407) !== 200 when HTTP Tunneling'), { code: 'UND_ERR_ABORTED' });
    const e = Object.assign(new TypeError('fetch failed'), { cause });
    expect(classifyNetworkError(e)).toMatchObject({ kind: 'proxy', code: 'PROXY_407' });
  });

  it('a refusal at the proxy address is `proxy`, elsewhere `connect`', () => {
    const e = thrown('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:3128');
    expect(classifyNetworkError(e, { proxyUrl: 'http://127.0.0.1:3128' })?.kind).toBe('proxy');
    expect(classifyNetworkError(e, { proxyUrl: 'http://127.0.0.1:8080' })?.kind).toBe('connect');
  });

  it('finds codes nested in AggregateError (happy eyeballs)', () => {
    const inner = Object.assign(new Error('connect ENETUNREACH 2606:50c0::1:443'), { code: 'ENETUNREACH' });
    const e = Object.assign(new TypeError('fetch failed'), { cause: new AggregateError([inner], 'all failed') });
    expect(classifyNetworkError(e)?.kind).toBe('connect');
  });

  it('an uncoded `fetch failed` (blocked "bad port") is still connect, not a crash', () => {
    const e = Object.assign(new TypeError('fetch failed'), { cause: new Error('bad port') });
    expect(classifyNetworkError(e)).toMatchObject({ kind: 'connect', code: 'BAD_PORT' });
  });

  it('a plain bug is not a network error', () => {
    expect(classifyNetworkError(new RangeError('oops'))).toBeUndefined();
    expect(classifyNetworkError('string')).toBeUndefined();
  });

  it('proxyFor honours HTTPS_PROXY and NO_PROXY', () => {
    const env = { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 'localhost,.internal,127.0.0.1' };
    expect(proxyFor('https://ghcr.io/v2/', env)).toBe('http://proxy:3128');
    expect(proxyFor('https://reg.internal/v2/', env)).toBeUndefined();
    expect(proxyFor('https://127.0.0.1:5000/v2/', env)).toBeUndefined();
    expect(proxyFor('https://ghcr.io/v2/', {})).toBeUndefined();
  });
});
