import { rateLimitFinding } from './rate-limit.js';
import { localFixEnv } from './fix-env.js';
import type { DiagnosisContext } from '../diagnosis/context.js';
import { finding } from '../engine/findings.js';
import { fix } from '../engine/fixes.js';
import type { Finding } from '../engine/types.js';
import { isTrustError } from '../ghcr/network-error.js';
import { hostTypoOf } from '../ghcr/image-ref.js';
import { RegistryClient, type RegistryUnreachableError, replyEvidence, type RegistryReply } from '../ghcr/registry-client.js';
import { proxyFor } from '../ghcr/network-error.js';

/** Each registry request is bounded well inside a check's own timeout, so a hang reads as `timeout`. */
export const REGISTRY_REQUEST_TIMEOUT_MS = 10_000;
export const REGISTRY_CHECK_TIMEOUT_MS = 30_000;

export function registryClientFor(ctx: DiagnosisContext, signal: AbortSignal): RegistryClient {
  return new RegistryClient({
    registry: ctx.inputs.image!.registry,
    fetch: ctx.io.fetch,
    signal,
    requestTimeoutMs: REGISTRY_REQUEST_TIMEOUT_MS,
    env: ctx.io.env,
    noCredentials: typoHostReason(ctx),
  });
}

/** Why no credential may go to the image's host: it is a near miss of a known registry (image.host-typo). */
export function typoHostReason(ctx: DiagnosisContext): string | undefined {
  const host = ctx.inputs.image?.registry;
  const typo = host ? hostTypoOf(host) : undefined;
  return typo ? `it looks like a typo of ${typo} (image.host-typo)` : undefined;
}

/** Lowercased OWNER/NAME as the registry path wants it. */
export function registryRepository(ctx: DiagnosisContext): string {
  const ref = ctx.inputs.image!;
  return RegistryClient.repositoryPath(ref.owner, ref.name);
}

/**
 * The user for Basic auth at the token endpoint. GHCR largely ignores it for PATs, but it must be
 * non-empty; the token owner's login is what docker/podman users are told to use.
 */
export function registryUser(ctx: DiagnosisContext): string {
  // Installation tokens (ghs_) have no user: `x-access-token` is the conventional name.
  const fallback = ctx.facts.token?.kind === 'app-installation' ? 'x-access-token' : 'ghcr-doctor';
  return ctx.inputs.user ?? ctx.facts.identity?.login ?? ctx.facts.token?.storedUser ?? fallback;
}

/** `registry.unreachable` for a network failure, naming the kind and what to do about it. */
export async function unreachableFinding(ctx: DiagnosisContext, checkId: string, error: RegistryUnreachableError, signal: AbortSignal): Promise<Finding> {
  const { kind, code, message } = error.network;
  const url = new URL(error.url);
  const host = url.host;
  const evidence: Record<string, unknown> = { kind, code, host, url: `${url.origin}${url.pathname}`, message };
  const proxy = proxyFor(error.url, ctx.io.env);
  if (proxy) evidence.proxy = redactProxy(proxy);
  const fixes = [];
  let detail: string;
  switch (kind) {
    case 'dns':
      detail = `The name ${url.hostname} could not be resolved (${code}). Check the host name, the DNS resolver (/etc/resolv.conf, systemd-resolved) and, behind a proxy, that HTTPS_PROXY is set.`;
      fixes.push(fix('registry.check-dns', localFixEnv(ctx), { hostname: url.hostname }));
      break;
    case 'connect':
      detail =
        code === 'ENETUNREACH' || code === 'EHOSTUNREACH'
          ? `No route to ${host} (${code}). On IPv6-only or broken-IPv6 hosts, prefer IPv4 (/etc/gai.conf: precedence ::ffff:0:0/96 100) or use NAT64/a proxy.`
          : `The connection to ${host} failed (${code}). A firewall must allow ${url.hostname}:${url.port || '443'} and, for blob downloads, pkg-containers.githubusercontent.com:443.`;
      fixes.push(fix('registry.check-connect', localFixEnv(ctx), { host }));
      break;
    case 'tls': {
      let issuer: string | undefined;
      if (ctx.io.inspectTls) {
        try {
          const port = Number(url.port || 443);
          issuer = (await ctx.io.inspectTls(url.hostname, port, signal)).issuer;
        } catch {
          issuer = undefined;
        }
      }
      if (issuer) evidence.issuer = issuer;
      if (/CERT_HAS_EXPIRED|CERT_NOT_YET_VALID/.test(code)) {
        detail = `The certificate of ${host} is ${code === 'CERT_NOT_YET_VALID' ? 'not yet valid' : 'expired'} by this machine's clock: check the clock first (timedatectl).`;
        fixes.push(fix('server.enable-ntp', localFixEnv(ctx)));
      } else {
        const who = issuer ? `a certificate issued by "${issuer}"` : 'a certificate this machine does not trust';
        detail = `${host} presented ${who} (${code})${isTrustError(code) ? ': usually a TLS-intercepting corporate proxy' : ''}. Trust that CA rather than turning verification off: NODE_EXTRA_CA_CERTS=/path/ca.pem for ghcr-doctor; for docker /etc/docker/certs.d/${host}/ca.crt, for podman /etc/containers/certs.d/${host}/ca.crt; or the OS store (update-ca-certificates) and restart the daemon.`;
        fixes.push(fix('registry.trust-ca', localFixEnv(ctx), { host, image: ctx.inputs.image?.canonical ?? host }));
      }
      break;
    }
    case 'timeout':
      detail = `${host} did not answer within ${REGISTRY_REQUEST_TIMEOUT_MS / 1000}s (${code}). A firewall dropping packets, a dead proxy or broken IPv6 are the usual causes.`;
      fixes.push(fix('registry.check-connect', localFixEnv(ctx), { host, maxTimeSeconds: 10 }));
      break;
    case 'proxy':
      detail = `The proxy ${proxy ? redactProxy(proxy) : ''} refused to carry the request to ${host} (${code}${code === 'PROXY_407' ? ': proxy authentication required' : ''}). Check HTTPS_PROXY (and its credentials) and NO_PROXY; docker's daemon needs the same in a systemd drop-in.`;
      fixes.push(fix('registry.check-proxy', localFixEnv(ctx)));
      break;
  }
  return finding('registry.unreachable', checkId, {
    title: `Cannot reach ${host}: ${kind === 'tls' ? 'TLS' : kind} failure`,
    detail,
    evidence,
    fixes,
  });
}

/**
 * Something answered that is not a registry (an HTML 403 from a proxy or a typo host):
 * nothing about the credentials can be judged, so it is reported like an unreachable registry.
 */
export function notARegistryFinding(ctx: DiagnosisContext, checkId: string, reply: RegistryReply, url: string): Finding {
  const host = new URL(url).host;
  const proxy = proxyFor(url, ctx.io.env);
  const what = reply.notJson
    ? `an ${/html/i.test(reply.notJson.contentType) ? 'HTML page' : 'unexpected body'} ("${reply.notJson.excerpt}")`
    : 'no registry challenge';
  return finding('registry.unreachable', checkId, {
    title: `${host} did not answer like a container registry`,
    detail: `GET ${new URL(url).pathname} on ${host} answered ${reply.status} with ${what}. ${proxy ? 'The proxy in HTTPS_PROXY may be blocking it' : 'A proxy, a firewall page or a host that is not a registry answered: check the host name'}.`,
    evidence: { kind: proxy ? 'proxy' : 'connect', host, notRegistry: true, ...replyEvidence(reply) },
  });
}

function redactProxy(proxy: string): string {
  try {
    const u = new URL(proxy);
    if (u.password) u.password = '****';
    return u.toString().replace(/\/$/, '');
  } catch {
    return proxy;
  }
}

/** `registry.rate-limited` for a registry reply (the one builder is in rate-limit.ts). */
export function registryRateLimitFinding(checkId: string, headers: Headers, status: number, where: string): Finding {
  return rateLimitFinding(checkId, { status, header: (n) => headers.get(n) ?? undefined }, where, where === 'the GitHub API' ? 'api' : 'registry');
}
