/** One challenge of a `WWW-Authenticate` header: `Bearer realm="…",service="…",scope="…"`. */
export interface AuthChallenge {
  /** Lowercased: `bearer`, `basic`. */
  scheme: string;
  /** Parameter names lowercased; values unquoted and unescaped. */
  params: Record<string, string>;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;

/**
 * Parses a WWW-Authenticate header (RFC 9110 §11.6.1). Quoted values may hold commas and escaped
 * quotes (`scope="repository:a/b:pull,push"`), and one header may carry several challenges, so a
 * naive split on commas is wrong. Malformed input yields what could be read, never a throw.
 */
export function parseWwwAuthenticate(header: string | null | undefined): AuthChallenge[] {
  if (!header) return [];
  const challenges: AuthChallenge[] = [];
  let rest = header;
  let current: AuthChallenge | undefined;
  const skip = (re: RegExp) => {
    const m = re.exec(rest);
    if (m) rest = rest.slice(m[0].length);
    return m;
  };
  while (rest.length > 0) {
    skip(/^[\s,]+/);
    if (rest.length === 0) break;
    const tok = skip(TOKEN);
    if (!tok) {
      rest = rest.slice(1); // an unexpected character: drop it and resynchronise
      continue;
    }
    const name = tok[0];
    skip(/^[ \t]*/);
    if (rest.startsWith('=') && current) {
      rest = rest.slice(1);
      skip(/^[ \t]*/);
      current.params[name.toLowerCase()] = readValue();
      continue;
    }
    if (rest.startsWith('=') && !current) {
      // A parameter before any scheme: keep it under an anonymous challenge rather than lose it.
      current = { scheme: '', params: {} };
      challenges.push(current);
      rest = rest.slice(1);
      current.params[name.toLowerCase()] = readValue();
      continue;
    }
    current = { scheme: name.toLowerCase(), params: {} };
    challenges.push(current);
    // token68 form (`Basic abc==`) carries no parameters we need; skip it.
    skip(/^[A-Za-z0-9._~+/-]+=*(?=\s*(,|$))/);
  }
  return challenges;

  function readValue(): string {
    if (rest.startsWith('"')) {
      let out = '';
      let i = 1;
      for (; i < rest.length; i++) {
        const c = rest[i]!;
        if (c === '\\' && i + 1 < rest.length) {
          out += rest[++i];
        } else if (c === '"') {
          break;
        } else {
          out += c;
        }
      }
      rest = rest.slice(i + 1);
      return out;
    }
    const m = /^[^,\s]*/.exec(rest)!;
    rest = rest.slice(m[0].length);
    return m[0];
  }
}

/** The Bearer challenge a registry sends from `/v2/`, if any. */
export function bearerChallenge(header: string | null | undefined): { realm: string; service?: string; scope?: string } | undefined {
  const c = parseWwwAuthenticate(header).find((ch) => ch.scheme === 'bearer' && ch.params.realm);
  if (!c) return undefined;
  return { realm: c.params.realm!, service: c.params.service, scope: c.params.scope };
}
