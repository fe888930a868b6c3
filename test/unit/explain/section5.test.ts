import { describe, expect, it } from 'vitest';
import type { FindingId } from '../../../src/engine/catalog.js';
import { explainText } from '../../../src/explain/matcher.js';

/**
 * Every row of research section 5 ("Error-string → failure-mode quick index"), its string as the
 * table gives it (placeholders filled in), and the finding ids of the modes the table lists.
 */
const ROWS: Array<[string, string, FindingId[]]> = [
  ['A2', 'denied: permission_denied: The token provided does not match expected scopes', ['token.missing-scope']],
  [
    'C2, C1, E3, A2',
    'denied: permission_denied: write_package',
    ['package.not-linked', 'workflow.missing-packages-write', 'registry.push-denied', 'token.missing-scope'],
  ],
  ['A2, D1, C4', 'denied: permission_denied: read_package', ['token.missing-scope', 'package.private', 'registry.pull-denied']],
  [
    'C1, C2, A6, E3, B3',
    'installation not allowed to Write organization package',
    ['workflow.missing-packages-write', 'package.not-linked', 'token.app-installation', 'registry.push-denied', 'package.creation-restricted'],
  ],
  [
    'C1, B3, A6',
    'installation not allowed to Create organization package',
    ['workflow.missing-packages-write', 'package.creation-restricted', 'token.app-installation'],
  ],
  ['C4', 'installation not allowed to Read organization package', ['registry.pull-denied']],
  ['A3, F6', 'unauthorized: unauthenticated: User cannot be authenticated with the token provided.', ['token.invalid', 'token.malformed']],
  ['A3, A1, F6', 'Get "https://ghcr.io/v2/": denied: denied', ['token.invalid', 'token.fine-grained', 'token.malformed']],
  ['F1, A2', 'Head "https://ghcr.io/v2/acme/api/manifests/latest": denied: denied', ['token.stale-stored', 'token.missing-scope']],
  [
    'D1, A2, F4/F5',
    'Head "https://ghcr.io/v2/acme/api/manifests/latest": unauthorized',
    ['package.private', 'token.missing-scope', 'server.auth-ephemeral', 'server.not-logged-in'],
  ],
  ['D1, A2, F4/F5', 'Head "https://ghcr.io/v2/acme/api/manifests/latest": authentication required', ['package.private', 'token.missing-scope']],
  ['F1, A3', 'Requesting bearer token: invalid status code from registry 403 (Forbidden)', ['token.stale-stored', 'token.invalid']],
  ['F1, A3, F6', 'unable to retrieve auth token: invalid username/password: unauthorized', ['token.stale-stored', 'token.invalid', 'token.malformed']],
  ['A3, F6, A1', 'logging into "ghcr.io": invalid username/password', ['token.invalid', 'token.malformed', 'token.fine-grained']],
  ['D1, A2, F4', 'reading manifest latest in ghcr.io/acme/api: denied', ['package.private', 'token.missing-scope', 'server.auth-ephemeral']],
  ['A2, D1', 'DENIED: requested access to the resource is denied', ['token.missing-scope', 'package.private']],
  ['E1', 'repository name must be lowercase', ['image.uppercase', 'workflow.uppercase-image-ref']],
  ['C5, C3', 'Error: Username and password required', ['actions.secret-missing', 'workflow.push-on-fork-pr']],
  ['C5, G4', 'Cannot perform an interactive login from a non TTY device', ['actions.secret-missing']],
  ['F3', 'Cannot autolaunch D-Bus without X11 $DISPLAY', ['server.credential-helper-broken']],
  ['F3', 'org.freedesktop.secrets', ['server.credential-helper-broken']],
  ['F5', 'open /run/containers/1000/auth.json: permission denied', ['server.not-logged-in']],
  ['B1', 'Resource protected by organization SAML enforcement', ['token.sso-unauthorized']],
  ['B1', 'X-GitHub-SSO: required; url=https://github.com/orgs/acme/sso?authorization_request=x', ['token.sso-unauthorized']],
  ['B2', 'forbids access via a personal access token (classic)', ['token.org-policy']],
  ['C1', '409: Write permissions for workflows are disabled by the organization', ['actions.default-token-read-only']],
  ['§1.4', '400 {"message":"Invalid argument."}', ['token.app-installation']],
  ['E4, D5', 'manifest unknown', ['registry.tag-missing']],
  ['H1', 'x509: certificate has expired or is not yet valid', ['server.clock-skew']],
  ['H3', 'x509: certificate signed by unknown authority', ['registry.unreachable']],
  ['H2', 'dial tcp [2606:50c0:8000::154]:443: connect: network is unreachable', ['registry.unreachable']],
  ['E2, H3', '<html><body><h1>403 Forbidden</h1>Request forbidden by administrative rules.</body></html>', ['image.host-typo', 'registry.unreachable']],
];

describe('research section 5: every row of the error index is explained', () => {
  for (const [modes, text, ids] of ROWS) {
    it(`[${modes}] ${text}`, () => {
      expect(explainText(text).matches.map((m) => m.id)).toEqual(expect.arrayContaining(ids));
    });
  }
});
