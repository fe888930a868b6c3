import { keyTypeOfBlob, normaliseFingerprint, sha256Fingerprint } from './fingerprint.js';
import { judgeHostKey, knownKeyTypes, parseKnownHosts } from './known-hosts.js';
import { SshHostKeyError, type HostTrust } from './connector.js';

export type TrustDecision =
  | { kind: 'trusted'; fingerprint: string; trustedBy: string }
  | { kind: 'ask'; fingerprint: string }
  | { kind: 'refused'; error: SshHostKeyError };

/**
 * OpenSSH's rules, without any way to turn them off: a pin decides alone; otherwise known_hosts
 * (plain, hashed, `[host]:port`) must hold exactly this key; a different key for the host is a
 * mismatch; no entry at all is unknown (which only an interactive confirmation can accept).
 */
export function decideHostTrust(trust: HostTrust, host: string, port: number, keyBlob: Buffer): TrustDecision {
  const fingerprint = sha256Fingerprint(keyBlob);
  const keyType = keyTypeOfBlob(keyBlob);
  if (trust.pin) {
    const expected = normaliseFingerprint(trust.pin);
    if (expected === fingerprint) return { kind: 'trusted', fingerprint, trustedBy: '--host-key pin' };
    return {
      kind: 'refused',
      error: new SshHostKeyError('mismatch', fingerprint, keyType, [expected], `the server presented ${fingerprint}, not the pinned ${expected}`),
    };
  }
  const entries = parseKnownHosts(trust.knownHostsText ?? '');
  const verdict = judgeHostKey(entries, host, port, keyBlob);
  if (verdict.trust === 'known') return { kind: 'trusted', fingerprint, trustedBy: `known_hosts line ${verdict.line}` };
  if (verdict.trust === 'mismatch') {
    const expected = verdict.known.map((e) => sha256Fingerprint(e.key));
    const reason = verdict.revoked
      ? `the host key ${fingerprint} is marked @revoked in known_hosts`
      : `known_hosts has a different key for this host (line ${verdict.known.map((e) => e.line).join(', ')})`;
    return { kind: 'refused', error: new SshHostKeyError('mismatch', fingerprint, keyType, expected, reason) };
  }
  return { kind: 'ask', fingerprint };
}

const DEFAULT_HOST_KEY_ALGORITHMS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

/** Asks for the key types known_hosts has for the host first, so a server with several keys shows the known one. */
export function preferredHostKeyAlgorithms(trust: HostTrust, host: string, port: number): string[] {
  if (trust.pin) return DEFAULT_HOST_KEY_ALGORITHMS;
  const known = knownKeyTypes(parseKnownHosts(trust.knownHostsText ?? ''), host, port).flatMap((t) =>
    t === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [t],
  );
  const first = known.filter((t) => DEFAULT_HOST_KEY_ALGORITHMS.includes(t));
  return [...new Set([...first, ...DEFAULT_HOST_KEY_ALGORITHMS])];
}
