/**
 * The one redaction layer. Every byte that leaves ghcr-doctor (text, JSON, annotations, step summary,
 * error messages, logs) passes through a Redactor, so a token can only leak by bypassing this module.
 */

/**
 * No word boundary before a prefix: outside text reaches here escaped (`\x0aghp_…` for a token at the
 * start of a line, `\x1b[0mghp_…` after a colour), and a log may glue a token to a word. `_` belongs to
 * the body: two tokens glued together (`ghp_A…ghp_B…`) are one match, not a mask and the second's body.
 */
const TOKEN_SHAPES: Array<{ re: RegExp; prefix: (m: string) => string }> = [
  { re: /github_pat_[A-Za-z0-9_]{20,}/g, prefix: () => 'github_pat_' },
  { re: /gh[pousr]_[A-Za-z0-9_]{20,}/g, prefix: (m) => m.slice(0, 4) },
];

/** `Authorization: Bearer x`, `Authorization: Basic x`, JSON "authorization": "x", and the like. */
const AUTH_HEADER = /(authorization|proxy-authorization|x-registry-auth)(["']?\s*[:=]\s*["']?)(bearer|basic|token)?(\s*)([^\s"',}]+)/gi;
/** user:password@ in URLs. The scheme is bounded (real ones are short): unbounded, a long run like `a-a-a-…` cost quadratic time. */
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]{0,31}:\/\/)([^\s:/@]+):([^\s@/]+)@/gi;
/** Query parameters that carry secrets. */
const SECRET_QUERY = /([?&](?:access_token|token|password|secret|client_secret)=)[^&\s"']+/gi;
/** "auth": "base64" / "identitytoken": "..." / "password": "..." inside docker/podman config JSON. */
const SECRET_JSON_FIELD = /("(?:auth|identitytoken|password|registrytoken|secret|token)"\s*:\s*")([^"]+)(")/gi;

/** `--password=SECRET`, `--password SECRET` (not `--password-stdin`), anywhere on a command line. */
const PASSWORD_FLAG = /(--password(?:=|\s+))(?!-)(?!\$)([^\s"']+)/g;
/** `-pSECRET` / `-p SECRET` on a `login` command line (elsewhere `-p` is a port). */
const LOGIN_P_FLAG = /(\blogin\b[^\n]*?\s-p)(\s*)(?!-)(?!\$)([^\s"']+)/g;
/** `GHCR_TOKEN=SECRET`, `REGISTRY_PASSWORD=SECRET` (a `$VAR` or `${{ secrets.X }}` reference is not a secret). */
const SECRET_ASSIGNMENT = /\b([A-Za-z0-9_]*(?:TOKEN|PASSWORD|PASSWD|SECRET|_PAT))=(?!\$)(["']?)([^\s"']+)/g;

/** TOKEN_SHAPES without the global flag, for a yes/no test that keeps no lastIndex between calls. */
const TOKEN_SHAPE_TESTS = TOKEN_SHAPES.map(({ re }) => new RegExp(re.source));

/** SECRET_JSON_FIELD for a yes/no test (no lastIndex kept). */
const SECRET_JSON_FIELD_TEST = new RegExp(SECRET_JSON_FIELD.source, 'i');

/** Long enough to hold `u:` plus a 20-character token once decoded. */
const BASE64_RUN = /[A-Za-z0-9+/_-]{28,}={0,2}/g;

/**
 * A text none of the patterns above can match: each alternative is what one of them needs at the
 * least (a 28-character base64 run, a token prefix, a header name, `://`, a secret query key, a secret
 * JSON key, `--password`, `login`, `NAME_TOKEN=`…), case-insensitive to cover the case-sensitive ones
 * too. One scan instead of eleven for the common string with nothing to hide (a check id, a title, a
 * status): a report is hundreds of them, redacted one by one. Keep it in step with the patterns
 * (redact.test.ts compares `redact` with `redactEveryPass` over strings that trigger each pattern).
 */
const MAY_HOLD_SECRET =
  /[A-Za-z0-9+/_-]{28}|github_pat_|gh[pousr]_|authorization|x-registry-auth|:\/\/|[?&](?:access_token|token|password|secret|client_secret)=|"(?:auth|identitytoken|password|registrytoken|secret|token)"|--password|login|(?:TOKEN|PASSWORD|PASSWD|SECRET|_PAT)=/i;

export function maskToken(token: string): string {
  if (token.startsWith('github_pat_')) return 'github_pat_****';
  const m = /^(gh[pousr]_)/.exec(token);
  return m ? `${m[1]}****` : '****';
}

function base64Variants(secret: string): string[] {
  const out = new Set<string>();
  const b = Buffer.from(secret, 'utf8');
  out.add(b.toString('base64'));
  out.add(b.toString('base64url'));
  return [...out].filter((v) => v.length >= 8);
}

export class Redactor {
  private readonly secrets = new Map<string, string>();
  /** `secrets`, longest first; rebuilt only when a secret is added (redact runs for every string out). */
  private longestFirst: Array<[string, string]> | undefined;

  /** Registers a value this run knows to be secret (a token, a password, a Basic credential). */
  addSecret(value: string | undefined | null, user?: string): void {
    if (!value) return;
    const trimmed = value.trim();
    for (const v of new Set([value, trimmed])) {
      if (v.length < 4) continue;
      const mask = maskToken(trimmed);
      this.longestFirst = undefined;
      this.secrets.set(v, mask);
      // As it reads inside a JSON string or a URL, when those differ (a password with `"`, `\`, `@`, `/`…).
      for (const quoted of [JSON.stringify(v).slice(1, -1), encodeURIComponent(v)]) if (quoted !== v) this.secrets.set(quoted, mask);
      for (const enc of base64Variants(v)) this.secrets.set(enc, '****');
      if (user) for (const enc of base64Variants(`${user}:${v}`)) this.secrets.set(enc, '****');
    }
  }

  redact(text: string): string {
    if (!text) return text;
    // Nothing any pass below could change: the same text, without running them.
    if (!MAY_HOLD_SECRET.test(text) && !this.ordered().some(([secret]) => text.includes(secret))) return text;
    return this.redactEveryPass(text);
  }

  /** `redact` without its shortcut for text with nothing to hide: every pass, always (tests compare the two). */
  redactEveryPass(text: string): string {
    if (!text) return text;
    // First, whole base64 runs that hide a secret, before a known secret's own base64 masks only part of one.
    let out = text.replace(BASE64_RUN, (m) => (this.hidesSecret(m) ? '****' : m));
    // Longest first, so a base64 form is not half-replaced by a shorter secret inside it.
    for (const [secret, mask] of this.ordered()) {
      if (out.includes(secret)) out = out.split(secret).join(mask);
    }
    for (const { re, prefix } of TOKEN_SHAPES) out = out.replace(re, (m) => `${prefix(m)}****`);
    out = out.replace(
      AUTH_HEADER,
      (_m, name: string, sep: string, scheme: string | undefined, sp: string) => `${name}${sep}${scheme ?? ''}${scheme ? sp || ' ' : ''}****`,
    );
    out = out.replace(URL_CREDENTIALS, (_m, scheme: string, user: string) => `${scheme}${user}:****@`);
    out = out.replace(SECRET_QUERY, (_m, key: string) => `${key}****`);
    out = out.replace(SECRET_JSON_FIELD, (_m, pre: string, _v: string, post: string) => `${pre}****${post}`);
    out = out.replace(PASSWORD_FLAG, (m, flag: string, value: string) => (value.endsWith('****') ? m : `${flag}****`));
    out = out.replace(LOGIN_P_FLAG, (m, pre: string, sp: string, value: string) => (value.endsWith('****') ? m : `${pre}${sp}****`));
    out = out.replace(SECRET_ASSIGNMENT, (m, name: string, quote: string, value: string) => (value.endsWith('****') ? m : `${name}=${quote}****`));
    return out;
  }

  private ordered(): Array<[string, string]> {
    this.longestFirst ??= [...this.secrets.entries()].sort((a, b) => b[0].length - a[0].length);
    return this.longestFirst;
  }

  /**
   * Whether a base64 run decodes to text holding a token shape or a run-known secret: `Basic` credentials
   * for a user this run never heard of, a docker `auth` value quoted in an error message.
   */
  private hidesSecret(run: string, depth = 0): boolean {
    const decoded = Buffer.from(run.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1');
    if (TOKEN_SHAPE_TESTS.some((re) => re.test(decoded))) return true;
    for (const secret of this.secrets.keys()) if (secret.length >= 8 && decoded.includes(secret)) return true;
    // A docker config in base64 (a Kubernetes pull secret's `.dockerconfigjson`): its credential is
    // base64 once more (`"auth"`), or a password of no known shape.
    if (SECRET_JSON_FIELD_TEST.test(decoded)) return true;
    if (depth === 0) for (const inner of decoded.match(BASE64_RUN) ?? []) if (this.hidesSecret(inner, 1)) return true;
    return false;
  }

  /** Deep-redacts every string inside a JSON-able value. */
  redactValue<T>(value: T): T {
    if (typeof value === 'string') return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.redactValue(v)) as T;
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = this.redactValue(v);
      return out as T;
    }
    return value;
  }
}
