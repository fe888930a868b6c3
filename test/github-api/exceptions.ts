/**
 * Where GitHub's real behaviour is known to differ from its OpenAPI description, with the source that
 * says so. The sandbox may answer this way although the description does not document it; nothing else
 * is excused. Each rule matches an answer by status and GitHub's own error message or header.
 */
export interface RecordedAnswer {
  method: string;
  /** Concrete path as requested (query removed). */
  path: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface ApiException {
  id: string;
  why: string;
  source: string;
  applies(a: RecordedAnswer): boolean;
}

const message = (a: RecordedAnswer) => (a.body && typeof a.body === 'object' ? String((a.body as { message?: unknown }).message ?? '') : '');

/** Answers the description leaves undocumented for some operations (GitHub still sends them on every one). */
export const STATUS_EXCEPTIONS: ApiException[] = [
  {
    id: 'not-found-hidden',
    why: 'GitHub answers 404 for a resource the token may not see, on every endpoint, whether or not the description lists 404',
    source: 'https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api#404-not-found-for-an-existing-resource',
    applies: (a) => a.status === 404 && /^(Not Found|Package not found\.)$/.test(message(a)),
  },
  {
    id: 'bad-credentials',
    why: 'an invalid, expired or revoked token gets 401 "Bad credentials" on every endpoint',
    source: 'https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api#401-unauthorized',
    applies: (a) => a.status === 401 && /^(Bad credentials|Requires authentication)$/.test(message(a)),
  },
  {
    id: 'saml-sso',
    why: 'an organization that enforces SAML SSO refuses an unauthorized token with 403 and X-GitHub-SSO',
    source:
      'https://docs.github.com/en/rest/authentication/authenticating-to-the-rest-api#authenticating-with-a-personal-access-token (SAML SSO) and https://docs.github.com/en/enterprise-cloud@latest/authentication/authenticating-with-saml-single-sign-on/authorizing-a-personal-access-token-for-use-with-saml-single-sign-on',
    applies: (a) => a.status === 403 && /^required; url=/.test(a.headers['x-github-sso'] ?? ''),
  },
  {
    id: 'pat-policy',
    why: "an organization's personal access token policy refuses classic or fine-grained tokens (or their lifetime) with 403",
    source:
      'https://docs.github.com/en/organizations/managing-programmatic-access-to-your-organization/setting-a-personal-access-token-policy-for-your-organization',
    applies: (a) => a.status === 403 && /forbids access via|personal access tokens? \(classic\) (are|is) forbidden/i.test(message(a)),
  },
  {
    id: 'primary-rate-limit',
    why: 'an exhausted primary rate limit is 403 (or 429) with x-ratelimit-remaining: 0 on any endpoint',
    source: 'https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-primary-rate-limit',
    applies: (a) => (a.status === 403 || a.status === 429) && a.headers['x-ratelimit-remaining'] === '0',
  },
  {
    id: 'missing-scope-or-permission',
    why: 'a classic token without the scope, or an app/fine-grained token without the permission, gets 403 with the scope or permission named',
    source:
      'https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api#resource-not-accessible and https://docs.github.com/en/rest/packages/packages (About GitHub Packages: read:packages)',
    applies: (a) =>
      a.status === 403 &&
      /^(You need at least (read|delete):packages scope|Resource not accessible by (integration|personal access token)$|Must have admin rights to Repository\.$|You must be an admin of this package)/.test(
        message(a),
      ),
  },
  {
    id: 'github-token-org-packages',
    why: 'GITHUB_TOKEN cannot list an organization\'s packages: 400 "Invalid argument." (a known limitation)',
    source: 'https://github.com/cli/cli/issues/9606',
    applies: (a) => a.status === 400 && message(a) === 'Invalid argument.',
  },
];

/**
 * Headers the description does not document. Every header real GitHub sent in @octokit/fixtures'
 * recordings counts as real (read from the fixtures at test time); these are the others.
 */
export const HEADER_EXCEPTIONS: Array<{ header: string; why: string; source: string }> = [
  {
    header: 'x-github-sso',
    why: 'the SAML SSO authorization URL on a 403',
    source: 'https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api (SAML SSO) ',
  },
  {
    header: 'github-authentication-token-expiration',
    why: 'the expiry of a token that has one',
    source:
      'https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api#401-unauthorized and https://github.blog/changelog/2021-07-26-expiration-options-for-personal-access-tokens/',
  },
  {
    header: 'x-accepted-github-permissions',
    why: 'the fine-grained / app permission an endpoint needs',
    source: 'https://github.blog/changelog/2023-05-02-x-accepted-github-permissions-header-for-fine-grained-tokens/',
  },
];
