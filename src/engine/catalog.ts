import type { Severity } from './types.js';

/** Default severity; evidence may raise or lower it where the contract says so. */
export interface FindingDefinition {
  severity: Severity;
  title: string;
  /** Codes of the failure modes the finding covers (the same codes as explain's knowledge table). */
  sections: string[];
}

/**
 * The one catalog of finding ids (README, "Finding ids"; each explained in docs/failure-modes.md). Add,
 * never rename. A new finding with a fix touches this table, src/engine/fixes.ts, one check and one test
 * (docs/architecture.md).
 */
export const CATALOG = {
  'status.degraded': { severity: 'warning', title: 'GitHub Packages, API Requests or Actions is not operational, or an incident is open', sections: ['H6'] },
  'status.unreachable': { severity: 'info', title: 'the status page could not be read', sections: [] },
  'token.not-found': { severity: 'error', title: 'no credential found in any source', sections: [] },
  'token.malformed': { severity: 'error', title: 'whitespace, CR, LF, BOM, quotes or several lines in the token', sections: ['F6'] },
  'token.fine-grained': { severity: 'error', title: 'github_pat_ token: GHCR accepts classic PATs only', sections: ['A1'] },
  'token.oauth-app': { severity: 'warning', title: 'gho_ token (e.g. from gh auth token)', sections: ['A4'] },
  'token.app-installation': {
    severity: 'warning',
    title: 'ghs_ token outside the job that minted it: expires, cannot write org packages',
    sections: ['A6', 'C6'],
  },
  'token.invalid': { severity: 'error', title: '401 Bad credentials: expired, revoked or mistyped', sections: ['A3'] },
  'token.expiring': { severity: 'warning', title: 'expires within 14 days (github-authentication-token-expiration)', sections: ['A3'] },
  'token.missing-scope': { severity: 'error', title: 'lacks write:packages (push) or read:packages (pull); evidence lists what is missing', sections: ['A2'] },
  'token.sso-unauthorized': { severity: 'error', title: 'owner org enforces SAML SSO and the token is not authorized; evidence has the URL', sections: ['B1'] },
  'token.org-policy': { severity: 'error', title: 'owner org forbids this kind of token or its lifetime', sections: ['B2'] },
  'token.stale-stored': {
    severity: 'error',
    title: 'a credential stored for the registry host (docker/podman files, credential helper) is rejected: breaks even public pulls',
    sections: ['F1'],
  },
  'image.invalid': { severity: 'error', title: 'the reference cannot be parsed (exit 2)', sections: [] },
  'image.uppercase': { severity: 'error', title: 'owner or name has uppercase letters', sections: ['E1'] },
  'image.host-typo': { severity: 'error', title: 'host is a near miss of ghcr.io (ghrc.io, ghcr.com, ...)', sections: ['E2'] },
  'registry.unreachable': {
    severity: 'error',
    title: 'DNS, TCP, TLS or timeout; evidence.kind = dns, connect, tls, timeout, proxy; makes the run inconclusive',
    sections: ['H2', 'H3'],
  },
  'registry.login-rejected': { severity: 'error', title: "the registry's token endpoint refuses the credentials", sections: ['A3', 'F6'] },
  'registry.pull-denied': { severity: 'error', title: 'with valid credentials, reading the manifest is denied', sections: ['A2', 'C4', 'D1'] },
  'registry.push-denied': {
    severity: 'error',
    title: "opening an upload session is denied; evidence has the registry's code and message",
    sections: ['A2', 'C1', 'C2', 'E3'],
  },
  'registry.tag-missing': { severity: 'warning', title: 'MANIFEST_UNKNOWN: the tag does not exist (not an auth problem)', sections: ['E4'] },
  'registry.rate-limited': {
    severity: 'warning',
    title: '429 TOOMANYREQUESTS from the registry or the API; evidence has the limit and retry time when given',
    sections: [],
  },
  'registry.probe-left-behind': { severity: 'warning', title: "the push probe's tag could not be deleted", sections: [] },
  'package.not-found': { severity: 'info', title: 'the package does not exist yet; the first push creates it, private', sections: [] },
  'package.creation-restricted': {
    severity: 'error',
    title: 'the owner org does not let this member or workflow create packages (of this visibility): installation not allowed to Create organization package',
    sections: ['C2'],
  },
  'package.private': { severity: 'info', title: 'pulls need credentials (an error with --expect-public)', sections: ['D1'] },
  'package.not-linked': {
    severity: 'warning',
    title:
      'no linked repository, or linked to another repo than --repo: GITHUB_TOKEN cannot push unless granted in Manage Actions access; evidence has the settings URL',
    sections: ['C2', 'D2', 'D4'],
  },
  'actions.secret-missing': { severity: 'error', title: 'the repository has no secret named --secret-name', sections: ['C5'] },
  'actions.default-token-read-only': {
    severity: 'warning',
    title: 'default workflow permissions are read-only and a workflow that pushes declares no packages: write',
    sections: ['C1'],
  },
  'workflow.missing-packages-write': { severity: 'error', title: 'a workflow that pushes to the registry lacks packages: write', sections: ['C1'] },
  'workflow.uppercase-image-ref': {
    severity: 'error',
    title: 'image ref built from github.repository / repository_owner without lowercasing',
    sections: ['E1'],
  },
  'workflow.host-key-checking-disabled': { severity: 'warning', title: 'StrictHostKeyChecking=no or UserKnownHostsFile=/dev/null', sections: ['G1'] },
  'workflow.token-in-command-line': { severity: 'warning', title: 'a token passed in argv (-p, --password, remote command string)', sections: ['F7'] },
  'workflow.github-token-on-server': { severity: 'error', title: 'GITHUB_TOKEN handed to a deploy server for later pulls', sections: ['C6'] },
  'workflow.push-on-fork-pr': { severity: 'warning', title: 'push steps run on pull_request without a fork guard', sections: ['C3'] },
  'ssh.unreachable': { severity: 'error', title: 'cannot connect; makes the run inconclusive', sections: [] },
  'ssh.auth-failed': { severity: 'error', title: 'the server refused every key offered', sections: [] },
  'ssh.host-key-unknown': { severity: 'error', title: 'host not in known_hosts and no --host-key', sections: [] },
  'ssh.host-key-mismatch': { severity: 'error', title: 'the host key differs from the one known: stop, possible attack', sections: [] },
  'server.no-runtime': { severity: 'error', title: 'neither podman nor docker on the server', sections: [] },
  'server.not-logged-in': { severity: 'error', title: 'the deploy user has no credential for the registry host', sections: ['F2', 'F5'] },
  'server.auth-ephemeral': { severity: 'warning', title: 'podman credential only in $XDG_RUNTIME_DIR (tmpfs): lost at reboot', sections: ['F4'] },
  'server.stored-token-invalid': { severity: 'error', title: 'the credential stored on the server is rejected', sections: ['F1', 'A3'] },
  'server.actions-token-stored': { severity: 'error', title: 'the server holds a ghs_ token, which dies with the job', sections: ['C6'] },
  'server.token-file-insecure': { severity: 'warning', title: '~/.ghcr_token is not mode 600 or not owned by the user', sections: [] },
  'server.token-file-malformed': { severity: 'error', title: 'CR, whitespace, BOM or several lines in ~/.ghcr_token', sections: ['F6'] },
  'server.credential-helper-broken': { severity: 'error', title: 'docker credsStore / credHelpers helper fails', sections: ['F3'] },
  'server.pull-failed': {
    severity: 'error',
    title: 'the real pull on the server failed; evidence has the classified cause',
    sections: ['F1', 'F2', 'F3', 'F4', 'F5'],
  },
  'server.clock-skew': { severity: 'warning', title: "server clock differs from the registry's Date by more than 60 s", sections: ['H1'] },
  'diagnosis.incomplete': {
    severity: 'error',
    title: 'an essential check could not reach a verdict (error, timeout, a refused credential transfer); makes the run inconclusive',
    sections: [],
  },
} as const satisfies Record<string, FindingDefinition>;

export type FindingId = keyof typeof CATALOG;

export const FINDING_IDS = Object.keys(CATALOG) as FindingId[];

export function isFindingId(value: string): value is FindingId {
  return Object.prototype.hasOwnProperty.call(CATALOG, value);
}
