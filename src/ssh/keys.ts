import path from 'node:path';
import type { FileSystem } from '../io/types.js';
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

/** SERVER_SSH_KEY holds key text (CI secrets) or a path. */
export function isSshKeyText(value: string): boolean {
  return value.includes('-----BEGIN') || value.startsWith('PuTTY-User-Key-File');
}

/** The key text of SERVER_SSH_KEY; secrets pasted with literal `\n` are unfolded. */
function explicitKeyText(value: string): string | undefined {
  if (!isSshKeyText(value)) return undefined;
  const text = value.includes('\n') ? value : value.replace(/\\n/g, '\n');
  return text.endsWith('\n') ? text : `${text}\n`;
}

/**
 * The keys to offer, in order: the explicit key alone when one is given; otherwise ssh_config
 * IdentityFile entries then the OpenSSH defaults (the agent is offered separately, before files).
 */
export async function loadKeyCandidates(src: KeySources, fs: FileSystem): Promise<{ keys: KeyCandidate[]; missing: string[] }> {
  const found: Array<{ label: string; material: Buffer }> = [];
  const missing: string[] = [];
  const text = src.explicit ? explicitKeyText(src.explicit) : undefined;
  if (text) found.push({ label: 'SERVER_SSH_KEY (key text)', material: Buffer.from(text) });
  const paths = text
    ? []
    : src.explicit
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
    found.push({ label: p, material });
  }
  if (!found.length) return { keys: [], missing };
  // ssh2 parses the keys: loaded only when there is a key to parse (a run without a server never gets here).
  const { inspectKey } = await import('./inspect-key.js');
  return { keys: found.map((k) => inspectKey(k.label, k.material)), missing };
}
