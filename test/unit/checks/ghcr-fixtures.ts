import type { FakeReply, FakeRequest, Route } from '../../helpers/fake-fetch.js';
import type { DiagnosisContext } from '../../../src/diagnosis/context.js';

/** GHCR's answers as captured in the research notes, for fakeFetch tables. */
export const TOKEN = 'ghp_' + 'A'.repeat(36);
export const BEARER = 'djE6' + 'b'.repeat(30);

export function registryError(status: number, code: string, message: string, headers: Record<string, string> = {}): FakeReply {
  return { status, headers: { 'docker-distribution-api-version': 'registry/2.0', ...headers }, body: { errors: [{ code, message }] } };
}

/** `GET /v2/` → 401 with the Bearer challenge and a Date header (iz6.ru capture). */
export const v2Route: Route = {
  url: 'https://ghcr.io/v2/',
  reply: registryError(401, 'UNAUTHORIZED', 'authentication required', {
    'www-authenticate': 'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:user/image:pull"',
    date: 'Sun, 20 Sep 2026 09:00:00 GMT',
  }),
};

export function basicPassword(req: FakeRequest): string | undefined {
  const m = /^Basic (.+)$/.exec(req.headers.get('authorization') ?? '');
  if (!m) return undefined;
  const s = Buffer.from(m[1]!, 'base64').toString('utf8');
  return s.slice(s.indexOf(':') + 1);
}

/** `/token`: a valid token gets a bearer; anonymous gets one only when `publicPull`; anything else 403 DENIED. */
export function tokenRoute(opts: { valid?: string[]; anonymous?: boolean } = {}): Route {
  const valid = opts.valid ?? [TOKEN];
  return {
    url: 'https://ghcr.io/token',
    reply: (req) => {
      const pw = basicPassword(req);
      if (pw === undefined)
        return opts.anonymous === false
          ? registryError(403, 'DENIED', 'requested access to the resource is denied')
          : { body: { token: 'anon-' + 'c'.repeat(20) } };
      if (!valid.includes(pw)) return registryError(403, 'DENIED', 'denied');
      return { body: { token: BEARER } };
    },
  };
}

/** A manifest route that answers by bearer: ours, anonymous, or none. */
export function manifestRoute(path: string, answers: { authed: FakeReply; anonymous: FakeReply }): Route {
  return {
    url: `https://ghcr.io/v2/${path}`,
    reply: (req) => ((req.headers.get('authorization') ?? '') === `Bearer ${BEARER}` ? answers.authed : answers.anonymous),
  };
}

export function withToken(ctx: DiagnosisContext, over: Partial<NonNullable<DiagnosisContext['facts']['token']>> = {}): DiagnosisContext {
  ctx.facts.token = { value: TOKEN, source: 'GHCR_TOKEN', kind: 'classic', ...over };
  ctx.facts.identity = { login: 'octocat', scopes: ['read:packages', 'write:packages'] };
  return ctx;
}

export const OK: FakeReply = {
  status: 200,
  headers: { 'docker-content-digest': 'sha256:' + 'd'.repeat(64), 'content-type': 'application/vnd.oci.image.index.v1+json' },
  body: '{}',
};
export const UNAUTH = registryError(401, 'UNAUTHORIZED', 'authentication required');
