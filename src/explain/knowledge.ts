import type { FindingId } from '../engine/catalog.js';
import { hostTypoOf } from '../ghcr/image-ref.js';
import type { Phase } from './log-context.js';

/**
 * The explain knowledge base: error text (as docker, podman, buildah, skopeo, containerd/buildkit,
 * docker/login-action, gh and the GitHub API print it) → the finding ids it points to, most likely
 * first. Patterns come from public error reports (issue threads, documentation); `sources` says where
 * each one was seen (docs/failure-modes.md explains each finding id).
 *
 * A line is explained by the FIRST pattern that matches it, so specific patterns come before the
 * generic ones (`denied: denied`, `authentication required`) that would also match.
 */

export type Confidence = 'high' | 'medium' | 'low';

export interface ModeHint {
  id: FindingId;
  confidence: Confidence;
  /** Likely causes for this id given this message, most likely first; say what tells it apart. */
  causes: string[];
}

export interface ErrorPattern {
  key: string;
  /**
   * Lowercase literals of which the line must contain at least one for `re` to be able to match: a
   * cheap gate that keeps a log of several MB fast. The corpus tests catch a needle that is wrong.
   */
  needles: string[];
  re: RegExp;
  /** Extra test on the whole (normalised) line, for what a regex says badly. */
  when?: (line: string) => boolean;
  /**
   * Wording every registry uses (`manifest unknown`, `x509`, `authentication required`): skipped on
   * lines that name another registry, and one confidence level lower when nothing in the text
   * mentions GHCR.
   */
  generic?: boolean;
  /**
   * A local failure (credential helper, SSH to the deploy server): it counts on lines that name
   * another registry too. Any other pattern gives no finding on a line about another registry.
   */
  local?: boolean;
  /** A login step's own error: a stored credential was not what failed. */
  login?: boolean;
  /** When the lines before say which step failed (login, push, pull), the modes for that step. */
  byPhase?: Partial<Record<Phase, ModeHint[]>>;
  /** What this message is when another registry prints it ("rate limit"), for the one-line note. */
  foreignWhat?: string;
  /** What the message means, in one sentence. */
  meaning: string;
  /** When several modes match: what tells them apart. */
  tellApart?: string;
  sources: string[];
  modes: ModeHint[];
}

const TYPO_CANDIDATE = /\b[a-z][a-z0-9-]{2,5}\.(?:io|com|org|net|dev)\b/gi;

function hasHostTypo(line: string): boolean {
  for (const m of line.matchAll(TYPO_CANDIDATE)) if (hostTypoOf(m[0])) return true;
  return false;
}

const PUSH_CONTEXT = /\bpush|blobs\/uploads|writing blob|reuse blob|initiating layer upload|uploading layer/i;

export const PATTERNS: ErrorPattern[] = [
  {
    key: 'sso-enforcement',
    needles: ['saml enforcement', 'x-github-sso'],
    re: /resource protected by organization saml enforcement|x-github-sso:\s*required/i,
    meaning: 'The owner organization enforces SAML single sign-on and this token is not authorized for it.',
    sources: ['github/docs other-authentication-methods.md', 'cli/cli#2661'],
    modes: [
      {
        id: 'token.sso-unauthorized',
        confidence: 'high',
        causes: [
          'the classic PAT was never authorized for the organization (Settings → Developer settings → token → Configure SSO)',
          'a gh (gho_) token needs `gh auth refresh` / a new `gh auth login` to be SSO-authorized',
        ],
      },
    ],
  },
  {
    key: 'org-policy-lifetime',
    needles: ['forbids access via'],
    re: /forbids access via a (?:fine-grained )?personal access tokens?.{0,80}lifetime/i,
    meaning: 'The organization refuses tokens whose lifetime is longer than its policy allows.',
    sources: ['NixOS/org#247'],
    modes: [
      {
        id: 'token.org-policy',
        confidence: 'high',
        causes: ["the token lives longer than the organization's PAT lifetime policy allows: create one with a shorter expiry"],
      },
    ],
  },
  {
    key: 'org-policy-token-kind',
    needles: ['forbids access via'],
    re: /forbids access via a personal access token (?:\(classic\)|with fine-grained permissions)/i,
    meaning: 'The organization forbids this kind of personal access token.',
    tellApart:
      'Classic PATs blocked: GHCR itself only takes classic PATs, so use GITHUB_TOKEN inside Actions or ask an owner to allow classic PATs. Fine-grained blocked: GHCR would not accept a fine-grained token anyway.',
    sources: ['git-town/git-town#4609', 'mislav/hub#3363'],
    modes: [
      { id: 'token.org-policy', confidence: 'high', causes: ['an organization owner blocked classic PATs (or fine-grained PATs) for organization resources'] },
      {
        id: 'token.fine-grained',
        confidence: 'low',
        causes: ['when the message says "with fine-grained permissions": GHCR accepts classic PATs only, so a fine-grained token would fail there too'],
      },
    ],
  },
  {
    key: 'scopes-mismatch',
    needles: ['does not match expected scopes'],
    re: /token provided does not match expected scopes/i,
    meaning: 'GHCR refused the push because the token lacks the scope for it.',
    tellApart: 'A classic PAT without write:packages gives exactly this text; GITHUB_TOKEN problems say "installation not allowed" or "write_package" instead.',
    sources: ['daltoniam/switchboard#139', 'seed runbook 000'],
    modes: [
      {
        id: 'token.missing-scope',
        confidence: 'high',
        causes: [
          'the classic PAT lacks write:packages (push) or read:packages (pull)',
          'a fallback such as `secrets.GHCR_TOKEN || secrets.GITHUB_TOKEN` picked a different token than you think',
        ],
      },
      {
        id: 'registry.push-denied',
        confidence: 'medium',
        causes: ["the upload session was refused for this token (the diagnosis records the registry's code and message)"],
      },
    ],
  },
  {
    key: 'installation-missing',
    needles: ['installation does not exist'],
    re: /requested installation does not exist/i,
    meaning: 'The token is a GitHub App installation token whose installation no longer exists (the App was uninstalled or the token belongs to another one).',
    sources: ['GitHub App installation tokens on ghcr.io'],
    modes: [
      {
        id: 'token.app-installation',
        confidence: 'high',
        causes: [
          'a GitHub App installation token from an installation that was removed or does not cover this owner: use GITHUB_TOKEN in Actions, or a classic PAT',
        ],
      },
      { id: 'token.invalid', confidence: 'medium', causes: ['the installation token expired (they live one hour)'] },
    ],
  },
  {
    key: 'installation-create',
    needles: ['installation not allowed to'],
    re: /installation not allowed to create organization package/i,
    meaning: 'An Actions or GitHub App token tried to create a new package in an organization and was refused.',
    tellApart:
      "A package that does not exist yet points at the organization's Package creation settings; a job without `packages: write` (or a read-only default token) points at the workflow; a third-party App token (not GITHUB_TOKEN) cannot create org packages at all.",
    sources: ['product-os/flowzone#516', 'devcontainers/template-starter#14', 'pinchbench/skill#17', 'open-policy-agent/gatekeeper#3697'],
    modes: [
      {
        id: 'package.creation-restricted',
        confidence: 'high',
        causes: ["the organization's Package creation settings do not allow members or workflows to create packages of this visibility"],
      },
      {
        id: 'workflow.missing-packages-write',
        confidence: 'high',
        causes: ['the job has no `permissions: packages: write` (an explicit permissions block sets unlisted scopes to none)'],
      },
      {
        id: 'actions.default-token-read-only',
        confidence: 'medium',
        causes: ['the repository or organization default GITHUB_TOKEN permissions are read-only (the default since 2023-02-02)'],
      },
      {
        id: 'token.app-installation',
        confidence: 'medium',
        causes: ['a GitHub App installation token (octo-sts, create-github-app-token) was used: those cannot create organization packages'],
      },
    ],
  },
  {
    key: 'installation-write',
    needles: ['installation not allowed to'],
    re: /installation not allowed to write organization package/i,
    meaning: 'An Actions or GitHub App token may not write to this organization package.',
    tellApart:
      "This is the organization-package wording (a user-owned package says `write_package`). If other packages of the same workflow push fine, the package's Manage Actions access is the cause; if every push fails, the job's permissions are. The same text appears when the tag is in a namespace you cannot write to.",
    sources: ['actions/runner#1039', 'hyperledger-firefly/signer#74', 'bachp/git-mirror#516', 'SlyBase/helm-charts#595', 'Logflare/logflare#3622'],
    modes: [
      { id: 'workflow.missing-packages-write', confidence: 'high', causes: ['the job or workflow lacks `permissions: packages: write`'] },
      {
        id: 'package.not-linked',
        confidence: 'high',
        causes: [
          'the package was first pushed by hand or by another repository, so this repository is not in its Manage Actions access list (or has only Read)',
        ],
      },
      {
        id: 'actions.default-token-read-only',
        confidence: 'medium',
        causes: ['the default GITHUB_TOKEN permissions are read-only and the workflow declares no permissions'],
      },
      {
        id: 'token.app-installation',
        confidence: 'medium',
        causes: ['a GitHub App installation token (not GITHUB_TOKEN) was used: those cannot write organization packages'],
      },
      {
        id: 'registry.push-denied',
        confidence: 'medium',
        causes: ['the image is tagged for an owner or name you cannot write to (a typo in the namespace gives the same text)'],
      },
      { id: 'package.creation-restricted', confidence: 'low', causes: ['the organization restricts package creation and the package does not exist yet'] },
    ],
  },
  {
    key: 'installation-read',
    needles: ['installation not allowed to'],
    re: /installation not allowed to read organization package/i,
    meaning: "The workflow's GITHUB_TOKEN may not read this organization package.",
    sources: ['actions/runner#1039'],
    modes: [
      {
        id: 'registry.pull-denied',
        confidence: 'high',
        causes: ['the package belongs to another repository and this repository is not granted Read under its Manage Actions access'],
      },
      { id: 'package.not-linked', confidence: 'medium', causes: ['the package is not linked to this repository, so GITHUB_TOKEN gets no automatic access'] },
      {
        id: 'token.app-installation',
        confidence: 'low',
        causes: ['a third-party App installation token reportedly cannot pull private repository-linked packages'],
      },
    ],
  },
  {
    key: 'write-package',
    needles: ['write_package'],
    re: /permission_denied:\s*write_package/i,
    meaning: 'GHCR refused to let this token write the package.',
    tellApart:
      'GHCR says `write_package` for a package owned by a user and "installation not allowed to Write organization package" for one owned by an organization. With GITHUB_TOKEN on a user package: the repository is missing from the package\'s Manage Actions access (package created by hand or by another repository) or the job lacks packages: write. With a PAT: its owner cannot write this package, or the PAT lacks write:packages.',
    sources: ['tuna-os/tunaOS#642', 'tridz-dev/huf#349', 'juyterman1000/entroly#164', 'ynotbhatc/rego_policy_libraries#89'],
    modes: [
      {
        id: 'package.not-linked',
        confidence: 'high',
        causes: ['the package was created by a manual push or another repository: add this repository under Manage Actions access with Write'],
      },
      {
        id: 'registry.push-denied',
        confidence: 'high',
        causes: ['the upload was denied for this token; also seen when tagging into a namespace you cannot write'],
      },
      { id: 'workflow.missing-packages-write', confidence: 'medium', causes: ['for a user-owned package: the job lacks `permissions: packages: write`'] },
      { id: 'token.missing-scope', confidence: 'low', causes: ['a classic PAT without write:packages'] },
    ],
  },
  {
    key: 'read-package',
    needles: ['read_package'],
    re: /permission_denied:\s*read_package/i,
    meaning: 'GHCR refused to let this token read the package.',
    sources: ['kedacore/http-add-on#48'],
    modes: [
      { id: 'token.missing-scope', confidence: 'high', causes: ['the classic PAT lacks read:packages (write:packages implies it)'] },
      { id: 'package.private', confidence: 'medium', causes: ["the package is private and the token's owner has no access to it"] },
      { id: 'registry.pull-denied', confidence: 'medium', causes: ["GITHUB_TOKEN of a repository not granted Read under the package's Manage Actions access"] },
    ],
  },
  {
    key: 'unauthenticated',
    login: true,
    needles: ['cannot be authenticated with the token'],
    re: /user cannot be authenticated with the token provided/i,
    meaning: 'GHCR does not accept the token at all: it is expired, revoked or mistyped.',
    sources: ['autc04/Retro68#274', 'getwud/wud#219'],
    modes: [
      {
        id: 'token.invalid',
        confidence: 'high',
        causes: [
          'the PAT expired (90 days is the default) or was revoked',
          'a second secret with the same name (repository vs organization/environment) overrides the rotated one',
        ],
      },
      { id: 'registry.login-rejected', confidence: 'high', causes: ["the registry's token endpoint refused these credentials"] },
      { id: 'token.malformed', confidence: 'medium', causes: ['the stored value has a trailing space, CR, BOM or a second line'] },
    ],
  },
  {
    key: 'packages-service-legacy',
    needles: ['github packages service'],
    re: /could not be authenticated by the github packages service/i,
    meaning: 'Older GitHub Packages wording for a token that is invalid or lacks package scopes.',
    sources: ['garygrossgarten/github-action-ssh#24'],
    modes: [
      { id: 'token.invalid', confidence: 'high', causes: ['the token expired or was revoked'] },
      { id: 'token.missing-scope', confidence: 'medium', causes: ['the token lacks read:packages / write:packages'] },
    ],
  },
  {
    key: 'bad-credentials',
    needles: ['bad credentials'],
    re: /\bbad credentials\b/i,
    meaning: 'The GitHub API rejects the token (401).',
    sources: ['§1.1 GET /user 401'],
    modes: [
      {
        id: 'token.invalid',
        confidence: 'high',
        causes: ['expired, revoked (also automatically: unused for a year, or pushed to a public repository) or mistyped'],
      },
      { id: 'token.malformed', confidence: 'medium', causes: ['whitespace, CR or quotes around the token'] },
    ],
  },
  {
    key: 'tls-github-cdn-certificate',
    needles: ['certificate is valid for'],
    re: /x509: certificate is valid for .{1,300}, not (?:pkg-containers\.githubusercontent\.com|ghcr\.io|[\w-]+\.ghcr\.io)/i,
    meaning:
      "The certificate presented for GHCR's blob host (or ghcr.io) names other hosts: either a GitHub-side certificate incident or something in between presenting its own certificate.",
    tellApart:
      "If it fails everywhere at once and githubstatus.com shows an incident, it is GitHub's (it happened on 2023-03-24: the certificate was valid for *.githubassets.com); if only this network fails, a proxy or DNS answers for pkg-containers.githubusercontent.com.",
    sources: ['onedr0p/exportarr#136', 'CaramelFur/Picsur#41'],
    modes: [
      {
        id: 'status.degraded',
        confidence: 'high',
        causes: ['a GitHub Packages incident: the wrong certificate was served for pkg-containers.githubusercontent.com; wait and retry'],
      },
      {
        id: 'registry.unreachable',
        confidence: 'medium',
        causes: ['a proxy, captive portal or DNS override answers for pkg-containers.githubusercontent.com with its own certificate'],
      },
    ],
  },
  {
    key: 'host-typo',
    needles: ['.io', '.com', '.org', '.net', '.dev'],
    re: /\b[a-z][a-z0-9-]{2,5}\.(?:io|com|org|net|dev)\b/i,
    when: hasHostTypo,
    meaning: 'The registry host is a near miss of ghcr.io.',
    sources: ['rancher-sandbox/rancher-desktop#5301'],
    modes: [
      {
        id: 'image.host-typo',
        confidence: 'high',
        causes: ['the image was tagged for a mistyped host (ghrc.io, ghcr.com…): whatever answers there is not GHCR'],
      },
    ],
  },
  {
    key: 'html-admin-rules',
    needles: ['administrative rules', '403 forbidden'],
    re: /request forbidden by administrative rules|<h1>\s*403 forbidden\s*<\/h1>/i,
    meaning: 'An HTML 403 page answered instead of the registry: the host is wrong or a proxy blocks it.',
    sources: ['rancher-sandbox/rancher-desktop#5301'],
    modes: [
      {
        id: 'image.host-typo',
        confidence: 'high',
        causes: ['the tag names a typo host such as ghrc.io; the login to ghcr.io succeeded, so only the push fails'],
      },
      { id: 'registry.unreachable', confidence: 'medium', causes: ['a corporate proxy blocks ghcr.io or pkg-containers.githubusercontent.com'] },
    ],
  },
  {
    key: 'login-v2-denied',
    foreignWhat: 'login refusal',
    login: true,
    needles: ['/v2/'],
    re: /\bget\s+"?https?:\/\/[^/\s"]+\/v2\/"?:\s*(?:denied|unauthorized)|login attempt to \S+\/v2\/ failed with status: 40[13]/i,
    generic: true,
    meaning: 'docker login was refused: GHCR rejected the username/token pair.',
    tellApart:
      'A github_pat_ token is the fine-grained kind (never accepted); a classic PAT that used to work has expired; a token copied from a Windows file may carry a CR or a space.',
    sources: ['docker/login-action#26', 'GaloisInc/cryptol#1959', 'letsrevel/revel-backend#709', 'cli/cli#5174'],
    modes: [
      { id: 'registry.login-rejected', confidence: 'high', causes: ['the token endpoint refused the credentials'] },
      { id: 'token.invalid', confidence: 'high', causes: ['the classic PAT expired or was revoked'] },
      { id: 'token.fine-grained', confidence: 'medium', causes: ['a fine-grained PAT (github_pat_…): GHCR accepts classic PATs only'] },
      { id: 'token.malformed', confidence: 'medium', causes: ['the token has a trailing space, CR, BOM or several lines'] },
    ],
  },
  {
    key: 'manifest-denied',
    foreignWhat: 'access denial',
    needles: ['/manifests/'],
    re: /\b(?:head|get)\s+"?https?:\/\/[^\s"]+\/v2\/\S+\/manifests\/[^\s"]+"?:\s*denied/i,
    generic: true,
    meaning: 'Reading the image manifest was denied although credentials were sent.',
    tellApart:
      'If the image is public, the credential stored for ghcr.io is stale (`docker logout ghcr.io` fixes it); if it is private, the token lacks read:packages or its owner has no access. On a deploy server it is the credential stored there.',
    sources: ['dexidp/dex#2672', 'riverqueue/riverui#182', 'muchobien/pocketbase-docker#3', 'groundnuty/k8s-wait-for#70'],
    modes: [
      {
        id: 'token.stale-stored',
        confidence: 'high',
        causes: ['an expired or wrong credential stored for ghcr.io is sent and rejected: GHCR does not fall back to anonymous, so even public pulls fail'],
      },
      { id: 'token.missing-scope', confidence: 'medium', causes: ['the token lacks read:packages for a private package'] },
      { id: 'registry.pull-denied', confidence: 'medium', causes: ['the token is valid but its owner has no access to this private package'] },
      {
        id: 'server.stored-token-invalid',
        confidence: 'medium',
        causes: ["on the deploy server: the credential stored there has expired (often the job's GITHUB_TOKEN)"],
      },
      { id: 'status.degraded', confidence: 'low', causes: ['transient GHCR-side incidents have produced `denied: denied` on public images'] },
    ],
  },
  {
    key: 'manifest-unauthorized',
    foreignWhat: 'authentication error',
    needles: ['/manifests/'],
    re: /\b(?:head|get)\s+"?https?:\/\/[^\s"]+\/v2\/\S+\/manifests\/[^\s"]+"?:\s*(?:unauthorized|authentication required)/i,
    generic: true,
    meaning: 'The manifest needs credentials and none were accepted: usually an anonymous pull of a private package.',
    tellApart:
      'No credential stored at all → the package is private (or the deploy user is not logged in); a credential that lacks read:packages gives the same text.',
    sources: ['llaville/umlwriter#24', 'praetorian-inc/snowcat#29', 'groundnuty/k8s-wait-for#46', 'toeverything/docker#1'],
    modes: [
      { id: 'package.private', confidence: 'high', causes: ['packages are private when first published, even when the repository is public'] },
      { id: 'token.missing-scope', confidence: 'medium', causes: ['the token sent lacks read:packages'] },
      {
        id: 'server.not-logged-in',
        confidence: 'medium',
        causes: ['the user that runs the pull (systemd unit, sudo, another account) has no credential for ghcr.io'],
      },
      { id: 'server.auth-ephemeral', confidence: 'low', causes: ['rootless podman kept the login in $XDG_RUNTIME_DIR, which a reboot wiped'] },
    ],
  },
  {
    key: 'bearer-token-status',
    foreignWhat: 'login refusal',
    needles: ['requesting bear'],
    re: /requesting bear(?:er)? token: (?:invalid status code from registry|received unexpected http status:?) 40[13]/i,
    generic: true,
    meaning: 'podman/buildah/skopeo sent stored credentials to the token endpoint and they were refused.',
    tellApart:
      "A public image that docker pulls fine but podman cannot: a stale podman/docker credential. On a server that logged in from a workflow: the stored token was the job's GITHUB_TOKEN, dead since the job ended.",
    sources: ['podman#18155', 'podman#10342', 'ansible-community/images#87', 'ViViDboarder/vaultwarden_ldap#203', 'seed runbook 001'],
    byPhase: {
      push: [
        { id: 'token.invalid', confidence: 'high', causes: ['the token endpoint refuses the credential itself: the token expired or was revoked'] },
        { id: 'token.stale-stored', confidence: 'medium', causes: ['a stale credential for ghcr.io in auth.json or ~/.docker/config.json'] },
        { id: 'token.missing-scope', confidence: 'medium', causes: ['the token lacks write:packages, so push access is refused'] },
        {
          id: 'registry.push-denied',
          confidence: 'medium',
          causes: ["the credential may not write this package (Manage Actions access, or another owner's namespace)"],
        },
      ],
    },
    modes: [
      {
        id: 'token.stale-stored',
        confidence: 'high',
        causes: ['a stale credential for ghcr.io in auth.json or ~/.docker/config.json (podman logout --all does not clear the docker file)'],
      },
      { id: 'server.stored-token-invalid', confidence: 'medium', causes: ['the credential stored on the deploy server has expired or was revoked'] },
      {
        id: 'server.actions-token-stored',
        confidence: 'medium',
        causes: ["the server logged in with the workflow's GITHUB_TOKEN (ghs_), which dies when the job ends"],
      },
      { id: 'token.invalid', confidence: 'medium', causes: ['the token itself expired or was revoked'] },
    ],
  },
  {
    key: 'token-fetch-refused',
    needles: ['authentication token', 'bearer token', 'may be expired'],
    re: /\b40[13]\b.{0,40}while retrieving an authentication token|failed to fetch bearer token for '?(?:ghcr\.io|containers\.)|credentials for '?(?:ghcr\.io|containers\.[\w.-]+)'? may be expired/i,
    meaning: 'A client sent its stored GHCR credential to the token endpoint and it was refused.',
    sources: ['openai/tart#277', 'Bossett/bsky-feeds#155'],
    modes: [
      {
        id: 'token.stale-stored',
        confidence: 'high',
        causes: ["an expired or revoked credential is stored for ghcr.io (docker config, keychain, the tool's own login): remove it or log in again"],
      },
      { id: 'token.invalid', confidence: 'medium', causes: ['the token expired or was revoked'] },
    ],
  },
  {
    key: 'retrieve-auth-token',
    foreignWhat: 'login refusal',
    needles: ['unable to retrieve auth token'],
    re: /unable to retrieve auth token: invalid username\/password/i,
    generic: true,
    meaning: 'The stored username/token pair is rejected by the token endpoint.',
    sources: ['podman#18428'],
    modes: [
      { id: 'token.stale-stored', confidence: 'high', causes: ['a stale credential stored for ghcr.io is sent with every pull'] },
      { id: 'token.invalid', confidence: 'medium', causes: ['the token expired or was revoked'] },
      { id: 'token.malformed', confidence: 'medium', causes: ['the token was stored with a CR, space or second line'] },
    ],
  },
  {
    key: 'podman-login-invalid',
    foreignWhat: 'login refusal',
    login: true,
    needles: ['invalid username/password'],
    re: /(?:logging into|authenticating creds for) "?[^"\s]+"?:\s*invalid username\/password/i,
    generic: true,
    meaning: 'podman/buildah/skopeo login was refused.',
    tellApart:
      'podman --password-stdin glues all lines of the input together and keeps spaces, so a token file with two lines or a trailing space fails here while docker may accept it.',
    sources: ['seed runbook 001', '§5 podman login'],
    modes: [
      { id: 'registry.login-rejected', confidence: 'high', causes: ['the token endpoint refused the credentials'] },
      { id: 'token.invalid', confidence: 'high', causes: ['the token expired or was revoked'] },
      { id: 'token.malformed', confidence: 'medium', causes: ['CR, trailing space, BOM or several lines in the token (podman concatenates lines)'] },
      { id: 'token.fine-grained', confidence: 'medium', causes: ['a fine-grained PAT (github_pat_…) is not accepted by GHCR'] },
    ],
  },
  {
    key: 'reading-manifest-denied',
    foreignWhat: 'authentication error',
    needles: ['reading manifest'],
    re: /reading manifest \S+ in \S+:\s*(?:denied|unauthorized|authentication required)/i,
    generic: true,
    meaning: 'podman/skopeo could not read the manifest: no usable credential for a private package.',
    sources: ['Morse-Code-over-IP/chatserver-mopp-udp#1', '§5 podman'],
    modes: [
      { id: 'package.private', confidence: 'high', causes: ['the package is private and the pull is anonymous'] },
      {
        id: 'server.auth-ephemeral',
        confidence: 'medium',
        causes: ["rootless podman's login lived in /run/user/UID (tmpfs) and was lost at reboot or logout"],
      },
      { id: 'server.not-logged-in', confidence: 'medium', causes: ['the service user (systemd User=, sudo) is not the user that logged in'] },
      { id: 'token.missing-scope', confidence: 'medium', causes: ['the stored token lacks read:packages'] },
    ],
  },
  {
    key: 'registry-error-unauthorized',
    needles: ['error from registry'],
    re: /\berror from registry:\s*unauthorized\b/i,
    generic: true,
    foreignWhat: 'authentication error',
    meaning: 'docker 25+ wording: the registry wants a credential it did not get or did not accept.',
    sources: ['ogham-mcp/ogham-mcp#5'],
    modes: [
      { id: 'package.private', confidence: 'high', causes: ['a pull of a private package without a credential (packages are private when first published)'] },
      { id: 'token.not-found', confidence: 'medium', causes: ['no login for ghcr.io on this machine'] },
      { id: 'token.invalid', confidence: 'medium', causes: ['the stored token expired or was revoked'] },
    ],
    byPhase: {
      push: [
        {
          id: 'token.not-found',
          confidence: 'high',
          causes: ['no accepted login for ghcr.io on the machine that pushes (or the login step got an empty secret)'],
        },
        { id: 'registry.push-denied', confidence: 'medium', causes: ['the upload was refused for the credential sent'] },
      ],
      login: [
        { id: 'registry.login-rejected', confidence: 'high', causes: ['the registry refused the username/token pair given to the login'] },
        { id: 'token.invalid', confidence: 'high', causes: ['the classic PAT expired or was revoked'] },
        { id: 'token.fine-grained', confidence: 'medium', causes: ['a fine-grained PAT (github_pat_…): GHCR accepts classic PATs only'] },
      ],
    },
  },
  {
    key: 'registry-error-denied',
    needles: ['error from registry', 'denied'],
    re: /\berror from registry:\s*denied\b|\berror response from daemon:\s*denied\s*$/i,
    generic: true,
    foreignWhat: 'access denial',
    meaning: 'docker 25+ wording: the registry refused access without details.',
    tellApart:
      'The step decides: a login that fails is a refused token; a push is a missing write grant; a pull of a public image that fails only here is a stale stored credential.',
    sources: ['docker/cli error-from-registry wording'],
    modes: [
      {
        id: 'token.stale-stored',
        confidence: 'medium',
        causes: ['a stale credential stored for ghcr.io is sent and refused: GHCR does not fall back to anonymous'],
      },
      { id: 'registry.pull-denied', confidence: 'medium', causes: ['the credential is valid but has no read access to this package'] },
      { id: 'token.invalid', confidence: 'medium', causes: ['the token expired or was revoked'] },
    ],
    byPhase: {
      push: [
        { id: 'registry.push-denied', confidence: 'high', causes: ['the registry refused the push for the credential sent'] },
        {
          id: 'package.not-linked',
          confidence: 'medium',
          causes: ["GITHUB_TOKEN: this repository is not in the package's Manage Actions access list with Write"],
        },
        { id: 'workflow.missing-packages-write', confidence: 'medium', causes: ['the job lacks `permissions: packages: write`'] },
        { id: 'token.missing-scope', confidence: 'medium', causes: ['a classic PAT without write:packages'] },
      ],
      login: [
        { id: 'registry.login-rejected', confidence: 'high', causes: ['the registry refused the username/token pair given to the login'] },
        { id: 'token.invalid', confidence: 'high', causes: ['the classic PAT expired or was revoked'] },
        { id: 'token.fine-grained', confidence: 'medium', causes: ['a fine-grained PAT (github_pat_…): GHCR accepts classic PATs only'] },
      ],
    },
  },
  {
    key: 'jib-unauthorized',
    needles: ['registryunauthorizedexception', 'unauthorized for '],
    re: /registryunauthorizedexception|\bunauthorized for (?:ghcr\.io|containers\.)/i,
    generic: true,
    foreignWhat: 'authentication error',
    meaning: 'Jib was refused by the registry: no credential, or one it does not accept.',
    sources: ['GoogleContainerTools/jib wording'],
    modes: [
      {
        id: 'token.not-found',
        confidence: 'high',
        causes: ['Jib found no credential for ghcr.io (jib.to.auth / -Djib.to.auth.password, or a docker login it can read)'],
      },
      { id: 'token.invalid', confidence: 'medium', causes: ['the token expired or was revoked'] },
      { id: 'token.missing-scope', confidence: 'medium', causes: ['the token lacks write:packages (push) or read:packages (pull)'] },
    ],
  },
  {
    key: 'push-unauthorized',
    foreignWhat: 'authentication error',
    needles: ['unauthorized', 'authentication required'],
    re: /(?:unauthorized|authentication required)/i,
    when: (line) => PUSH_CONTEXT.test(line) && !/pull access denied/i.test(line),
    generic: true,
    meaning: 'A push was made without accepted credentials.',
    sources: ['§1.3 upload session 401'],
    modes: [
      { id: 'token.not-found', confidence: 'high', causes: ['no login for ghcr.io on the machine that pushes (or the login step used an empty secret)'] },
      { id: 'registry.push-denied', confidence: 'medium', causes: ['the upload session was refused for the credential sent'] },
      { id: 'registry.login-rejected', confidence: 'low', causes: ['the stored credential is no longer accepted'] },
    ],
  },
  {
    key: 'reuse-blob-forbidden',
    needles: ['reuse blob'],
    re: /trying to reuse blob \S+ at destination: failed to read from destination repository \S+: 40[13]/i,
    generic: true,
    foreignWhat: 'push refusal',
    meaning: 'podman/buildah/skopeo could not read the destination repository while pushing: the token may not write (or read) this package.',
    sources: ['redhat-actions/push-to-registry#52'],
    modes: [
      {
        id: 'package.not-linked',
        confidence: 'high',
        causes: [
          'the package existed before this workflow (pushed by hand or by another repository): add this repository under its Manage Actions access with Write',
        ],
      },
      { id: 'registry.push-denied', confidence: 'high', causes: ['the registry refused this credential for the package'] },
      { id: 'workflow.missing-packages-write', confidence: 'medium', causes: ['the job lacks `permissions: packages: write`'] },
      { id: 'token.missing-scope', confidence: 'low', causes: ['a classic PAT without write:packages'] },
    ],
  },
  {
    key: 'containerd-push-forbidden',
    foreignWhat: 'push refusal',
    needles: ['403 forbidden', 'blobs/uploads', 'unexpected status from'],
    re: /failed to push .{0,300}\b403 forbidden|unexpected status from (?:post|put|patch) request to \S+\/v2\/\S+:\s*40[13]|unexpected status from head request to \S+\/blobs\/\S+:\s*40[13]/i,
    generic: true,
    meaning: 'buildkit/containerd was refused when uploading to the registry.',
    sources: ['docker/build-push-action#463'],
    modes: [
      { id: 'registry.push-denied', confidence: 'high', causes: ['the token may not push to this package'] },
      { id: 'workflow.missing-packages-write', confidence: 'medium', causes: ['the job lacks `permissions: packages: write`'] },
      { id: 'package.not-linked', confidence: 'medium', causes: ["this repository is not in the package's Manage Actions access list"] },
    ],
  },
  {
    key: 'head-manifest-forbidden',
    needles: ['unexpected status from'],
    re: /unexpected status from (?:head|get) request to \S+\/manifests\/\S+:\s*403/i,
    generic: true,
    foreignWhat: 'access denial',
    meaning: 'containerd (docker with the containerd image store, compose, nerdctl, kubelet) was refused reading the image manifest.',
    tellApart:
      'A private package answers 403 to a pull without access; a public one answers 403 only when a stale credential is sent (then `docker logout ghcr.io` fixes it).',
    sources: ['LeoMartinDev/voy#3', 'karl-cardenas-coding/mywhoop#27', 'Vigil-SOC/vigil#315'],
    modes: [
      { id: 'package.private', confidence: 'high', causes: ['the package is private (the default at first publish) and this pull has no access to it'] },
      {
        id: 'registry.pull-denied',
        confidence: 'medium',
        causes: ["the credential is valid but its owner (or the workflow's repository) has no read access to this package"],
      },
      { id: 'token.missing-scope', confidence: 'medium', causes: ['the token lacks read:packages'] },
      { id: 'token.stale-stored', confidence: 'low', causes: ['if the package is public: a stale credential stored for ghcr.io is sent and refused'] },
    ],
  },
  {
    key: 'head-manifest-unauthorized',
    needles: ['unexpected status from'],
    re: /unexpected status from (?:head|get) request to \S+\/manifests\/\S+:\s*401/i,
    generic: true,
    foreignWhat: 'authentication error',
    meaning: 'containerd read the manifest without an accepted credential: usually an anonymous pull of a private package.',
    sources: ['containerd remotes/docker wording'],
    modes: [
      { id: 'package.private', confidence: 'high', causes: ['the package is private and the pull is anonymous'] },
      { id: 'token.not-found', confidence: 'medium', causes: ['no credential for ghcr.io where the pull runs'] },
      { id: 'token.missing-scope', confidence: 'medium', causes: ['the credential lacks read:packages'] },
    ],
  },
  {
    key: 'token-endpoint-denied',
    foreignWhat: 'access denial',
    needles: ['requested access to the resource is denied'],
    re: /requested access to the resource is denied/i,
    generic: true,
    meaning: "The registry's token endpoint did not grant the access asked for.",
    sources: ['akuity/kargo#4293'],
    modes: [
      { id: 'token.missing-scope', confidence: 'high', causes: ['the token lacks write:packages (push) or read:packages (pull)'] },
      { id: 'package.private', confidence: 'medium', causes: ['an anonymous or unauthorized pull of a private package'] },
    ],
  },
  {
    key: 'containerd-insufficient-scope',
    foreignWhat: 'access denial',
    needles: ['insufficient_scope', 'may require authorization'],
    re: /insufficient_scope|pull access denied, repository does not exist or may require authorization/i,
    generic: true,
    meaning: 'containerd (Kubernetes, nerdctl, buildkit) could not get pull access: usually a private package pulled without a usable credential.',
    sources: ['containerd remotes/docker wording'],
    modes: [
      { id: 'package.private', confidence: 'high', causes: ['the package is private and no credential (imagePullSecret, containerd config) was used'] },
      { id: 'token.missing-scope', confidence: 'medium', causes: ['the credential lacks read:packages'] },
      { id: 'server.not-logged-in', confidence: 'medium', causes: ['the node or user that pulls has no credential for ghcr.io'] },
    ],
  },
  {
    key: 'containerd-anonymous-token',
    foreignWhat: 'authentication error',
    needles: ['anonymous token'],
    re: /failed to fetch anonymous token.{0,200}\b40[13]\b/i,
    generic: true,
    meaning: 'containerd asked for an anonymous token and was refused: the package is not public.',
    sources: ['containerd remotes/docker/auth wording'],
    modes: [
      { id: 'package.private', confidence: 'high', causes: ['the package is private (the default at first publish)'] },
      { id: 'server.not-logged-in', confidence: 'medium', causes: ['no credential configured for ghcr.io where the pull runs'] },
    ],
  },
  {
    key: 'containerd-oauth-token',
    foreignWhat: 'login refusal',
    needles: ['fetch oauth token', 'failed to authorize'],
    re: /failed to (?:fetch oauth token|authorize).{0,300}\b40[13]\b/i,
    generic: true,
    meaning: 'containerd/buildkit sent credentials to the token endpoint and they were refused.',
    sources: ['containerd remotes/docker/auth wording'],
    modes: [
      { id: 'registry.login-rejected', confidence: 'high', causes: ['the token endpoint refused the credentials'] },
      { id: 'token.invalid', confidence: 'medium', causes: ['the token expired or was revoked'] },
      { id: 'token.stale-stored', confidence: 'medium', causes: ['a stale credential stored for ghcr.io'] },
      { id: 'token.missing-scope', confidence: 'medium', causes: ['the token lacks the packages scope for the access asked for'] },
    ],
  },
  {
    key: 'auth-token-not-provided',
    needles: ['authentication token not provided'],
    re: /authentication token not provided/i,
    generic: true,
    meaning: 'A request reached GHCR with an empty bearer token.',
    sources: ['Homebrew/brew#11066'],
    modes: [
      { id: 'token.not-found', confidence: 'medium', causes: ['the variable or secret that should hold the token was empty'] },
      { id: 'registry.login-rejected', confidence: 'low', causes: ['the token exchange failed earlier and its empty result was sent'] },
    ],
  },
  {
    key: 'invalid-token',
    needles: ['invalid token'],
    re: /\bdenied:?\s*"?invalid token\b/i,
    generic: true,
    meaning: 'GHCR did not accept the token in the form it was sent.',
    sources: ['argoproj-labs/argocd-image-updater#303', 'updatecli/updatecli#245'],
    modes: [
      { id: 'registry.login-rejected', confidence: 'medium', causes: ['a PAT sent straight to /v2/ instead of being exchanged at /token first'] },
      { id: 'token.invalid', confidence: 'medium', causes: ['the token expired or was revoked'] },
    ],
  },
  {
    key: 'authentication-required',
    foreignWhat: 'authentication error',
    needles: ['authentication required'],
    re: /(?:unauthorized|"code"\s*:\s*"unauthorized").{0,60}authentication required/i,
    generic: true,
    meaning: 'The registry needs credentials for this: typically an anonymous pull of a private package.',
    sources: ['openappsec/openappsec#306'],
    modes: [
      { id: 'package.private', confidence: 'high', causes: ['the package is private (the default at first publish) and the pull is anonymous'] },
      { id: 'token.not-found', confidence: 'medium', causes: ['no credential for ghcr.io is configured where the command ran'] },
      { id: 'token.missing-scope', confidence: 'medium', causes: ['the credential lacks read:packages'] },
    ],
  },
  {
    key: 'daemon-unauthorized',
    foreignWhat: 'authentication error',
    needles: ['unauthorized'],
    re: /(?:daemon|^error):\s*unauthorized\s*$/i,
    generic: true,
    meaning: 'The registry refused the credentials without saying why.',
    tellApart: 'A gho_ token from `gh auth token` historically never worked with GHCR; in SAML organizations the token must also be SSO-authorized.',
    sources: ['cli/cli#5174', 'cli/cli#5150'],
    modes: [
      { id: 'token.oauth-app', confidence: 'medium', causes: ['a gh (gho_) OAuth token used for docker login'] },
      { id: 'token.missing-scope', confidence: 'medium', causes: ['the token lacks read:packages / write:packages'] },
      { id: 'token.invalid', confidence: 'medium', causes: ['the token expired or was revoked'] },
      { id: 'token.sso-unauthorized', confidence: 'low', causes: ['the owner organization enforces SAML SSO and the token is not authorized'] },
    ],
  },
  {
    key: 'username-password-required',
    login: true,
    needles: ['username and password required', 'password required', 'username required', 'required and not supplied'],
    re: /username and password required|^(?:error:\s*)?(?:password|username) required\b|input required and not supplied: \w*(?:password|token|username|pat)\w*/i,
    meaning: 'docker/login-action got an empty username or password: the secret is missing or not passed.',
    tellApart: 'Only on pull_request runs from forks (and Dependabot): secrets are withheld there; on every run: the secret is missing or misnamed.',
    sources: ['docker/login-action#29', 'docker/login-action#686', 'rauc/rauc-hawkbit-updater#70', 'certtools/intelmq#2157'],
    modes: [
      {
        id: 'actions.secret-missing',
        confidence: 'high',
        causes: ['the secret is not defined, misnamed, an environment secret without `environment:`, or `env.` used instead of `secrets.`'],
      },
      { id: 'workflow.push-on-fork-pr', confidence: 'medium', causes: ['the login runs on a pull_request from a fork, where secrets are not available'] },
    ],
  },
  {
    key: 'empty-secret-env',
    needles: ['token:', 'password:', 'pat:', 'pass:'],
    re: /^[A-Z][A-Z0-9_]*(?:TOKEN|PASSWORD|PAT|PASS)\s*:$/,
    meaning: "An Actions step's environment shows this secret empty: it is not defined for this run.",
    tellApart:
      'Empty only on pull_request runs from forks (and Dependabot): secrets are withheld there; empty on every run: the secret is missing, misnamed, or an environment secret without `environment:`.',
    sources: ['docker/login-action#925'],
    modes: [
      {
        id: 'actions.secret-missing',
        confidence: 'high',
        causes: ['the secret is not defined in this repository (or its organization/environment) under this name'],
      },
      { id: 'workflow.push-on-fork-pr', confidence: 'medium', causes: ['the run is a pull_request from a fork, where secrets are empty'] },
    ],
  },
  {
    key: 'actions-container-login',
    needles: ['docker login for'],
    re: /docker login for '[^']+' failed with exit code/i,
    login: true,
    meaning: 'The runner could not log in to pull a job or service container (`container: credentials:`).',
    tellApart: 'Failing on every run: the credentials are refused or the secret is empty; failing once and passing on re-run: a GHCR incident.',
    sources: ['OCA/oca-addons-repo-template#138', 'wasm-micro-runtime/wasm-micro-runtime#3636'],
    modes: [
      {
        id: 'registry.login-rejected',
        confidence: 'high',
        causes: ['the username/password in `credentials:` were refused (an expired PAT, or a secret that is empty on this run)'],
      },
      { id: 'token.invalid', confidence: 'medium', causes: ['the token in `credentials.password` expired or was revoked'] },
      {
        id: 'actions.secret-missing',
        confidence: 'medium',
        causes: ['the secret passed as `credentials.password` is empty on this run (missing, or a fork pull_request)'],
      },
      { id: 'status.degraded', confidence: 'low', causes: ['a GitHub Packages incident (passes on re-run)'] },
    ],
  },
  {
    key: 'non-tty-login',
    login: true,
    needles: ['non tty device', 'interactive login'],
    re: /cannot perform an interactive login from a non tty device|interactive login.{0,40}not allowed|not allowed.{0,40}interactive login/i,
    meaning: 'docker login had no password: --password-stdin got nothing, or neither -p nor stdin was used in a script.',
    sources: ['zembutsu/docs.docker.jp#307'],
    modes: [
      { id: 'actions.secret-missing', confidence: 'high', causes: ['the piped secret or variable was empty'] },
      { id: 'token.not-found', confidence: 'medium', causes: ['a non-interactive SSH session: no token was piped to `docker login -u USER --password-stdin`'] },
    ],
  },
  {
    key: 'podman-no-stdin',
    login: true,
    needles: ['without stdin'],
    re: /cannot prompt for (?:username|password) without stdin/i,
    meaning: 'podman login wanted to prompt in a non-interactive session.',
    sources: ['containers/common pkg/auth/auth.go'],
    modes: [
      { id: 'token.not-found', confidence: 'medium', causes: ['no token piped: use `-u USER --password-stdin`'] },
      { id: 'actions.secret-missing', confidence: 'medium', causes: ['the secret that should be piped was empty'] },
    ],
  },
  {
    key: 'credential-helper',
    local: true,
    needles: ['d-bus', 'org.freedesktop.secrets', 'credentials - err:', 'docker-credential-', 'pass not initialized'],
    re: /cannot autolaunch d-bus without x11|org\.freedesktop\.secrets|error (?:saving|storing|getting|listing|erasing) credentials - err:|docker-credential-[\w.-]{1,64}(?:"?:\s*executable file not found|:\s*command not found|\s+not installed or not available)|pass not initialized/i,
    meaning: "docker's credential helper (credsStore / credHelpers) failed.",
    sources: ['docker/cli#2229', 'docker/docker-credential-helpers#170', 'docker-archive/compose-cli#1656', 'docker/cli#7148', 'docker/for-mac#6766'],
    modes: [
      {
        id: 'server.credential-helper-broken',
        confidence: 'high',
        causes: ['secretservice/pass helper on a headless server without a session bus, or a leftover `credsStore: desktop` with no Docker Desktop'],
      },
    ],
  },
  {
    key: 'authfile-permission',
    local: true,
    needles: ['auth.json', 'config.json'],
    re: /(?:auth\.json|config\.json)"?:\s*permission denied|reading json file "[^"]*auth\.json"/i,
    meaning: 'The runtime looked for its credentials in a file this user cannot read.',
    sources: ['containers/skopeo#1654', 'containers/image#1125'],
    modes: [
      {
        id: 'server.not-logged-in',
        confidence: 'high',
        causes: ['running without systemd-logind/XDG_RUNTIME_DIR, podman/skopeo fall back to /run/containers/UID: pass --authfile or set REGISTRY_AUTH_FILE'],
      },
    ],
  },
  {
    key: 'no-basic-auth',
    needles: ['no basic auth credentials'],
    re: /no basic auth credentials/i,
    generic: true,
    meaning: 'No credential for the registry was found by the client (or was not forwarded by a tool talking to the daemon API).',
    sources: ['moby#40397'],
    modes: [
      {
        id: 'server.not-logged-in',
        confidence: 'high',
        causes: ['the user or service that pulls is not the one that logged in (sudo, systemd User=, DOCKER_CONFIG)'],
      },
      { id: 'token.not-found', confidence: 'medium', causes: ['no login for ghcr.io at all'] },
    ],
  },
  {
    key: 'not-logged-in',
    needles: ['not logged in'],
    re: /not logged in(?:to)? "?(?:ghcr\.io|containers\.[\w.-]+)/i,
    meaning: 'podman has no credential for the registry for this user.',
    sources: ['containers/common pkg/auth/auth.go', 'podman#7255'],
    modes: [
      { id: 'server.not-logged-in', confidence: 'high', causes: ['this user never logged in, or logged in as another user'] },
      {
        id: 'server.auth-ephemeral',
        confidence: 'medium',
        causes: ['the login was in $XDG_RUNTIME_DIR/containers/auth.json (tmpfs) and was lost at reboot or logout'],
      },
    ],
  },
  {
    key: 'uppercase',
    needles: ['must be lowercase'],
    re: /must be lowercase/i,
    generic: true,
    meaning: 'Image references must be lowercase; this one has uppercase letters.',
    tellApart: 'In a workflow it is almost always `ghcr.io/${{ github.repository }}` for an owner with capitals.',
    sources: ['navidrome/navidrome#3398', 'macbre/push-to-ghcr#24', 'LunaTechLab/MoonTV#191', 'games-on-whales/gow#250'],
    modes: [
      { id: 'image.uppercase', confidence: 'high', causes: ['the owner or name keeps the case of the GitHub user or organization'] },
      {
        id: 'workflow.uppercase-image-ref',
        confidence: 'high',
        causes: ['the workflow builds the ref from github.repository / github.repository_owner without lowercasing'],
      },
    ],
  },
  {
    key: 'password-on-cli',
    needles: ['--password via the cli'],
    re: /using --password via the cli is insecure/i,
    meaning: 'The token was passed as a command-line argument, visible in ps and shell history.',
    sources: ['docker/cli login.go', 'glsec/glsec#102'],
    modes: [{ id: 'workflow.token-in-command-line', confidence: 'high', causes: ['`docker login -p` / `--password` instead of `--password-stdin`'] }],
  },
  {
    key: 'login-with-password-flag',
    needles: ['login'],
    re: /\b(?:docker|podman|buildah|skopeo|nerdctl|oras)\s+login\b.*\s(?:-p|--password)(?:\s|=)\S/i,
    meaning: 'A login command passes the token as an argument.',
    sources: ['rappdw/sandy#13', 'Phineas/lanyard#161'],
    modes: [
      {
        id: 'workflow.token-in-command-line',
        confidence: 'high',
        causes: ['the token is in argv (visible in ps, /proc and logs): pipe it to --password-stdin'],
      },
    ],
  },
  {
    key: 'ssh-host-key-changed',
    local: true,
    needles: ['remote host identification'],
    re: /remote host identification has changed/i,
    meaning: 'The deploy server presented a different host key than the one known.',
    sources: ['OpenSSH'],
    modes: [
      {
        id: 'ssh.host-key-mismatch',
        confidence: 'high',
        causes: ['the server was reinstalled or its address reused, or someone is intercepting the connection: verify before trusting'],
      },
    ],
  },
  {
    key: 'ssh-host-key-failed',
    local: true,
    needles: ['host key verification failed'],
    re: /host key verification failed/i,
    meaning: "ssh refused the server's host key.",
    sources: ['OpenSSH'],
    modes: [
      { id: 'ssh.host-key-unknown', confidence: 'high', causes: ["the runner's known_hosts has no entry for the server (fresh runner)"] },
      { id: 'ssh.host-key-mismatch', confidence: 'medium', causes: ['the known entry differs from the key presented'] },
    ],
  },
  {
    key: 'ssh-permanently-added',
    local: true,
    needles: ['permanently added'],
    re: /permanently added .{1,200} to the list of known hosts/i,
    meaning: 'ssh accepted a host key it had not seen; on every run that means host checking is off or keys are scanned blindly.',
    sources: ['linux-audit.com StrictHostKeyChecking'],
    modes: [
      {
        id: 'workflow.host-key-checking-disabled',
        confidence: 'low',
        causes: ['StrictHostKeyChecking=no / UserKnownHostsFile=/dev/null, or ssh-keyscan on every run'],
      },
    ],
  },
  {
    key: 'ssh-publickey',
    local: true,
    needles: ['(publickey'],
    re: /permission denied \(publickey/i,
    meaning: 'The server refused every SSH key offered.',
    sources: ['OpenSSH'],
    modes: [
      {
        id: 'ssh.auth-failed',
        confidence: 'high',
        causes: ["the key is not in the deploy user's authorized_keys, or the secret holds a different or malformed key"],
      },
    ],
  },
  {
    key: 'ssh-unreachable',
    local: true,
    needles: ['ssh: '],
    re: /ssh: (?:connect to host \S+ port \d+: (?:connection refused|connection timed out|no route to host|network is unreachable)|could not resolve hostname)/i,
    meaning: 'The deploy server could not be reached over SSH.',
    sources: ['OpenSSH'],
    modes: [{ id: 'ssh.unreachable', confidence: 'high', causes: ['wrong host or port, a firewall that blocks the runner, or the server is down'] }],
  },
  {
    key: 'x509-expired',
    foreignWhat: 'certificate error',
    needles: ['x509: certificate has expired'],
    re: /x509: certificate has expired or is not yet valid/i,
    generic: true,
    meaning: "TLS failed on dates: most often the machine's clock is wrong.",
    sources: ['moby#11534', 'rancher/os#2424', 'redis/docker-library-redis#110'],
    modes: [
      { id: 'server.clock-skew', confidence: 'high', causes: ['the clock is off (no NTP): `timedatectl set-ntp true`'] },
      { id: 'registry.unreachable', confidence: 'medium', causes: ['an intercepting proxy presents an expired certificate'] },
    ],
  },
  {
    key: 'x509-unknown-authority',
    foreignWhat: 'certificate error',
    needles: ['unknown authority', 'local issuer certificate', 'self-signed certificate', 'self signed certificate'],
    re: /x509: certificate signed by unknown authority|unable to get local issuer certificate|self[- ]signed certificate in certificate chain/i,
    generic: true,
    meaning: 'TLS verification failed: something between you and the registry presents its own certificate.',
    sources: ['moby#20912', 'moby#36820'],
    modes: [
      {
        id: 'registry.unreachable',
        confidence: 'high',
        causes: ['a TLS-intercepting proxy whose CA is not installed (add it to the OS store and restart the daemon; NODE_EXTRA_CA_CERTS for ghcr-doctor)'],
      },
    ],
  },
  {
    key: 'dns',
    foreignWhat: 'name resolution failure',
    needles: ['lookup ', 'could not resolve host', 'getaddrinfo'],
    re: /\blookup \S+(?: on \S+)?: (?:no such host|try again|server misbehaving|read udp .{0,80}(?:connection refused|i\/o timeout)|i\/o timeout)|could not resolve host|getaddrinfo (?:enotfound|eai_again)/i,
    generic: true,
    meaning: 'The registry host name could not be resolved.',
    sources: ['Termix-SSH/Support#186', 'containerd#10709'],
    modes: [{ id: 'registry.unreachable', confidence: 'high', causes: ["no working DNS resolver on this machine (or in the daemon's environment)"] }],
  },
  {
    key: 'network-unreachable',
    needles: ['network is unreachable', 'address family for hostname'],
    re: /connect: network is unreachable|address family for hostname not supported/i,
    generic: true,
    meaning: 'No route to the registry: typically an IPv6-only host (ghcr.io has historically had no AAAA record).',
    sources: ['silverbulletmd/silverbullet#1280', 'spantaleev/matrix-docker-ansible-deploy#3123', 'siderolabs/talos#6281'],
    modes: [{ id: 'registry.unreachable', confidence: 'high', causes: ['an IPv6-only or broken-IPv6 host: use NAT64/DNS64, an IPv4 address or a proxy'] }],
  },
  {
    key: 'proxy',
    needles: ['proxyconnect', 'proxy authentication required', '407 proxy'],
    re: /proxyconnect tcp|proxy authentication required|\b407 proxy/i,
    generic: true,
    meaning: 'The HTTP proxy refused or failed the connection.',
    sources: ['§H3 proxies'],
    modes: [
      {
        id: 'registry.unreachable',
        confidence: 'high',
        causes: ['the proxy needs credentials or blocks ghcr.io / pkg-containers.githubusercontent.com (dockerd needs HTTPS_PROXY in a systemd drop-in)'],
      },
    ],
  },
  {
    key: 'connection-broken',
    // The error phrase is the rarer part of the line, so it is the needle. The host and the error are at most
    // 2000 characters apart (a signed blob URL, then the message): an unbounded \S* before a lazy gap
    // backtracked quadratically on a long line full of ghcr.io/ (a 16 KB line took 10 s).
    needles: ['connection reset by peer', 'eof', 'i/o timeout', 'tls handshake timeout', 'client.timeout exceeded', 'context deadline exceeded'],
    re: /(?:ghcr\.io|pkg-containers\.githubusercontent\.com).{0,2000}?(?:connection reset by peer|:\s*EOF\b|i\/o timeout|tls handshake timeout|client\.timeout exceeded|context deadline exceeded)/i,
    meaning: 'The connection to GHCR was cut or timed out.',
    sources: ['cloudtty/cloudtty#444', 'DigneZzZ/remnawave-scripts#15', 'buildkite/cleanroom#330'],
    modes: [
      {
        id: 'registry.unreachable',
        confidence: 'medium',
        causes: ['a proxy or firewall cuts the connection (allow pkg-containers.githubusercontent.com too)', 'broken IPv6: prefer IPv4 (/etc/gai.conf)'],
      },
      { id: 'status.degraded', confidence: 'low', causes: ['a GitHub Packages incident'] },
    ],
  },
  {
    key: 'connection-reset',
    foreignWhat: 'connection failure',
    needles: ['connection reset by peer', 'tls handshake timeout', 'client.timeout exceeded'],
    re: /read: connection reset by peer|net\/http: tls handshake timeout|client\.timeout exceeded while awaiting headers/i,
    generic: true,
    meaning: 'The connection was cut or timed out before the registry answered.',
    sources: ['DigneZzZ/remnawave-scripts#15'],
    modes: [
      {
        id: 'registry.unreachable',
        confidence: 'medium',
        causes: ['broken IPv6 path: prefer IPv4 (`precedence ::ffff:0:0/96 100` in /etc/gai.conf)', 'a proxy or firewall resets the connection'],
      },
    ],
  },
  {
    key: 'rate-limited',
    foreignWhat: 'rate limit',
    needles: ['toomanyrequests', '429 too many requests', 'api rate limit exceeded', 'secondary rate limit'],
    re: /toomanyrequests|\b429 too many requests|api rate limit exceeded|secondary rate limit/i,
    generic: true,
    meaning: 'Rate limited by the registry or the GitHub API.',
    sources: ['github/docs#24504'],
    modes: [
      {
        id: 'registry.rate-limited',
        confidence: 'high',
        causes: ['too many requests; unauthenticated API calls are limited hardest, so authenticate and retry later'],
      },
    ],
  },
  {
    key: 'server-error',
    foreignWhat: 'server error',
    needles: ['internal server error', 'bad gateway', 'service unavailable', 'gateway time'],
    re: /\b50[0234]\b:?\s*(?:internal server error|bad gateway|service unavailable|gateway time-?out)/i,
    generic: true,
    meaning: 'GHCR answered with a server error.',
    sources: ['§1.6 status', 'letsblockit/letsblockit#291'],
    modes: [
      { id: 'status.degraded', confidence: 'medium', causes: ['a GitHub Packages incident: check githubstatus.com and retry'] },
      { id: 'registry.unreachable', confidence: 'low', causes: ['a proxy in between fails'] },
    ],
  },
  {
    key: 'workflow-permissions-409',
    needles: ['write permissions for workflows'],
    re: /write permissions for workflows are disabled by the organization/i,
    meaning: 'The organization enforces read-only GITHUB_TOKEN defaults; the repository setting cannot be changed.',
    sources: ['octopusreview/octopus#580'],
    modes: [
      { id: 'actions.default-token-read-only', confidence: 'high', causes: ['organization policy keeps the default token read-only'] },
      {
        id: 'workflow.missing-packages-write',
        confidence: 'medium',
        causes: ['declare `permissions: packages: write` in the job instead: that works under the policy'],
      },
    ],
  },
  {
    key: 'packages-invalid-argument',
    needles: ['invalid argument'],
    re: /"message"\s*:\s*"invalid argument\.?"|\b400\b.{0,80}invalid argument|invalid argument.{0,80}\/packages/i,
    meaning: 'GET /orgs/{org}/packages refuses GITHUB_TOKEN: a known limitation, not a permissions setting.',
    sources: ['cli/cli#9606'],
    modes: [
      {
        id: 'token.app-installation',
        confidence: 'medium',
        causes: ['GITHUB_TOKEN (an installation token) cannot list organization packages: use a classic PAT with read:packages'],
      },
    ],
  },
  {
    key: 'resource-not-accessible',
    needles: ['not accessible by integration'],
    re: /resource not accessible by integration/i,
    meaning: "The workflow's GITHUB_TOKEN was refused by the GitHub API: the job's permissions do not cover this call.",
    tellApart:
      'Listing, deleting or changing packages with GITHUB_TOKEN needs `packages: write` in the job, and deleting a version also needs this repository to have Admin on the package (Manage Actions access); otherwise use a classic PAT with delete:packages.',
    sources: ['dataaxiom/ghcr-cleanup-action#28'],
    modes: [
      {
        id: 'workflow.missing-packages-write',
        confidence: 'high',
        causes: ["the job's `permissions:` do not grant packages: write (an explicit block sets every unlisted scope to none)"],
      },
      {
        id: 'package.not-linked',
        confidence: 'medium',
        causes: ["deleting package versions with GITHUB_TOKEN needs this repository to have the Admin role under the package's Manage Actions access"],
      },
      {
        id: 'actions.default-token-read-only',
        confidence: 'medium',
        causes: ['the default GITHUB_TOKEN is read-only and the workflow declares no permissions'],
      },
      { id: 'token.app-installation', confidence: 'low', causes: ['a GitHub App installation token: those cannot manage packages'] },
    ],
  },
  {
    key: 'package-not-found-api',
    needles: ['package not found', 'not found for owner', 'delete version api failed'],
    re: /\bpackage not found\b|\bpackage: \S+ not found for owner\b|delete version api failed/i,
    meaning: 'The GitHub packages API does not show this package to this token: it is hidden from it, or the name is wrong.',
    tellApart:
      'With GITHUB_TOKEN: the repository must have Read (list) or Admin (delete) on the package under Manage Actions access; with a PAT: read:packages (and delete:packages to delete). A nested package is named `repo/name` (%2F in the URL).',
    sources: ['actions/delete-package-versions#57', 'bots-house/ghcr-delete-image-action#105', 'vlaurin/action-ghcr-prune#64', 'canonical/authd#1376'],
    modes: [
      {
        id: 'package.not-linked',
        confidence: 'high',
        causes: ['GITHUB_TOKEN sees and deletes only packages that grant this repository access (Manage Actions access: Read to list, Admin to delete)'],
      },
      { id: 'token.missing-scope', confidence: 'medium', causes: ['a classic PAT without read:packages (and delete:packages to delete)'] },
      { id: 'package.not-found', confidence: 'low', causes: ['the package name is wrong (nested packages are named `repo/name`) or the package was deleted'] },
    ],
  },
  {
    key: 'name-unknown',
    needles: ['name unknown', 'name_unknown'],
    re: /\bname unknown\b|\bname_unknown\b/i,
    generic: true,
    foreignWhat: 'missing image (name unknown)',
    meaning: 'The registry has no package (repository) of this name visible to this credential.',
    tellApart: 'Check the owner and name (nested names are `owner/repo/name`); a private package you cannot read can look missing too.',
    sources: ['podtato-head/podtato-head#66'],
    modes: [
      {
        id: 'registry.tag-missing',
        confidence: 'high',
        causes: ['the image name (owner or package) is wrong, or the package was never pushed or was deleted'],
      },
      { id: 'package.private', confidence: 'low', causes: ['a private package this credential cannot read'] },
    ],
  },
  {
    key: 'manifest-unknown',
    foreignWhat: 'missing tag or image (manifest unknown)',
    needles: ['manifest unknown', 'manifest_unknown'],
    re: /manifest unknown|manifest_unknown/i,
    generic: true,
    meaning: 'The tag or digest does not exist: this is not an authentication problem.',
    sources: ['basecamp/once-campfire#14', 'authelia/authelia#2400', 'nfrastack/db-backup#568', 'seed runbook 001'],
    modes: [
      {
        id: 'registry.tag-missing',
        confidence: 'high',
        causes: [':latest was never pushed, the version was pruned by a retention policy, or the package was deleted'],
      },
    ],
  },
  {
    key: 'containerd-not-found',
    foreignWhat: 'missing tag or image',
    needles: ['failed to resolve reference'],
    re: /failed to resolve reference "[^"]+":\s*\S+:\s*not found/i,
    generic: true,
    meaning: 'containerd could not find the tag.',
    sources: ['containerd remotes/docker wording'],
    modes: [{ id: 'registry.tag-missing', confidence: 'medium', causes: ['the tag does not exist (or a private package answered as if it did not)'] }],
  },
  {
    key: 'bare-unexpected-status',
    needles: ['unexpected status:'],
    re: /unexpected status:\s*40[13]\b/i,
    generic: true,
    foreignWhat: 'access denial',
    meaning: 'buildkit/containerd got 401/403 without saying from where: the step it happened in tells what was refused.',
    sources: ['docker/build-push-action#687', 'kubernetes/kubernetes#66162'],
    modes: [
      { id: 'package.private', confidence: 'medium', causes: ['a pull of a private package without access'] },
      { id: 'token.stale-stored', confidence: 'medium', causes: ['a stale credential stored for ghcr.io is sent and refused'] },
      { id: 'registry.pull-denied', confidence: 'medium', causes: ['the credential has no read access to this package'] },
    ],
    byPhase: {
      push: [
        { id: 'registry.push-denied', confidence: 'high', causes: ['the registry refused the push for the credential sent'] },
        {
          id: 'package.not-linked',
          confidence: 'medium',
          causes: ["GITHUB_TOKEN: this repository is not in the package's Manage Actions access list with Write"],
        },
        { id: 'workflow.missing-packages-write', confidence: 'medium', causes: ['the job lacks `permissions: packages: write`'] },
        { id: 'token.missing-scope', confidence: 'medium', causes: ['a classic PAT without write:packages'] },
      ],
      login: [
        { id: 'registry.login-rejected', confidence: 'high', causes: ['the registry refused the username/token pair given to the login'] },
        { id: 'token.invalid', confidence: 'high', causes: ['the classic PAT expired or was revoked'] },
        { id: 'token.fine-grained', confidence: 'medium', causes: ['a fine-grained PAT (github_pat_…): GHCR accepts classic PATs only'] },
      ],
    },
  },
  {
    key: 'denied-denied',
    foreignWhat: 'access denial',
    needles: ['denied'],
    re: /\bdenied:\s*denied\b/i,
    generic: true,
    meaning: 'GHCR refused the credentials sent, without details.',
    sources: ['letsblockit/letsblockit#291', 'dexidp/dex#2672'],
    byPhase: {
      push: [
        { id: 'registry.push-denied', confidence: 'high', causes: ['the registry refused the push for the credential sent'] },
        {
          id: 'package.not-linked',
          confidence: 'medium',
          causes: ["GITHUB_TOKEN: this repository is not in the package's Manage Actions access list with Write"],
        },
        { id: 'workflow.missing-packages-write', confidence: 'medium', causes: ['the job lacks `permissions: packages: write`'] },
        { id: 'token.missing-scope', confidence: 'medium', causes: ['a classic PAT without write:packages'] },
      ],
      login: [
        { id: 'registry.login-rejected', confidence: 'high', causes: ['the registry refused the username/token pair given to the login'] },
        { id: 'token.invalid', confidence: 'high', causes: ['the classic PAT expired or was revoked'] },
        { id: 'token.fine-grained', confidence: 'medium', causes: ['a fine-grained PAT (github_pat_…): GHCR accepts classic PATs only'] },
      ],
    },
    modes: [
      { id: 'token.stale-stored', confidence: 'medium', causes: ['a stale credential stored for ghcr.io'] },
      { id: 'token.invalid', confidence: 'medium', causes: ['the token expired or was revoked'] },
      { id: 'registry.login-rejected', confidence: 'medium', causes: ['the token endpoint refused the credentials'] },
      { id: 'status.degraded', confidence: 'low', causes: ['a transient GHCR-side problem'] },
    ],
  },
  {
    key: 'fine-grained-token-seen',
    needles: ['github_pat_'],
    re: /\bgithub_pat_[A-Za-z0-9_]{20,}/,
    meaning: 'A fine-grained personal access token appears in the text.',
    sources: ['docker/login-action#331'],
    // A github_pat_ in a log of a GHCR failure is the token in use more often than not: GHCR never accepts it.
    modes: [{ id: 'token.fine-grained', confidence: 'high', causes: ['GHCR accepts classic PATs (ghp_) only; and a token printed in a log must be revoked'] }],
  },
  {
    key: 'oauth-token-seen',
    needles: ['gho_'],
    re: /\bgho_[A-Za-z0-9]{20,}/,
    meaning: 'A gh OAuth token appears in the text.',
    sources: ['cli/cli#5150'],
    modes: [
      { id: 'token.oauth-app', confidence: 'low', causes: ['`gh auth token` output used as the registry password; needs `gh auth refresh -s write:packages`'] },
    ],
  },
];
