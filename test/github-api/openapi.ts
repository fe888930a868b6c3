/**
 * GitHub's own OpenAPI description of api.github.com (npm @octokit/openapi, pinned), read once, and an
 * ajv validator for the documented response schemas. OpenAPI 3.0 schemas become JSON Schema here:
 * `nullable` becomes a null type, and every object that lists its properties gets
 * `additionalProperties: false` unless the description says otherwise, so an invented field fails.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';

type Json = Record<string, unknown>;

interface OpenApi {
  paths: Record<string, Record<string, { responses: Record<string, Json>; requestBody?: Json }>>;
  components: { schemas: Record<string, Json>; responses: Record<string, Json> };
}

const require = createRequire(import.meta.url);
let cached: OpenApi | undefined;

/** `api.github.com.json` (13 MB; the dereferenced variant is 73 MB and not needed: refs are resolved here). */
export function description(): OpenApi {
  cached ??= JSON.parse(readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8')) as OpenApi;
  return cached;
}

export interface Operation {
  /** The description's path template, e.g. `/orgs/{org}/packages/{package_type}/{package_name}`. */
  path: string;
  method: string;
  responses: Record<string, Json>;
  requestBody?: Json;
}

/**
 * The documented operation for a concrete path (`/orgs/acme/packages/container/v7%2Fbackend`) or a
 * route template of our own (`/orgs/{owner}/packages/container/{package_name}`). Literal segments win
 * over parameters, as GitHub routes `/secrets/public-key` before `/secrets/{secret_name}`.
 */
export function findOperation(method: string, path: string): Operation | undefined {
  const want = path.split('?')[0]!.split('/').filter(Boolean);
  let best: { op: Operation; literals: number } | undefined;
  for (const [template, ops] of Object.entries(description().paths)) {
    const segs = template.split('/').filter(Boolean);
    if (segs.length !== want.length) continue;
    let literals = 0;
    const ok = segs.every((s, i) => {
      const w = want[i]!;
      if (s.startsWith('{')) return true;
      if (w.startsWith('{')) return false;
      if (s === decodeURIComponent(w)) return ++literals > 0;
      return false;
    });
    const op = ops[method.toLowerCase()];
    if (ok && op && (!best || literals > best.literals))
      best = { op: { path: template, method: method.toUpperCase(), responses: op.responses, requestBody: op.requestBody }, literals };
  }
  return best?.op;
}

function deref<T>(node: Json, kind: 'responses' | 'schemas'): T {
  const ref = node.$ref;
  if (typeof ref !== 'string') return node as T;
  const name = ref.split('/').pop()!;
  return description().components[kind][name] as T;
}

/** OpenAPI 3.0 schema → JSON Schema (draft 7) for ajv, with component refs kept as `$defs`. */
function convert(schema: unknown, strictObjects: boolean): unknown {
  if (Array.isArray(schema)) return schema.map((s) => convert(s, strictObjects));
  if (!schema || typeof schema !== 'object') return schema;
  const s = schema as Json;
  if (typeof s.$ref === 'string') return { $ref: `${DEFS_ID}#/$defs/${s.$ref.split('/').pop()}` };
  const out: Json = {};
  for (const [k, v] of Object.entries(s)) {
    if (['example', 'examples', 'nullable', 'discriminator', 'xml', 'externalDocs', 'deprecated', 'readOnly', 'writeOnly'].includes(k) || k.startsWith('x-'))
      continue;
    if (k === 'properties' && v && typeof v === 'object') {
      out.properties = Object.fromEntries(Object.entries(v as Json).map(([p, ps]) => [p, convert(ps, strictObjects)]));
    } else if (['items', 'additionalProperties', 'not'].includes(k) || ['allOf', 'anyOf', 'oneOf'].includes(k)) {
      out[k] = convert(v, strictObjects);
    } else out[k] = v;
  }
  if (s.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else return { anyOf: [out, { type: 'null' }] };
    if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
  }
  // allOf branches each list part of the properties: closing them would reject the other branches' fields.
  if (strictObjects && out.properties && out.additionalProperties === undefined && !s.allOf) out.additionalProperties = false;
  return out;
}

const DEFS_ID = 'https://ghcr-doctor.test/github-openapi';
let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction | null>();

/** One ajv holding every component schema (closed) once, under DEFS_ID. */
function validatorHost(): Ajv {
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    const defs: Json = {};
    for (const [name, s] of Object.entries(description().components.schemas)) defs[name] = convert(s, true);
    ajv.addSchema({ $id: DEFS_ID, $defs: defs });
  }
  return ajv;
}

/**
 * The validator for one documented answer: `op` + HTTP status. null when the description documents
 * that status without a JSON body (204, 304); undefined when it does not document the status at all.
 */
export function responseValidator(op: Operation, status: number): ValidateFunction | null | undefined {
  const key = `${op.method} ${op.path} ${status}`;
  if (validators.has(key)) return validators.get(key)!;
  const raw = op.responses[String(status)];
  if (!raw) return undefined;
  const response = deref<{ content?: Record<string, { schema?: Json }> }>(raw, 'responses');
  const schema = response.content?.['application/json']?.schema ?? response.content?.['application/scim+json']?.schema;
  let v: ValidateFunction | null = null;
  if (schema) v = validatorHost().compile(convert(schema, true) as Json);
  validators.set(key, v);
  return v;
}

/** The component schema for a documented error body (`basic-error`). */
export function basicErrorValidator(): ValidateFunction {
  const key = 'basic-error';
  if (!validators.get(key)) validators.set(key, validatorHost().compile({ $ref: `${DEFS_ID}#/$defs/basic-error` }));
  return validators.get(key)!;
}

/**
 * Whether a dotted field path (`repository.full_name`, `[].metadata.container.tags`) is described in the
 * 200 answer's schema of an operation (through refs, oneOf/anyOf/allOf branches and array items).
 */
export function describesField(op: Operation, fieldPath: string, where: 'response' | 'request' = 'response'): boolean {
  const raw = where === 'response' ? op.responses['200'] : op.requestBody;
  if (!raw) return false;
  const response = deref<{ content?: Record<string, { schema?: Json }> }>(raw, 'responses');
  const schema = response.content?.['application/json']?.schema;
  const walk = (node: unknown, parts: string[], depth: number): boolean => {
    if (!node || typeof node !== 'object' || depth > 40) return false;
    const n = deref<Json>(node as Json, 'schemas');
    if (parts.length === 0) return true;
    for (const k of ['oneOf', 'anyOf', 'allOf'] as const) {
      if (Array.isArray(n[k]) && (n[k] as unknown[]).some((b) => walk(b, parts, depth + 1))) return true;
    }
    const [head, ...rest] = parts;
    if (head === '[]') return walk(n.items, rest, depth + 1);
    const props = n.properties as Json | undefined;
    return !!props && head! in props && walk(props[head!], rest, depth + 1);
  };
  return walk(schema, fieldPath.split('.'), 0);
}
