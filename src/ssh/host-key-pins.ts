/**
 * `--host-key` for several servers: `SHA256:…` pins every server (as with one server), `HOST=SHA256:…`
 * the servers on that host, `HOST:PORT=SHA256:…` the one on that port. The most specific pin wins.
 */
import { normaliseFingerprint } from './fingerprint.js';

export interface HostKeyPin {
  /** Absent: every server without a more specific pin. */
  host?: string;
  port?: number;
  fingerprint: string;
}

/** The base64 of a SHA-256 (43 characters without padding), as OpenSSH prints it. */
const BODY = /^(?:SHA256:)?[A-Za-z0-9+/]{43}=?$/i;

/** One `--host-key` value; a message (for a usage error) when it is none of the three forms. */
export function parseHostKeyPin(raw: string, source: string): HostKeyPin | string {
  const value = raw.trim();
  const eq = value.lastIndexOf('=', value.length - 2);
  const where = eq > 0 && !/^SHA256:/i.test(value) ? value.slice(0, eq) : undefined;
  const print = where === undefined ? value : value.slice(eq + 1);
  if (!BODY.test(print)) return `${source} must be SHA256:<fingerprint>, HOST=SHA256:… or HOST:PORT=SHA256:…, not "${raw}"`;
  const fingerprint = normaliseFingerprint(print);
  if (where === undefined) return { fingerprint };
  // `[::1]:2222` and `host:2222`; a bare IPv6 address has several colons and no port.
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(where) ?? /^([^:[\]\s]+)(?::(\d+))?$/.exec(where);
  if (!m) return `${source}: "${where}" is not HOST or HOST:PORT`;
  const port = m[2] === undefined ? undefined : Number(m[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return `${source}: port ${port} is out of range`;
  return { host: m[1]!.toLowerCase(), ...(port !== undefined ? { port } : {}), fingerprint };
}

/** Every `--host-key` given; two pins for the same place (or two for every server) are a usage error. */
export function parseHostKeyPins(raws: string[], source: string): HostKeyPin[] | string {
  const pins: HostKeyPin[] = [];
  for (const raw of raws) {
    const pin = parseHostKeyPin(raw, source);
    if (typeof pin === 'string') return pin;
    const clash = pins.find((p) => p.host === pin.host && p.port === pin.port && p.fingerprint !== pin.fingerprint);
    if (clash) return `${source} is given twice for ${pin.host === undefined ? 'every server' : pin.port === undefined ? pin.host : `${pin.host}:${pin.port}`}`;
    pins.push(pin);
  }
  return pins;
}

/**
 * The pin for a server: its HOST:PORT, else its HOST, else the one for every server (`hostKey`).
 * `names` are the host as given (an ~/.ssh/config alias) and as resolved (HostName): either can be pinned.
 */
export function pinFor(pins: { hostKey?: string; hostKeyPins?: HostKeyPin[] }, names: string[], port: number): string | undefined {
  const hosts = names.map((n) => n.toLowerCase());
  const some = pins.hostKeyPins ?? [];
  return (
    (
      some.find((p) => p.host !== undefined && p.port === port && hosts.includes(p.host)) ??
      some.find((p) => p.host !== undefined && p.port === undefined && hosts.includes(p.host))
    )?.fingerprint ?? pins.hostKey
  );
}
