import { createHmac, timingSafeEqual } from 'node:crypto';

/** One usable line of a known_hosts file. @cert-authority lines are kept out: we only trust plain keys. */
export interface KnownHostEntry {
  /** Comma-separated patterns, or one hashed `|1|salt|hash` entry. */
  hosts: string;
  keyType: string;
  key: Buffer;
  revoked: boolean;
  line: number;
}

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let revoked = false;
    if (fields[0]?.startsWith('@')) {
      const marker = fields.shift();
      if (marker === '@cert-authority') return;
      if (marker === '@revoked') revoked = true;
      else return;
    }
    const [hosts, keyType, keyB64] = fields;
    if (!hosts || !keyType || !keyB64) return;
    const key = Buffer.from(keyB64, 'base64');
    if (key.length === 0) return;
    entries.push({ hosts, keyType, key, revoked, line: i + 1 });
  });
  return entries;
}

/** The name OpenSSH looks up: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

function hashedMatch(entry: string, name: string): boolean {
  const m = /^\|1\|([^|]+)\|([^|]+)$/.exec(entry);
  if (!m) return false;
  const salt = Buffer.from(m[1]!, 'base64');
  const expected = Buffer.from(m[2]!, 'base64');
  const actual = createHmac('sha1', salt).update(name).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** OpenSSH semantics: any negated pattern that matches excludes the line; otherwise one positive match. */
export function hostsFieldMatches(hosts: string, name: string): boolean {
  if (hosts.startsWith('|')) return hashedMatch(hosts, name);
  let matched = false;
  for (const pattern of hosts.split(',')) {
    if (pattern.startsWith('!')) {
      if (globToRegExp(pattern.slice(1)).test(name)) return false;
    } else if (globToRegExp(pattern).test(name)) {
      matched = true;
    }
  }
  return matched;
}

export type HostKeyVerdict =
  | { trust: 'known'; line: number }
  | { trust: 'unknown' }
  /** `expected` is the fingerprint source: the known_hosts line(s) of the same host. */
  | { trust: 'mismatch'; known: KnownHostEntry[]; revoked: boolean };

/** Judges a presented key against known_hosts entries for `host` (and `[host]:port` for a non-22 port). */
export function judgeHostKey(entries: KnownHostEntry[], host: string, port: number, presented: Buffer): HostKeyVerdict {
  const name = knownHostsName(host, port);
  const forHost = entries.filter((e) => hostsFieldMatches(e.hosts, name));
  if (forHost.some((e) => e.revoked && e.key.equals(presented))) {
    return { trust: 'mismatch', known: forHost.filter((e) => !e.revoked), revoked: true };
  }
  const trusted = forHost.find((e) => !e.revoked && e.key.equals(presented));
  if (trusted) return { trust: 'known', line: trusted.line };
  const known = forHost.filter((e) => !e.revoked);
  if (known.length === 0) return { trust: 'unknown' };
  return { trust: 'mismatch', known, revoked: false };
}

/** Key types known for the host, so the handshake asks for those first (OpenSSH does the same). */
export function knownKeyTypes(entries: KnownHostEntry[], host: string, port: number): string[] {
  const name = knownHostsName(host, port);
  return [...new Set(entries.filter((e) => !e.revoked && hostsFieldMatches(e.hosts, name)).map((e) => e.keyType))];
}
