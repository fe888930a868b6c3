import path from 'node:path';
import ssh2 from 'ssh2';
import type { FileSystem } from '../io/types.js';
import { sha256Fingerprint } from './fingerprint.js';
import { expandHome } from './target.js';

/** A private key we may offer. `material` never leaves this process and is never printed. */
export interface KeyCandidate {
  /** Path, `SERVER_SSH_KEY (text)`, … : what the report names. */
  label: string;
  material: Buffer;
  /** SHA256 fingerprint of the public half, when the key could be parsed. */
  fingerprint?: string;
  encrypted: boolean;
  /** Set when the key could not be used at all (bad format). */
  unusable?: string;
}

export interface KeySources {
  /** --ssh-key PATH or SERVER_SSH_KEY (key text or a path). When given, it is the only file key. */
  explicit?: string;
  identityFiles: string[];
  homedir: string;
}

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

/** SERVER_SSH_KEY holds key text (CI secrets) or a path; secrets pasted with literal `\n` are unfolded. */
function explicitKeyText(value: string): string | undefined {
  if (!value.includes('-----BEGIN') && !value.startsWith('PuTTY-User-Key-File')) return undefined;
  const text = value.includes('\n') ? value : value.replace(/\\n/g, '\n');
  return text.endsWith('\n') ? text : `${text}\n`;
}

/**
 * The keys to offer, in order: the explicit key alone when one is given; otherwise ssh_config
 * IdentityFile entries then the OpenSSH defaults (the agent is offered separately, before files).
 */
export async function loadKeyCandidates(src: KeySources, fs: FileSystem): Promise<{ keys: KeyCandidate[]; missing: string[] }> {
  const keys: KeyCandidate[] = [];
  const missing: string[] = [];
  if (src.explicit) {
    const text = explicitKeyText(src.explicit);
    if (text) {
      keys.push(inspectKey('SERVER_SSH_KEY (key text)', Buffer.from(text)));
      return { keys, missing };
    }
  }
  const paths = src.explicit
    ? [expandHome(src.explicit, src.homedir)]
    : [...src.identityFiles, path.join(src.homedir, '.ssh', 'id_ed25519'), path.join(src.homedir, '.ssh', 'id_rsa')];
  for (const p of [...new Set(paths)]) {
    let material: Buffer;
    try {
      material = await fs.readFile(p);
    } catch {
      // A missing default is normal; a missing explicit key is reported by the caller.
      missing.push(p);
      continue;
    }
    keys.push(inspectKey(p, material));
  }
  return { keys, missing };
}
