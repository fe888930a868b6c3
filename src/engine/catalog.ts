import type { Severity } from './types.js';

/** Default severity; evidence may raise or lower it where the contract says so. */
export interface FindingDefinition {
  severity: Severity;
  title: string;
}

/**
 * The one catalog of finding ids (README, "Finding ids"; each explained in docs/failure-modes.md). Add,
 * never rename. A new finding with a fix touches this table, src/engine/fixes.ts, one check and one test
 * (docs/architecture.md).
 */
export const CATALOG = {
  'status.degraded': { severity: 'warning', title: 'GitHub Packages, API Requests or Actions is not operational, or an incident is open' },
  'status.unreachable': { severity: 'info', title: 'the status page could not be read' },
  'token.not-found': { severity: 'error', title: 'no credential found in any source' },
  'token.malformed': { severity: 'error', title: 'whitespace, CR, LF, BOM, quotes or several lines in the token' },
  'token.fine-grained': { severity: 'error', title: 'github_pat_ token: GHCR accepts classic PATs only' },
  'token.oauth-app': { severity: 'warning', title: 'gho_ token (e.g. from gh auth token)' },
  'token.app-installation': {
    severity: 'warning',
    title: 'ghs_ token outside the job that minted it: expires, cannot write org packages',
  },
  'token.invalid': { severity: 'error', title: '401 Bad credentials: expired, revoked or mistyped' },
  'token.expiring': { severity: 'warning', title: 'expires within 14 days (github-authentication-token-expiration)' },
  'token.missing-scope': { severity: 'error', title: 'lacks write:packages (push) or read:packages (pull); evidence lists what is missing' },
  'token.sso-unauthorized': { severity: 'error', title: 'owner org enforces SAML SSO and the token is not authorized; evidence has the URL' },
  'token.org-policy': { severity: 'error', title: 'owner org forbids this kind of token or its lifetime' },
  'token.stale-stored': {
    severity: 'error',
    title: 'a credential stored for the registry host (docker/podman files, credential helper) is rejected: breaks even public pulls',
  },
  'image.invalid': { severity: 'error', title: 'the reference cannot be parsed (exit 2)' },
  'image.uppercase': { severity: 'error', title: 'owner or name has uppercase letters' },
  'image.host-typo': { severity: 'error', title: 'host is a near miss of ghcr.io (ghrc.io, ghcr.com, ...)' },
  'registry.unreachable': {
    severity: 'error',
    title: 'DNS, TCP, TLS or timeout; evidence.kind = dns, connect, tls, timeout, proxy; makes the run inconclusive',
  },
  'registry.login-rejected': { severity: 'error', title: "the registry's token endpoint refuses the credentials" },
  'registry.pull-denied': { severity: 'error', title: 'with valid credentials, reading the manifest is denied' },
  'registry.push-denied': {
    severity: 'error',
    title: "opening an upload session is denied; evidence has the registry's code and message",
  },
  'registry.tag-missing': { severity: 'warning', title: 'MANIFEST_UNKNOWN: the tag does not exist (not an auth problem)' },
  'registry.rate-limited': {
    severity: 'warning',
    title: '429 TOOMANYREQUESTS from the registry or the API; evidence has the limit and retry time when given',
  },
  'registry.probe-left-behind': { severity: 'warning', title: "the push probe's tag could not be deleted" },
  'package.not-found': { severity: 'info', title: 'the package does not exist yet; the first push creates it, private' },
  'package.creation-restricted': {
    severity: 'error',
    title: 'the owner org does not let this member or workflow create packages (of this visibility): installation not allowed to Create organization package',
  },
  'package.private': { severity: 'info', title: 'pulls need credentials (an error with --expect-public)' },
  'package.not-linked': {
    severity: 'warning',
    title:
      'no linked repository, or linked to another repo than --repo: GITHUB_TOKEN cannot push unless granted in Manage Actions access; evidence has the settings URL',
  },
  'actions.secret-missing': { severity: 'error', title: 'the repository has no secret named --secret-name' },
  'actions.default-token-read-only': {
    severity: 'warning',
    title: 'default workflow permissions are read-only and a workflow that pushes declares no packages: write',
  },
  'workflow.missing-packages-write': { severity: 'error', title: 'a workflow that pushes to the registry lacks packages: write' },
  'workflow.uppercase-image-ref': {
    severity: 'error',
    title: 'image ref built from github.repository / repository_owner without lowercasing',
  },
  'workflow.host-key-checking-disabled': { severity: 'warning', title: 'StrictHostKeyChecking=no or UserKnownHostsFile=/dev/null' },
  'workflow.token-in-command-line': { severity: 'warning', title: 'a token passed in argv (-p, --password, remote command string)' },
  'workflow.github-token-on-server': { severity: 'error', title: 'GITHUB_TOKEN handed to a deploy server for later pulls' },
  'workflow.push-on-fork-pr': { severity: 'warning', title: 'push steps run on pull_request without a fork guard' },
  'ssh.unreachable': { severity: 'error', title: 'cannot connect; makes the run inconclusive' },
  'ssh.auth-failed': { severity: 'error', title: 'the server refused every key offered' },
  'ssh.host-key-unknown': { severity: 'error', title: 'host not in known_hosts and no --host-key' },
  'ssh.host-key-mismatch': { severity: 'error', title: 'the host key differs from the one known: stop, possible attack' },
  'server.no-runtime': { severity: 'error', title: 'neither podman nor docker on the server' },
  'server.not-logged-in': { severity: 'error', title: 'the deploy user has no credential for the registry host' },
  'server.auth-ephemeral': { severity: 'warning', title: 'podman credential only in $XDG_RUNTIME_DIR (tmpfs): lost at reboot' },
  'server.stored-token-invalid': { severity: 'error', title: 'the credential stored on the server is rejected' },
  'server.actions-token-stored': { severity: 'error', title: 'the server holds a ghs_ token, which dies with the job' },
  'server.token-file-insecure': { severity: 'warning', title: '~/.ghcr_token is not mode 600 or not owned by the user' },
  'server.token-file-malformed': { severity: 'error', title: 'CR, whitespace, BOM or several lines in ~/.ghcr_token' },
  'server.credential-helper-broken': { severity: 'error', title: 'docker credsStore / credHelpers helper fails' },
  'server.pull-failed': {
    severity: 'error',
    title: 'the real pull on the server failed; evidence has the classified cause',
  },
  'server.clock-skew': { severity: 'warning', title: "server clock differs from the registry's Date by more than 60 s" },
  'diagnosis.incomplete': {
    severity: 'error',
    title: 'an essential check could not reach a verdict (error, timeout, a refused credential transfer); makes the run inconclusive',
  },
} as const satisfies Record<string, FindingDefinition>;

export type FindingId = keyof typeof CATALOG;

export const FINDING_IDS = Object.keys(CATALOG) as FindingId[];

export function isFindingId(value: string): value is FindingId {
  return Object.prototype.hasOwnProperty.call(CATALOG, value);
}
