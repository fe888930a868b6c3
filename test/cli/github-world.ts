import type http from 'node:http';
import { STATUS_OK, type Reply } from './diagnose-harness.js';

/** How the fake GitHub answers for one token (headers as api.github.com sends them). */
export interface TokenBehaviour {
  login: string;
  /** The X-OAuth-Scopes value; null: header absent (fine-grained). */
  scopes: string | null;
  expiration?: string;
}

export interface WorldOptions {
  tokens: Record<string, TokenBehaviour>;
  /** Organizations by login and how GET /orgs/{org} answers. */
  orgs?: Record<string, 'ok' | 'sso' | Reply>;
  status?: Reply;
  /** Replaces the /user answer entirely (HTML, garbage, hang). */
  user?: Reply;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'x-github-media-type': 'github.v3; format=json' };

function tokenOf(headers: http.IncomingHttpHeaders): string | undefined {
  return /^(?:token|bearer)\s+(.+)$/i.exec(headers.authorization ?? '')?.[1];
}

/** GitHub REST and githubstatus.com on one local server, as the research notes describe them. */
export function githubWorld(opts: WorldOptions) {
  return (method: string, path: string, headers: http.IncomingHttpHeaders): Reply => {
    if (path === '/api/v2/summary.json') return opts.status ?? { body: STATUS_OK };
    const who = opts.tokens[tokenOf(headers) ?? ''];
    if (path === '/user') {
      if (opts.user) return opts.user;
      if (!who)
        return { status: 401, headers: JSON_HEADERS, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' } };
      return {
        headers: {
          ...JSON_HEADERS,
          'x-ratelimit-limit': '5000',
          'x-ratelimit-remaining': '4998',
          ...(who.scopes !== null ? { 'x-oauth-scopes': who.scopes } : {}),
          ...(who.expiration ? { 'github-authentication-token-expiration': who.expiration } : {}),
        },
        body: { login: who.login, id: 1, type: 'User' },
      };
    }
    const user = /^\/users\/([^/]+)$/.exec(path)?.[1];
    if (user) return { headers: JSON_HEADERS, body: { login: user, id: 2, type: opts.orgs?.[user] ? 'Organization' : 'User' } };
    const org = /^\/orgs\/([^/]+)$/.exec(path)?.[1];
    const orgMode = org ? opts.orgs?.[org] : undefined;
    if (org && orgMode === 'ok') return { headers: JSON_HEADERS, body: { login: org, id: 2 } };
    if (org && orgMode === 'sso') {
      return {
        status: 403,
        headers: { ...JSON_HEADERS, 'x-github-sso': `required; url=https://github.com/orgs/${org}/sso?authorization_request=AZSSO123` },
        body: { message: 'Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.' },
      };
    }
    if (org && orgMode) return orgMode as Reply;
    return { status: 404, headers: JSON_HEADERS, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };
  };
}
