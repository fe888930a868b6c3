import { sanitizeText } from '../engine/sanitize.js';
import { hostTypoOf } from '../ghcr/image-ref.js';
import type { FetchLike } from '../io/types.js';

/** What the registry said about a credential stored on the server (checked from here, over HTTPS). */
export type CredentialVerdict = { kind: 'accepted' } | { kind: 'rejected'; status: number; message?: string } | { kind: 'unknown'; reason: string };

export interface RegistryClock {
  /** The registry's `Date` header, ms since the epoch. */
  dateMs: number;
  /** Our clock when the answer arrived. */
  observedAt: number;
}

interface Challenge {
  realm: string;
  service?: string;
}

function parseChallenge(header: string | null): Challenge | undefined {
  if (!header || !/^bearer\s/i.test(header)) return undefined;
  const params = new Map<string, string>();
  for (const m of header.slice(7).matchAll(/(\w+)="([^"]*)"/g)) params.set(m[1]!.toLowerCase(), m[2]!);
  const realm = params.get('realm');
  return realm ? { realm, service: params.get('service') } : undefined;
}

/**
 * The Docker Registry v2 bearer flow (§1.3): `/v2/` names the realm; the realm answers Basic
 * `user:token` with a token (accepted) or 401/403 (rejected). GHCR does not fall back to anonymous
 * when credentials are sent, which is exactly what breaks a server with a stale login.
 */
export class RegistryProbe {
  private challenge?: Promise<Challenge | undefined>;
  clock?: RegistryClock;

  constructor(
    private readonly fetch: FetchLike,
    private readonly host: string,
    private readonly now: () => number,
  ) {}

  private async discover(signal?: AbortSignal): Promise<Challenge | undefined> {
    this.challenge ??= (async () => {
      const res = await this.fetch(`https://${this.host}/v2/`, { signal, redirect: 'manual' });
      this.noteDate(res);
      await res.body?.cancel();
      return parseChallenge(res.headers.get('www-authenticate'));
    })();
    return this.challenge;
  }

  private noteDate(res: Response): void {
    const date = res.headers.get('date');
    const ms = date ? Date.parse(date) : NaN;
    if (Number.isFinite(ms)) this.clock = { dateMs: ms, observedAt: this.now() };
  }

  /** The registry's clock (for server.clock-skew), fetched once. */
  async registryClock(signal?: AbortSignal): Promise<RegistryClock | undefined> {
    if (!this.clock) await this.discover(signal).catch(() => undefined);
    return this.clock;
  }

  async validate(user: string, secret: string, repoPath: string, signal?: AbortSignal): Promise<CredentialVerdict> {
    let challenge: Challenge | undefined;
    try {
      challenge = await this.discover(signal);
    } catch (error) {
      return { kind: 'unknown', reason: `the registry could not be reached: ${(error as Error).message}` };
    }
    if (!challenge) return { kind: 'unknown', reason: `${this.host}/v2/ did not name a token realm` };
    const url = new URL(challenge.realm);
    // The same rules as RegistryClient: credentials only over HTTPS, never to a typo host.
    const typo = hostTypoOf(this.host);
    if (typo) return { kind: 'unknown', reason: `not sent to ${this.host}: it looks like a typo of ${typo}` };
    if (url.protocol !== 'https:') return { kind: 'unknown', reason: `the token service ${url.origin} is plain HTTP: the credential was not sent there` };
    if (challenge.service) url.searchParams.set('service', challenge.service);
    url.searchParams.set('scope', `repository:${repoPath.toLowerCase()}:pull`);
    try {
      const res = await this.fetch(url, {
        signal,
        headers: { authorization: `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}` },
      });
      this.noteDate(res);
      const text = await res.text();
      if (res.ok) return { kind: 'accepted' };
      if (res.status === 401 || res.status === 403) {
        let message: string | undefined;
        try {
          const j = JSON.parse(text) as { errors?: Array<{ message?: string }>; details?: string };
          const said = j.errors?.[0]?.message ?? j.details;
          message = typeof said === 'string' ? sanitizeText(said) : undefined;
        } catch {
          /* not JSON */
        }
        return { kind: 'rejected', status: res.status, message };
      }
      return { kind: 'unknown', reason: `the token endpoint answered HTTP ${res.status}` };
    } catch (error) {
      return { kind: 'unknown', reason: `the token endpoint could not be reached: ${(error as Error).message}` };
    }
  }
}
