import { credentialsInFile, keyHost } from './stored-credentials.js';
import { sanitizeText } from '../engine/sanitize.js';

/** A Kubernetes Secret is at most 1 MiB; anything larger is not one. */
export const PULL_SECRET_MAX_BYTES = 1024 * 1024;

/** What `--pull-secret FILE|-` handed in: the text (already capped) and where it came from. */
export interface PullSecretInput {
  text: string;
  /** The file path, or `stdin`. */
  from: string;
}

/** The Secret's name and namespace, when the text was a Secret (not a bare config.json). */
export interface PullSecretMeta {
  name?: string;
  namespace?: string;
}

export type PullSecretRead =
  | ({ ok: true; key: string; user?: string; secret: string } & PullSecretMeta)
  | ({ ok: false; problem: 'malformed'; reason: string } & PullSecretMeta)
  | ({ ok: false; problem: 'no-entry'; hosts: string[] } & PullSecretMeta);

const DOCKERCONFIGJSON = 'kubernetes.io/dockerconfigjson';
const DOCKERCFG = 'kubernetes.io/dockercfg';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON first (`kubectl -o json`, config.json); YAML (`kubectl -o yaml`) only when that fails. */
async function parseDocument(text: string): Promise<unknown> {
  try {
    return JSON.parse(text);
  } catch {
    // yaml is loaded only here: most runs never read YAML.
    const { parse } = await import('yaml');
    return parse(text, { maxAliasCount: 100 });
  }
}

/** `kubectl get secret -o yaml` of several secrets prints a List: its first image-pull Secret counts. */
function pickSecret(doc: Obj): Obj {
  if (doc.kind === 'List' && Array.isArray(doc.items)) {
    const secrets = doc.items.filter(isObj);
    return secrets.find((s) => s.type === DOCKERCONFIGJSON || s.type === DOCKERCFG) ?? secrets[0] ?? doc;
  }
  return doc;
}

/** The Secret's name and namespace, quoted by the report (evidence, fix commands): escaped where they are read. */
function meta(secret: Obj): PullSecretMeta {
  const m = isObj(secret.metadata) ? secret.metadata : {};
  return {
    ...(typeof m.name === 'string' && m.name ? { name: sanitizeText(m.name) } : {}),
    ...(typeof m.namespace === 'string' && m.namespace ? { namespace: sanitizeText(m.namespace) } : {}),
  };
}

/** Strict base64 (kubectl writes it on one line; YAML may fold it): whitespace is dropped, nothing else. */
function decodeBase64(value: string): string | undefined {
  const compact = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) return undefined;
  return Buffer.from(compact, 'base64').toString('utf8');
}

/** The docker config inside a Secret (`data` is base64, `stringData` plain), or why there is none. */
function configOfSecret(secret: Obj, m: PullSecretMeta): { config: unknown } | PullSecretRead {
  const name = m.name ? `Secret ${m.name}` : 'The Secret';
  const type = typeof secret.type === 'string' ? sanitizeText(secret.type) : undefined;
  if (type && type !== DOCKERCONFIGJSON && type !== DOCKERCFG) {
    return { ok: false, problem: 'malformed', reason: `${name} has type ${type}; the kubelet only uses ${DOCKERCONFIGJSON} secrets to pull`, ...m };
  }
  const key = type === DOCKERCFG ? '.dockercfg' : '.dockerconfigjson';
  const data = isObj(secret.data) ? secret.data : {};
  const stringData = isObj(secret.stringData) ? secret.stringData : {};
  let json: string | undefined;
  if (typeof stringData[key] === 'string') json = stringData[key] as string;
  else if (typeof data[key] === 'string') {
    json = decodeBase64(data[key] as string);
    if (json === undefined) return { ok: false, problem: 'malformed', reason: `${name}: data["${key}"] is not valid base64`, ...m };
  } else return { ok: false, problem: 'malformed', reason: `${name} has no data["${key}"]`, ...m };
  let config: unknown;
  try {
    config = JSON.parse(json.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, problem: 'malformed', reason: `${name}: ${key} is not valid JSON`, ...m };
  }
  // The legacy .dockercfg holds the auths map itself.
  return { config: key === '.dockercfg' ? { auths: config } : config };
}

/**
 * The credential a pull secret holds for `registryHost`: a `kubernetes.io/dockerconfigjson` Secret as
 * `kubectl get secret NAME -o yaml|json` prints it (or a List of them), or a bare docker config.json.
 * The kubelet reads `auth` (base64 user:password) or `username`/`password`, as docker does.
 */
export async function readPullSecret(input: PullSecretInput, registryHost: string): Promise<PullSecretRead> {
  let doc: unknown;
  try {
    doc = await parseDocument(input.text.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, problem: 'malformed', reason: `${input.from} is neither valid JSON nor valid YAML` };
  }
  if (!isObj(doc)) return { ok: false, problem: 'malformed', reason: `${input.from} is not a Secret or a docker config.json` };
  const secret = pickSecret(doc);
  const m = meta(secret);
  let config: unknown;
  if (secret.kind === 'Secret' || 'data' in secret || 'stringData' in secret) {
    const got = configOfSecret(secret, m);
    if ('ok' in got) return got;
    config = got.config;
  } else if ('auths' in secret) {
    config = secret;
  } else {
    return { ok: false, problem: 'malformed', reason: `${input.from} is neither a ${DOCKERCONFIGJSON} Secret nor a docker config.json (no "auths")` };
  }
  if (!isObj(config) || !isObj(config.auths)) return { ok: false, problem: 'malformed', reason: 'the docker config in it has no "auths" object', ...m };
  const { credentials, problems } = credentialsInFile(input.from, config, registryHost);
  const usable = credentials.find((c) => c.kind === 'auth' && c.secret);
  if (usable) return { ok: true, key: usable.key, user: usable.user, secret: usable.secret!, ...m };
  if (problems.length) return { ok: false, problem: 'malformed', reason: problems[0]!.reason, ...m };
  return { ok: false, problem: 'no-entry', hosts: [...new Set(Object.keys(config.auths).map(keyHost))], ...m };
}
