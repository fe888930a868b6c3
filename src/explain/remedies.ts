import type { FindingId } from '../engine/catalog.js';
import { fix } from '../engine/findings.js';
import type { Fix } from '../engine/types.js';
import { newTokenUrl } from '../ghcr/github-api.js';
import type { ImageHint } from './image-hint.js';
import type { TextContext } from './log-context.js';

/** How to confirm a failure mode with a ghcr-doctor run, and how to fix it, per finding id. */
export interface Remedy {
  confirm: string[];
  fixes: Fix[];
}

const API = 'https://api.github.com';
const PUSH_TOKEN_URL = newTokenUrl(API, ['write:packages']);
const PULL_TOKEN_URL = newTokenUrl(API, ['read:packages']);

function packageSettingsLinks(hint: ImageHint | undefined): string[] {
  const owner = hint?.owner ?? 'OWNER';
  const name = encodeURIComponent(hint?.name ?? 'NAME');
  return [
    `https://github.com/orgs/${owner}/packages/container/${name}/settings`,
    `https://github.com/users/${owner}/packages/container/${name}/settings`,
  ];
}

const PERMISSIONS_SNIPPET = 'permissions:   # in the job that pushes\n  contents: read\n  packages: write';
/** podman keeps a login in $XDG_RUNTIME_DIR (lost at reboot) unless told to use a persistent file. */
const PODMAN_AUTHFILE = '~/.config/containers/auth.json';
const PODMAN_LOGIN = `podman login --authfile ${PODMAN_AUTHFILE} ghcr.io -u USER --password-stdin`;

function baseRemedy(id: FindingId, hint: ImageHint | undefined): Remedy {
  const image = hint?.ref ?? 'ghcr.io/OWNER/NAME';
  const diagnose = `ghcr-doctor --ci --image ${image}`;
  const withRepo = `${diagnose} --repo OWNER/REPO`;
  const onServer = `${diagnose} --ssh USER@HOST`;
  const lint = 'ghcr-doctor lint .github/workflows';
  const login = `printf %s "$GHCR_TOKEN" | docker login ghcr.io -u USER --password-stdin`;
  switch (id) {
    case 'token.missing-scope':
      return {
        confirm: [diagnose],
        fixes: [fix('token.add-scope', 'Give the classic PAT write:packages (push) or read:packages (pull); it can be edited in place', { kind: 'manual', links: [PUSH_TOKEN_URL] })],
      };
    case 'token.invalid':
      return {
        confirm: [diagnose],
        fixes: [
          fix('token.rotate', 'Create a new classic PAT and update every stored copy (Actions secret, server login)', { kind: 'manual', links: [PUSH_TOKEN_URL] }),
          fix('token.relogin', 'Log in again, piping the token on stdin', { commands: [login] }),
        ],
      };
    case 'token.malformed':
      return {
        confirm: [`${diagnose} --token-file PATH`],
        fixes: [fix('token.strip', 'Store the token as one line without spaces, CR or BOM', { commands: ["tr -d ' \\r\\n\\t\\357\\273\\277' < PATH > PATH.clean && mv PATH.clean PATH && chmod 600 PATH"] })],
      };
    case 'token.fine-grained':
      return {
        confirm: [diagnose],
        fixes: [fix('token.use-classic', 'Use a classic PAT (ghp_) with write:packages, or GITHUB_TOKEN inside Actions', { kind: 'manual', links: [PUSH_TOKEN_URL] })],
      };
    case 'token.oauth-app':
      return {
        confirm: [diagnose],
        fixes: [fix('token.gh-refresh', 'Give the gh token the packages scope, then log in with it', { commands: ['gh auth refresh -h github.com -s write:packages', 'gh auth token | docker login ghcr.io -u USER --password-stdin'] })],
      };
    case 'token.app-installation':
      return {
        confirm: [diagnose],
        fixes: [fix('token.use-github-token-or-pat', 'Inside Actions use GITHUB_TOKEN; elsewhere a machine user\'s classic PAT', { kind: 'manual', links: [PULL_TOKEN_URL] })],
      };
    case 'token.sso-unauthorized':
      return {
        confirm: [diagnose],
        fixes: [fix('token.authorize-sso', 'Authorize the token for the organization: Settings → Developer settings → the token → Configure SSO', { kind: 'manual', links: ['https://github.com/settings/tokens'] })],
      };
    case 'token.org-policy':
      return {
        confirm: [diagnose],
        fixes: [fix('token.follow-org-policy', 'Ask an organization owner to allow classic PATs (or issue a shorter-lived one); in Actions use GITHUB_TOKEN', { kind: 'manual' })],
      };
    case 'token.stale-stored':
      return {
        confirm: [diagnose],
        fixes: [
          fix('token.logout-stale', 'Remove the stale credential (both files: podman also reads ~/.docker/config.json), then log in again if the package is private', {
            commands: ['docker logout ghcr.io', `podman logout --authfile ${PODMAN_AUTHFILE} ghcr.io`, 'podman logout ghcr.io', login],
          }),
        ],
      };
    case 'token.not-found':
      return {
        confirm: [diagnose],
        fixes: [fix('token.login', 'Log in for ghcr.io with a classic PAT, piped on stdin', { commands: [login], links: [PULL_TOKEN_URL] })],
      };
    case 'image.uppercase':
      return {
        confirm: [diagnose],
        fixes: [fix('image.lowercase', 'Lowercase the owner and name', { commands: ['echo "IMAGE=ghcr.io/${GITHUB_REPOSITORY,,}" >> "$GITHUB_ENV"'] })],
      };
    case 'image.host-typo':
      return { confirm: [diagnose], fixes: [fix('image.use-ghcr-host', 'Tag and push to ghcr.io (check the spelling of the host in every tag)', { kind: 'manual' })] };
    case 'registry.unreachable':
      return {
        confirm: [`${diagnose}   # on the machine that failed`],
        fixes: [
          fix('network.check', 'Check DNS, IPv4 reachability, the proxy (dockerd reads HTTPS_PROXY from a systemd drop-in) and that pkg-containers.githubusercontent.com:443 is allowed', {
            commands: ['curl -sv https://ghcr.io/v2/'],
          }),
        ],
      };
    case 'registry.login-rejected':
      return {
        confirm: [diagnose],
        fixes: [fix('token.relogin', 'Log in with a valid classic PAT, piped on stdin', { commands: [login], links: [PUSH_TOKEN_URL] })],
      };
    case 'registry.pull-denied':
      return {
        confirm: [withRepo],
        fixes: [fix('package.grant-read', 'Grant the repository (Manage Actions access) or the user Read on the package', { kind: 'manual', links: packageSettingsLinks(hint) })],
      };
    case 'registry.push-denied':
      return {
        confirm: [`${withRepo} --probe session`],
        fixes: [fix('package.grant-write', 'Check the namespace you push to; give the repository Write under Manage Actions access', { kind: 'manual', links: packageSettingsLinks(hint) })],
      };
    case 'registry.tag-missing':
      return {
        confirm: [diagnose],
        fixes: [fix('tag.check', 'Push the tag, or pull one that exists (list the versions in the package page)', { kind: 'manual', links: packageSettingsLinks(hint).map((l) => l.replace(/\/settings$/, '')) })],
      };
    case 'registry.rate-limited':
      return { confirm: [diagnose], fixes: [fix('rate.wait', 'Authenticate every call and retry after the reset time', { kind: 'manual' })] };
    case 'package.creation-restricted':
      return {
        confirm: [`${withRepo} --probe session`],
        fixes: [fix('org.package-creation', 'An organization owner allows members to create packages of this visibility: Organization settings → Packages → Package creation', { kind: 'manual', links: [`https://github.com/organizations/${hint?.owner ?? 'ORG'}/settings/packages`] })],
      };
    case 'package.private':
      return {
        confirm: [`${diagnose} --expect-public`],
        fixes: [
          fix('token.login', 'Log in with a read:packages classic PAT where the pull runs', { commands: [login], links: [PULL_TOKEN_URL] }),
          fix('package.make-public', 'Or, if the image is meant for everyone, make the package public (Package settings → Danger Zone)', { kind: 'manual', links: packageSettingsLinks(hint) }),
        ],
      };
    case 'package.not-linked':
      return {
        confirm: [withRepo],
        fixes: [
          fix('package.manage-actions-access', 'Package settings → Manage Actions access → Add repository → Role Write (no API exists for this)', { kind: 'manual', links: packageSettingsLinks(hint) }),
          fix('package.source-label', 'Link future packages at creation with the source label', { commands: ['LABEL org.opencontainers.image.source=https://github.com/OWNER/REPO'] }),
        ],
      };
    case 'actions.secret-missing':
      return {
        confirm: [`${withRepo} --secret-name GHCR_TOKEN`],
        fixes: [fix('actions.set-secret', 'Define the secret in the repository (or pass GITHUB_TOKEN) and reference it as secrets.NAME', { commands: ['gh secret set GHCR_TOKEN --repo OWNER/REPO'] })],
      };
    case 'actions.default-token-read-only':
      return {
        confirm: [withRepo],
        fixes: [fix('workflow.add-packages-write', 'Declare the permission in the job instead of relying on the default', { commands: [PERMISSIONS_SNIPPET] })],
      };
    case 'workflow.missing-packages-write':
      return {
        confirm: [lint, withRepo],
        fixes: [fix('workflow.add-packages-write', 'Add to the job that pushes', { commands: [PERMISSIONS_SNIPPET] })],
      };
    case 'workflow.uppercase-image-ref':
      return { confirm: [lint], fixes: [fix('workflow.lowercase-ref', 'Lowercase the ref in the workflow', { commands: ['echo "IMAGE=ghcr.io/${GITHUB_REPOSITORY,,}" >> "$GITHUB_ENV"'] })] };
    case 'workflow.host-key-checking-disabled':
      return { confirm: [lint], fixes: [fix('workflow.pin-host-key', 'Pin the server\'s host key from a secret instead of disabling checking', { commands: ['echo "$SERVER_KNOWN_HOSTS" >> ~/.ssh/known_hosts'] })] };
    case 'workflow.token-in-command-line':
      return { confirm: [lint], fixes: [fix('workflow.password-stdin', 'Pipe the token on stdin', { commands: [login] })] };
    case 'workflow.github-token-on-server':
    case 'server.actions-token-stored':
      return {
        confirm: [onServer],
        fixes: [fix('server.own-credential', 'Give the server its own long-lived read:packages classic PAT, piped over ssh stdin', { commands: [`printf %s "$GHCR_READ_TOKEN" | ssh USER@HOST '${PODMAN_LOGIN}'`], links: [PULL_TOKEN_URL] })],
      };
    case 'workflow.push-on-fork-pr':
      return { confirm: [lint], fixes: [fix('workflow.fork-guard', 'Only log in and push when the PR comes from this repository', { commands: ["if: github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository"] })] };
    case 'ssh.unreachable':
    case 'ssh.auth-failed':
    case 'ssh.host-key-unknown':
    case 'ssh.host-key-mismatch':
      return { confirm: [onServer], fixes: [fix('ssh.verify-host', 'Check host, port and key; pin the host key with --host-key SHA256:… after verifying it out of band', { kind: 'manual' })] };
    case 'server.not-logged-in':
      return {
        confirm: [onServer],
        fixes: [fix('server.login-as-service-user', 'Log in as the user that runs the pull, into a persistent file', { commands: [`printf %s "$GHCR_READ_TOKEN" | ssh USER@HOST '${PODMAN_LOGIN}'`] })],
      };
    case 'server.auth-ephemeral':
      return {
        confirm: [onServer],
        fixes: [fix('server.persistent-authfile', 'Keep the podman login in ~/.config/containers/auth.json (REGISTRY_AUTH_FILE) and enable linger', { commands: [PODMAN_LOGIN, 'loginctl enable-linger USER'] })],
      };
    case 'server.stored-token-invalid':
      return { confirm: [onServer], fixes: [fix('server.relogin', 'Replace the credential stored on the server with a valid read:packages PAT', { commands: [`printf %s "$GHCR_READ_TOKEN" | ssh USER@HOST '${PODMAN_LOGIN}'`] })] };
    case 'server.credential-helper-broken':
      return { confirm: [onServer], fixes: [fix('server.drop-creds-store', 'Remove "credsStore" from ~/.docker/config.json (or install and init pass), then log in again', { kind: 'manual' })] };
    case 'server.clock-skew':
      return { confirm: [onServer], fixes: [fix('server.ntp', 'Turn on time synchronisation', { commands: ['sudo timedatectl set-ntp true'] })] };
    case 'status.degraded':
      return { confirm: [diagnose], fixes: [fix('status.wait', 'Check GitHub status and retry later', { kind: 'manual', links: ['https://www.githubstatus.com'] })] };
    default:
      return { confirm: [diagnose], fixes: [] };
  }
}

/** Failure modes of a credential that a cluster node uses to pull: fixed with an image pull secret. */
const PULL_CREDENTIAL_IDS = new Set<FindingId>([
  'package.private', 'token.not-found', 'token.missing-scope', 'token.stale-stored', 'token.invalid', 'token.malformed', 'token.fine-grained',
  'registry.pull-denied', 'registry.login-rejected', 'server.not-logged-in', 'server.stored-token-invalid', 'server.auth-ephemeral',
]);
const SERVER_FIX = /^server\./;

function kubernetesRemedy(id: FindingId, hint: ImageHint | undefined, base: Remedy): Remedy {
  const image = hint?.ref ?? 'ghcr.io/OWNER/NAME';
  const secret = fix('k8s.pull-secret', 'Create an image pull secret for ghcr.io in the pod\'s namespace from a read:packages classic PAT (built from a docker config file, so the token is not in argv)', {
    commands: [
      'docker --config /tmp/ghcr-pull login ghcr.io -u USER --password-stdin < ~/.ghcr_token',
      'kubectl create secret docker-registry ghcr-pull --from-file=.dockerconfigjson=/tmp/ghcr-pull/config.json -n NAMESPACE && rm -rf /tmp/ghcr-pull',
    ],
    links: [PULL_TOKEN_URL],
  });
  const secretFlags = fix('k8s.pull-secret-flags', 'Or with flags (the token is briefly in kubectl\'s argv)', {
    commands: ['kubectl create secret docker-registry ghcr-pull --docker-server=ghcr.io --docker-username=USER --docker-password="$(cat ~/.ghcr_token)" -n NAMESPACE'],
  });
  const podSpec = fix('k8s.image-pull-secrets', 'Reference it from the pod spec (or the namespace\'s default service account)', {
    kind: 'manual',
    commands: ['spec:\n  imagePullSecrets:\n    - name: ghcr-pull'],
  });
  // The registry-side fixes stay (grant read, add the scope); the server login ones do not apply to a cluster.
  const rest = base.fixes.filter((f) => !SERVER_FIX.test(f.id) && f.id !== 'token.login' && f.id !== 'token.relogin' && f.id !== 'token.logout-stale');
  return {
    confirm: [
      'kubectl describe pod POD -n NAMESPACE   # Events: the kubelet\'s pull error',
      `kubectl get secret ghcr-pull -n NAMESPACE -o yaml | ghcr-doctor --ci --image ${image} --intent pull --pull-secret -`,
    ],
    fixes: [secret, secretFlags, podSpec, ...rest],
  };
}

/** docker login commands become podman logins into the persistent auth file. */
function podmanRemedy(base: Remedy): Remedy {
  const toPodman = (c: string) => c.replace(/\| docker login ghcr\.io -u USER --password-stdin/, `| ${PODMAN_LOGIN}`);
  return { confirm: base.confirm, fixes: base.fixes.map((f) => ({ ...f, commands: f.commands.map(toPodman) })) };
}

/** How to confirm and fix a failure mode, for where the error came from (a cluster, podman, elsewhere). */
export function remedyFor(id: FindingId, hint: ImageHint | undefined, where: Partial<TextContext> = {}): Remedy {
  const base = baseRemedy(id, hint);
  if (where.kubelet && PULL_CREDENTIAL_IDS.has(id)) return kubernetesRemedy(id, hint, base);
  if (where.podman) return podmanRemedy(base);
  return base;
}
