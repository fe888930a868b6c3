import { sanitizeText } from '../engine/sanitize.js';

/**
 * What a docker config.json / containers auth.json holds for one registry host. Pure: the
 * content was read over SSH; nothing here touches the network.
 */
export interface HostCredential {
  /** The key it was stored under (`ghcr.io`, `https://ghcr.io`, `ghcr.io/acme`). */
  key?: string;
  user?: string;
  /** The password/token; never printed. */
  secret?: string;
  /** A credential helper (`credHelpers[host]` or `credsStore`) holds it instead. */
  helper?: string;
  identityToken?: boolean;
}

export interface AuthFileReading {
  /** The credential a runtime would use for the host, if any. */
  credential?: HostCredential;
  /** The file could not be parsed as JSON. */
  invalidJson?: boolean;
}

/** `https://ghcr.io/v1/` → `ghcr.io`; `ghcr.io/acme/api` → `ghcr.io/acme/api`. */
export function normaliseAuthKey(key: string): string {
  return key
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/v[12]\/?$/, '')
    .replace(/\/+$/, '')
    .toLowerCase();
}

function decodeAuth(auth: string): { user?: string; secret?: string } {
  const text = Buffer.from(auth, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return {};
  // The user name is shown (the secret never is): sanitised once, here.
  return { user: sanitizeText(text.slice(0, colon)), secret: text.slice(colon + 1) };
}

const HELPER_NAME = /^[A-Za-z0-9._-]+$/;

/**
 * The entry a runtime would pick for `host`/`repoPath`: `credHelpers[host]` first, then the most
 * specific `auths` key (podman also honours `host/namespace` keys), and `credsStore` for docker when
 * the `auths` entry is empty or missing.
 */
export function readAuthFile(text: string, host: string, repoPath: string, runtime: 'docker' | 'podman'): AuthFileReading {
  let json: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    if (!parsed || typeof parsed !== 'object') return { invalidJson: true };
    json = parsed as Record<string, unknown>;
  } catch {
    return { invalidJson: true };
  }
  const h = host.toLowerCase();
  const helpers = (json.credHelpers ?? {}) as Record<string, unknown>;
  const helperFor = Object.entries(helpers).find(([k]) => normaliseAuthKey(k) === h)?.[1];
  if (typeof helperFor === 'string' && HELPER_NAME.test(helperFor)) return { credential: { key: h, helper: helperFor } };

  const auths = (json.auths ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const full = `${h}/${repoPath.toLowerCase()}`;
  const candidates = Object.entries(auths)
    .map(([k, v]) => ({ key: k, norm: normaliseAuthKey(k), value: v ?? {} }))
    .filter(({ norm }) => norm === h || (runtime === 'podman' && (full === norm || full.startsWith(`${norm}/`))))
    .sort((a, b) => b.norm.length - a.norm.length);
  for (const c of candidates) {
    const v = c.value;
    if (typeof v.auth === 'string' && v.auth !== '') {
      const { user, secret } = decodeAuth(v.auth);
      if (secret !== undefined) return { credential: { key: sanitizeText(c.key), user, secret } };
    }
    if (typeof v.identitytoken === 'string' && v.identitytoken !== '')
      return { credential: { key: sanitizeText(c.key), identityToken: true, secret: v.identitytoken } };
  }
  const store = json.credsStore;
  if (runtime === 'docker' && typeof store === 'string' && HELPER_NAME.test(store)) return { credential: { key: h, helper: store } };
  return {};
}

export type HelperFailure = 'dbus-x11' | 'secretservice' | 'pass-not-initialised' | 'helper-missing' | 'other';

/** Classifies a failing `docker-credential-X get`; `undefined` means "no credential stored" (not broken). */
export function classifyHelperError(exitCode: number | null, output: string): HelperFailure | undefined {
  if (/credentials not found|no credentials|not found in native keychain/i.test(output)) return undefined;
  if (exitCode === 127 || /command not found|not found|No such file/i.test(output)) return 'helper-missing';
  if (/D-?Bus|\$DISPLAY|X11/i.test(output)) return 'dbus-x11';
  if (/org\.freedesktop\.secrets|secret ?service/i.test(output)) return 'secretservice';
  if (/pass(word store)? (is )?not initiali[sz]ed|password store is empty|gpg: .*(decryption failed|no secret key)|pass init/i.test(output))
    return 'pass-not-initialised';
  return 'other';
}

/** Parses the helper's answer `{"ServerURL","Username","Secret"}` (after any login banner). */
export function parseHelperOutput(output: string): { user?: string; secret?: string } | undefined {
  const start = output.lastIndexOf('\n{');
  try {
    const j = JSON.parse(start >= 0 ? output.slice(start + 1) : output) as { Username?: unknown; Secret?: unknown };
    if (typeof j.Secret !== 'string' || j.Secret === '') return undefined;
    return { user: typeof j.Username === 'string' ? sanitizeText(j.Username) : undefined, secret: j.Secret };
  } catch {
    return undefined;
  }
}
