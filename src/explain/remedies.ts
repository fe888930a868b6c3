import type { FindingId } from '../engine/catalog.js';
import { fix, PODMAN_LOGIN, type FixEnv } from '../engine/fixes.js';
import type { Fix } from '../engine/types.js';
import { packageSettingsUrl } from '../ghcr/web-urls.js';
import type { ImageHint } from './image-hint.js';
import type { TextContext } from './log-context.js';

/** How to confirm a failure mode with a ghcr-doctor run, and how to fix it, per finding id. */
export interface Remedy {
  confirm: string[];
  fixes: Fix[];
}

// explain runs offline and knows no --api-url: its links are github.com's.
const ENV: FixEnv = { apiUrl: 'https://api.github.com' };

/** The package's settings page for either kind of owner (explain cannot ask which), named by the error or placeholders. */
function packageSettings(hint: ImageHint | undefined): { settingsUrls: string[] } {
  const owner = hint?.owner ?? 'OWNER';
  const name = hint?.name ?? 'NAME';
  return { settingsUrls: [packageSettingsUrl(ENV.apiUrl, owner, name, 'Organization'), packageSettingsUrl(ENV.apiUrl, owner, name, 'User')] };
}

const PERMISSIONS_SNIPPET = 'permissions:   # in the job that pushes\n  contents: read\n  packages: write';
const PODMAN_AUTHFILE = '~/.config/containers/auth.json';

function baseRemedy(id: FindingId, hint: ImageHint | undefined): Remedy {
  const image = hint?.ref ?? 'ghcr.io/OWNER/NAME';
  const diagnose = `ghcr-doctor --ci --image ${image}`;
  const withRepo = `${diagnose} --repo OWNER/REPO`;
  const onServer = `${diagnose} --ssh USER@HOST`;
  const lint = 'ghcr-doctor lint .github/workflows';
  const relogin = fix('registry.relogin', ENV, { registry: 'ghcr.io', user: 'USER', fromFile: false });
  switch (id) {
    case 'token.missing-scope':
      return {
        confirm: [diagnose],
        fixes: [fix('token.edit-scopes', ENV, { scopes: ['write:packages'] }), fix('token.create-classic', ENV, { scopes: ['write:packages'] })],
      };
    case 'token.invalid':
      return {
        confirm: [diagnose],
        fixes: [fix('token.create-classic', ENV, { scopes: ['write:packages'] }), relogin],
      };
    case 'token.malformed':
      return {
        confirm: [`${diagnose} --token-file PATH`],
        fixes: [fix('token.clean-file', ENV, { file: 'PATH', severalLines: false })],
      };
    case 'token.fine-grained':
      return {
        confirm: [diagnose],
        fixes: [fix('token.create-classic', ENV, { scopes: ['write:packages'] })],
      };
    case 'token.oauth-app':
      return {
        confirm: [diagnose],
        fixes: [fix('token.gh-refresh', ENV, { scopes: ['write:packages'] })],
      };
    case 'token.app-installation':
      return {
        confirm: [diagnose],
        fixes: [fix('token.use-github-token-or-pat', ENV)],
      };
    case 'token.sso-unauthorized':
      return {
        confirm: [diagnose],
        fixes: [fix('token.authorize-sso', ENV, {})],
      };
    case 'token.org-policy':
      return {
        confirm: [diagnose],
        fixes: [fix('token.org-policy-settings', ENV, { owner: hint?.owner })],
      };
    case 'token.stale-stored':
      return {
        confirm: [diagnose],
        fixes: [
          fix('token.logout-stale', ENV, {
            commands: ['docker logout ghcr.io', `podman logout --authfile ${PODMAN_AUTHFILE} ghcr.io`, 'podman logout ghcr.io'],
          }),
          relogin,
        ],
      };
    case 'token.not-found':
      return {
        confirm: [diagnose],
        fixes: [fix('token.create-classic', ENV, { scopes: ['read:packages'] }), relogin],
      };
    case 'image.uppercase':
      return {
        confirm: [diagnose],
        fixes: [fix('image.lowercase', ENV, {})],
      };
    case 'image.host-typo':
      return { confirm: [diagnose], fixes: [fix('image.use-ghcr-host', ENV, {})] };
    case 'registry.unreachable':
      return {
        confirm: [`${diagnose}   # on the machine that failed`],
        fixes: [fix('registry.check-connect', ENV, { host: 'ghcr.io' })],
      };
    case 'registry.login-rejected':
      return {
        confirm: [diagnose],
        fixes: [fix('token.create-classic', ENV, { scopes: ['write:packages'] }), relogin],
      };
    case 'registry.pull-denied':
      return {
        confirm: [withRepo],
        fixes: [fix('package.grant-read', ENV, packageSettings(hint))],
      };
    case 'registry.push-denied':
      return {
        confirm: [`${withRepo} --probe session`],
        fixes: [fix('package.manage-actions-access', ENV, packageSettings(hint))],
      };
    case 'registry.tag-missing':
      return {
        confirm: [diagnose],
        fixes: [fix('tag.check', ENV, { links: packageSettings(hint).settingsUrls.map((l) => l.replace(/\/settings$/, '')) })],
      };
    case 'registry.rate-limited':
      return { confirm: [diagnose], fixes: [fix('rate.wait', ENV)] };
    case 'package.creation-restricted':
      return {
        confirm: [`${withRepo} --probe session`],
        fixes: [fix('package.allow-creation', ENV, { owner: hint?.owner ?? 'ORG' })],
      };
    case 'package.private':
      return {
        confirm: [`${diagnose} --expect-public`],
        fixes: [relogin, fix('package.make-public', ENV, packageSettings(hint))],
      };
    case 'package.not-linked':
      return {
        confirm: [withRepo],
        fixes: [
          fix('package.manage-actions-access', ENV, packageSettings(hint)),
          fix('package.source-label', ENV, { repoUrl: 'https://github.com/OWNER/REPO' }),
        ],
      };
    case 'actions.secret-missing':
      return {
        confirm: [`${withRepo} --secret-name GHCR_TOKEN`],
        fixes: [fix('actions.set-secret', ENV, { secret: 'GHCR_TOKEN', repo: 'OWNER/REPO' })],
      };
    case 'actions.default-token-read-only':
      return {
        confirm: [withRepo],
        fixes: [fix('workflow.add-packages-write', ENV, { lines: [PERMISSIONS_SNIPPET] })],
      };
    case 'workflow.missing-packages-write':
      return {
        confirm: [lint, withRepo],
        fixes: [fix('workflow.add-packages-write', ENV, { lines: [PERMISSIONS_SNIPPET] })],
      };
    case 'workflow.uppercase-image-ref':
      return { confirm: [lint], fixes: [fix('workflow.lowercase-ref', ENV)] };
    case 'workflow.host-key-checking-disabled':
      return { confirm: [lint], fixes: [fix('workflow.pin-host-key', ENV, { lines: ['echo "$SERVER_KNOWN_HOSTS" >> ~/.ssh/known_hosts'] })] };
    case 'workflow.token-in-command-line':
      return { confirm: [lint], fixes: [fix('workflow.token-on-stdin', ENV, { lines: relogin.commands })] };
    case 'workflow.github-token-on-server':
    case 'server.actions-token-stored':
      return {
        confirm: [onServer],
        fixes: [fix('server.own-credential', ENV)],
      };
    case 'workflow.push-on-fork-pr':
      return { confirm: [lint], fixes: [fix('workflow.fork-guard', ENV)] };
    case 'ssh.unreachable':
    case 'ssh.auth-failed':
    case 'ssh.host-key-unknown':
    case 'ssh.host-key-mismatch':
      return { confirm: [onServer], fixes: [fix('ssh.verify-host', ENV)] };
    case 'server.not-logged-in':
      return {
        confirm: [onServer],
        fixes: [fix('server.login-as-service-user', ENV)],
      };
    case 'server.auth-ephemeral':
      return {
        confirm: [onServer],
        fixes: [fix('server.persistent-authfile', ENV)],
      };
    case 'server.stored-token-invalid':
      return { confirm: [onServer], fixes: [fix('server.relogin', ENV)] };
    case 'server.credential-helper-broken':
      return { confirm: [onServer], fixes: [fix('server.drop-creds-store', ENV)] };
    case 'server.clock-skew':
      return { confirm: [onServer], fixes: [fix('server.enable-ntp', ENV)] };
    case 'status.degraded':
      return { confirm: [diagnose], fixes: [fix('status.wait', ENV)] };
    default:
      return { confirm: [diagnose], fixes: [] };
  }
}

/** Failure modes of a credential that a cluster node uses to pull: fixed with an image pull secret. */
const PULL_CREDENTIAL_IDS = new Set<FindingId>([
  'package.private',
  'token.not-found',
  'token.missing-scope',
  'token.stale-stored',
  'token.invalid',
  'token.malformed',
  'token.fine-grained',
  'registry.pull-denied',
  'registry.login-rejected',
  'server.not-logged-in',
  'server.stored-token-invalid',
  'server.auth-ephemeral',
]);
const SERVER_FIX = /^server\./;

function kubernetesRemedy(id: FindingId, hint: ImageHint | undefined, base: Remedy): Remedy {
  const image = hint?.ref ?? 'ghcr.io/OWNER/NAME';
  const secret = fix('k8s.pull-secret', ENV);
  const secretFlags = fix('k8s.pull-secret-flags', ENV);
  const podSpec = fix('k8s.image-pull-secrets', ENV);
  // The registry-side fixes stay (grant read, add the scope); the server login ones do not apply to a cluster.
  const rest = base.fixes.filter((f) => !SERVER_FIX.test(f.id) && f.id !== 'registry.relogin' && f.id !== 'token.logout-stale');
  return {
    confirm: [
      "kubectl describe pod POD -n NAMESPACE   # Events: the kubelet's pull error",
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
