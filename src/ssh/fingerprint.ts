import { createHash } from 'node:crypto';

/** OpenSSH's fingerprint form: `SHA256:` + base64 of the SHA-256 of the public key blob, no padding. */
export function sha256Fingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** Accepts `SHA256:abc`, `SHA256:abc=` or bare `abc` (as people paste them) and returns `SHA256:abc`. */
export function normaliseFingerprint(pin: string): string {
  const body = pin
    .trim()
    .replace(/^SHA256:/i, '')
    .replace(/=+$/, '');
  return `SHA256:${body}`;
}

/** The key type named inside an SSH public key blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`, …). */
export function keyTypeOfBlob(keyBlob: Buffer): string | undefined {
  if (keyBlob.length < 4) return undefined;
  const len = keyBlob.readUInt32BE(0);
  if (len <= 0 || len > 64 || 4 + len > keyBlob.length) return undefined;
  return keyBlob.subarray(4, 4 + len).toString('latin1');
}
