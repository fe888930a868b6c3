import ssh2 from 'ssh2';
import type { KeyCandidate } from './keys.js';
import { sha256Fingerprint } from './fingerprint.js';

const ENCRYPTED = /encrypted|passphrase/i;

/** Parses a key without a passphrase to learn its fingerprint, and whether it needs one. */
export function inspectKey(label: string, material: Buffer, passphrase?: string): KeyCandidate {
  const parsed = ssh2.utils.parseKey(material, passphrase);
  if (parsed instanceof Error) {
    if (ENCRYPTED.test(parsed.message)) return { label, material, encrypted: true };
    return { label, material, encrypted: false, unusable: parsed.message };
  }
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key || !key.isPrivateKey()) return { label, material, encrypted: false, unusable: 'not a private key' };
  return { label, material, encrypted: false, fingerprint: sha256Fingerprint(key.getPublicSSH()) };
}
