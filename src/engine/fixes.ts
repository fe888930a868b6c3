/**
 * The one table of fixes, beside the finding catalog: every fix a finding or an explanation can carry,
 * by id. A fix id is public (JSON `fixes[].id`, explain --json): add, never rename. Titles, links and
 * commands are built here from the run's environment (the API URL drives every web link, so GitHub
 * Enterprise Server users get their own host) and from the few facts the caller knows (scopes, a file).
 * `action` names the change ghcr-doctor itself can make for that fix in a terminal (src/fixes/).
 */
import type { Fix, FixKind } from './types.js';
import { shellQuote } from '../ssh/shell.js';
import { newTokenUrl, orgPackagesSettingsUrl, orgTokenPolicyUrl, repoActionsSettingsUrl, repoSecretsUrl, tokensUrl, webHost } from '../ghcr/web-urls.js';

export interface FixEnv {
  /** The GitHub API URL of the run (`--api-url`); web links are derived from it. */
  apiUrl: string;
  /**
   * Where a fix's commands run when they belong to the machine the finding is about: 'local' for this
   * machine, `USER@HOST:PORT` for a deploy server. Unknown (explain, which has no run) leaves runOn out.
   */
  target?: 'local' | string;
}

/** What ghcr-doctor can do itself for a fix, with consent, in a terminal (src/fixes/index.ts). */
export type FixActionKind = 'new-token' | 'repo-secret' | 'web-page' | 'server-token-file' | 'server-login';

/**
 * Where the commands run: on this machine ('local'), or on the machine the finding is about ('target':
 * the deploy server for server findings, this machine for local ones). Fixes done on a web page have none.
 */
type FixPlace = 'local' | 'target';

interface FixDefinition<P> {
  kind: FixKind;
  runOn?: FixPlace;
  title(p: P): string;
  links?(env: FixEnv, p: P): string[];
  commands?(env: FixEnv, p: P): string[];
  action?: FixActionKind;
}

function def<P = Record<string, never>>(d: FixDefinition<P>): FixDefinition<P> {
  return d;
}

const LOGIN_FROM_STDIN = (registry: string, user: string) =>
  `printf %s "$GHCR_TOKEN" | docker login ${shellQuote(registry)} -u ${shellQuote(user)} --password-stdin`;
/** podman keeps a login in $XDG_RUNTIME_DIR (lost at reboot) unless told to use a persistent file. */
export const PODMAN_LOGIN = 'podman login --authfile ~/.config/containers/auth.json ghcr.io -u USER --password-stdin';
const SSH_LOGIN = `printf %s "$GHCR_READ_TOKEN" | ssh USER@HOST '${PODMAN_LOGIN}'`;
const PULL_SCOPES = ['read:packages'];
const PULL_SECRET_DOCS = 'https://kubernetes.io/docs/tasks/configure-pod-container/pull-image-private-registry/';

export const FIXES = {
  // A new or changed token.
  'token.create-classic': def<{ scopes: string[] }>({
    kind: 'manual',
    title: (p) => `Create a personal access token (classic) with ${p.scopes.join(', ')}; update every stored copy (CI secrets, servers)`,
    links: (env, p) => [newTokenUrl(env.apiUrl, p.scopes)],
    action: 'new-token',
  }),
  'token.edit-scopes': def<{ scopes: string[] }>({
    kind: 'manual',
    title: (p) => `Add ${p.scopes.join(', ')} to the token (classic tokens keep their value when edited)`,
    links: (env) => [tokensUrl(env.apiUrl)],
    action: 'new-token',
  }),
  'token.gh-refresh': def<{ scopes: string[] }>({
    kind: 'command',
    runOn: 'local',
    title: (p) => `Give the gh token ${p.scopes.join(', ')}`,
    commands: (env, p) => [`gh auth refresh -h ${webHost(env.apiUrl)} -s ${p.scopes.join(',')}`],
  }),
  'token.store-file': def({
    kind: 'command',
    runOn: 'local',
    title: () => 'Save it in ~/.ghcr_token, readable only by you',
    commands: () => ['install -m 600 /dev/null ~/.ghcr_token', '${EDITOR:-vi} ~/.ghcr_token'],
    action: 'new-token',
  }),
  'token.clean-file': def<{ file: string; severalLines: boolean }>({
    kind: 'command',
    runOn: 'target',
    title: (p) => (p.severalLines ? `Edit ${p.file} so that it holds only the token, on one line` : `Rewrite ${p.file} with the token alone on one line`),
    // Deleting newlines would glue several lines into one wrong token: that file needs a person.
    commands: (_env, p) =>
      p.severalLines
        ? [`\${EDITOR:-vi} ${p.file}`]
        : [`tr -d '\\r\\n\\t "' < ${p.file} | sed 's/^\\xEF\\xBB\\xBF//' > ${p.file}.clean && chmod 600 ${p.file}.clean && mv ${p.file}.clean ${p.file}`],
  }),
  'token.clean-value': def<{ label: string }>({
    kind: 'manual',
    title: (p) => `Set ${p.label} to the token alone: no quotes, spaces or newlines`,
  }),
  'token.logout-stale': def<{ commands: string[]; file?: string }>({
    kind: 'command',
    runOn: 'target',
    title: (p) =>
      `Remove the stale credential${p.file ? ` from ${p.file}` : ' (podman also reads ~/.docker/config.json)'}, then log in again if the package is private`,
    commands: (_env, p) => p.commands,
  }),
  'token.authorize-sso': def<{ owner?: string; url?: string }>({
    kind: 'manual',
    title: (p) => `Authorize the token for ${p.owner ?? 'the organization'} (SAML SSO): next to the token, Configure SSO`,
    links: (env, p) => [p.url ?? tokensUrl(env.apiUrl)],
    action: 'web-page',
  }),
  'token.org-policy-settings': def<{ owner?: string; policy?: 'classic-forbidden' | 'fine-grained-forbidden' | 'lifetime' }>({
    kind: 'manual',
    // The policy GitHub named decides the advice: a shorter-lived token cures a lifetime limit, never a ban on classic tokens.
    title: (p) =>
      p.policy === 'classic-forbidden'
        ? `Ask an owner of ${p.owner ?? 'the organization'} to allow classic tokens (ghcr.io takes no other personal token); inside Actions, GITHUB_TOKEN is not affected`
        : p.policy === 'lifetime'
          ? `Use a token whose expiry is within ${p.owner ?? 'the organization'}'s maximum lifetime, or ask an owner to raise it; inside Actions, GITHUB_TOKEN is not affected`
          : `Ask an owner of ${p.owner ?? 'the organization'} to allow classic tokens (or use a shorter-lived one); inside Actions, GITHUB_TOKEN is not affected`,
    links: (env, p) => (p.owner ? [orgTokenPolicyUrl(env.apiUrl, p.owner)] : []),
  }),
  'token.use-github-token-or-pat': def({
    kind: 'manual',
    title: () => "Inside Actions use GITHUB_TOKEN; elsewhere a machine user's classic PAT",
    links: (env) => [newTokenUrl(env.apiUrl, PULL_SCOPES)],
  }),

  // The registry.
  'registry.relogin': def<{ registry: string; user: string; fromFile: boolean }>({
    kind: 'command',
    runOn: 'target',
    title: () => 'Log in again with a valid classic token, piped on stdin',
    commands: (_env, p) =>
      p.fromFile
        ? [
            // The user is a login GitHub (or --user) gave: quoted, as any outside word on a command line.
            `docker login ${shellQuote(p.registry)} -u ${shellQuote(p.user)} --password-stdin < ~/.ghcr_token`,
            `podman login --authfile ~/.config/containers/auth.json ${shellQuote(p.registry)} -u ${shellQuote(p.user)} --password-stdin < ~/.ghcr_token`,
          ]
        : [LOGIN_FROM_STDIN(p.registry, p.user)],
  }),
  'registry.delete-probe': def<{ tag: string; path: string; digest: string }>({
    kind: 'command',
    runOn: 'local',
    title: (p) => `Delete the ${p.tag} version`,
    commands: (_env, p) => [
      `gh api --paginate "${p.path}/versions" --jq '.[] | select(.name=="${p.digest}") | .id' | xargs -I{} gh api -X DELETE "${p.path}/versions/{}"`,
    ],
  }),
  'registry.list-tags': def<{ registry: string; repository: string }>({
    kind: 'command',
    runOn: 'local',
    title: () => 'List the tags that exist',
    commands: (_env, p) => [`skopeo list-tags docker://${p.registry}/${p.repository}`],
  }),
  'tag.check': def<{ links: string[] }>({
    kind: 'manual',
    title: () => 'Push the tag, or pull one that exists (list the versions in the package page)',
    links: (_env, p) => p.links,
  }),
  'registry.check-dns': def<{ hostname: string }>({
    kind: 'command',
    runOn: 'target',
    title: (p) => `Resolve ${p.hostname}`,
    commands: (_env, p) => [`getent ahosts ${p.hostname}`],
  }),
  'registry.check-connect': def<{ host: string; maxTimeSeconds?: number }>({
    kind: 'command',
    runOn: 'target',
    title: (p) =>
      `Test the connection to ${p.host} (DNS, IPv4, the proxy: dockerd reads HTTPS_PROXY from a systemd drop-in; pkg-containers.githubusercontent.com:443 must be allowed too)`,
    commands: (_env, p) => [`curl -sv${p.maxTimeSeconds ? ` --max-time ${p.maxTimeSeconds}` : ''} https://${p.host}/v2/`],
  }),
  'registry.trust-ca': def<{ host: string; image: string }>({
    kind: 'command',
    runOn: 'target',
    title: () => 'Trust the proxy CA',
    commands: (_env, p) => [
      `NODE_EXTRA_CA_CERTS=/path/to/corporate-ca.pem ghcr-doctor --image ${p.image}`,
      `sudo mkdir -p /etc/docker/certs.d/${p.host} && sudo cp /path/to/corporate-ca.pem /etc/docker/certs.d/${p.host}/ca.crt`,
      `sudo mkdir -p /etc/containers/certs.d/${p.host} && sudo cp /path/to/corporate-ca.pem /etc/containers/certs.d/${p.host}/ca.crt`,
      'sudo cp /path/to/corporate-ca.pem /usr/local/share/ca-certificates/corporate-ca.crt && sudo update-ca-certificates',
    ],
  }),
  'registry.check-proxy': def({
    kind: 'command',
    runOn: 'target',
    title: () => 'Check the proxy settings',
    commands: () => ['env | grep -i _proxy', 'systemctl show docker -p Environment'],
  }),
  'rate.wait': def({
    kind: 'manual',
    title: () => 'Authenticate every call and retry after the reset time',
  }),

  // The package.
  'package.make-public': def<{ settingsUrls: string[] }>({
    kind: 'manual',
    title: () => 'Make the package public (package settings → Danger Zone → Change visibility; web UI only), or log in where it is pulled',
    links: (_env, p) => p.settingsUrls,
    action: 'web-page',
  }),
  'package.manage-actions-access': def<{ settingsUrls: string[]; repo?: string }>({
    kind: 'manual',
    title: (p) => `Package settings → Manage Actions access → add ${p.repo ?? 'the repository whose workflow pushes'} with the Write role (web UI only)`,
    links: (_env, p) => p.settingsUrls,
    action: 'web-page',
  }),
  'package.grant-read': def<{ settingsUrls: string[] }>({
    kind: 'manual',
    title: () => 'Grant the repository (Manage Actions access) or the user Read on the package',
    links: (_env, p) => p.settingsUrls,
    // Offered on screen as the other web-only package settings are: the summary showed it, the fix menu did not.
    action: 'web-page',
  }),
  'package.allow-creation': def<{ owner: string }>({
    kind: 'manual',
    title: () =>
      'An organization owner allows members to create packages of this visibility: Organization settings → Packages → Package creation (web UI only)',
    links: (env, p) => [orgPackagesSettingsUrl(env.apiUrl, p.owner)],
  }),
  'package.source-label': def<{ repoUrl: string }>({
    kind: 'command',
    runOn: 'local',
    title: () => 'Link future packages at creation with the source label (in the Dockerfile)',
    commands: (_env, p) => [`LABEL org.opencontainers.image.source=${p.repoUrl}`],
  }),

  // The repository and its workflows.
  'actions.set-secret': def<{ secret: string; repo: string }>({
    kind: 'command',
    runOn: 'local',
    title: (p) => `Create the secret ${p.secret} (reference it as secrets.${p.secret})`,
    commands: (_env, p) => [`gh secret set ${p.secret} --repo ${p.repo} < ~/.ghcr_token`],
    links: (env, p) => (p.repo.includes('/') && !p.repo.startsWith('OWNER/') ? [repoSecretsUrl(env.apiUrl, p.repo)] : []),
    action: 'repo-secret',
  }),
  'actions.default-write': def<{ repo: string }>({
    kind: 'manual',
    title: () => 'Or allow write by default (repository settings → Actions → Workflow permissions)',
    links: (env, p) => [repoActionsSettingsUrl(env.apiUrl, p.repo)],
  }),
  'workflow.add-packages-write': def<{ job?: string; lines: string[] }>({
    kind: 'command',
    runOn: 'local',
    title: (p) => (p.job ? `Give job "${p.job}" packages: write` : 'Add to each job that pushes: permissions: { contents: read, packages: write }'),
    commands: (_env, p) => p.lines,
  }),
  'workflow.lowercase-ref': def({
    kind: 'command',
    runOn: 'local',
    title: () => 'Lowercase the image name once and reuse it',
    commands: () => ['echo "IMAGE=ghcr.io/${GITHUB_REPOSITORY,,}" >> "$GITHUB_ENV"   # then use ${{ env.IMAGE }}'],
  }),
  'workflow.pin-host-key': def<{ lines: string[] }>({
    kind: 'command',
    runOn: 'local',
    title: () => 'Pin the host key from a secret instead of disabling checking',
    commands: (_env, p) => p.lines,
  }),
  'workflow.token-on-stdin': def<{ lines: string[] }>({
    kind: 'command',
    runOn: 'local',
    title: () => 'Pipe the token on stdin',
    commands: (_env, p) => p.lines,
  }),
  'workflow.fork-guard': def({
    kind: 'command',
    runOn: 'local',
    title: () => 'Push only for pushes and same-repository pull requests',
    commands: () => [
      "if: github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository",
      "push: ${{ github.event_name != 'pull_request' }}   # docker/build-push-action",
    ],
  }),

  // The image reference.
  'image.use-ghcr-host': def<{ suggestion?: string }>({
    kind: 'manual',
    title: (p) => (p.suggestion ? `Use ${p.suggestion}` : 'Tag and push to ghcr.io (check the spelling of the host in every tag)'),
  }),
  'image.lowercase': def<{ suggestion?: string }>({
    kind: 'command',
    runOn: 'local',
    title: (p) => (p.suggestion ? `Use ${p.suggestion}` : 'Lowercase the owner and name'),
    commands: () => ['echo "IMAGE=ghcr.io/${GITHUB_REPOSITORY,,}" >> "$GITHUB_ENV"'],
  }),

  // SSH.
  'ssh.verify-host-key': def({
    kind: 'command',
    runOn: 'target',
    title: () => 'On the server console, print its host key fingerprints and compare',
    commands: () => ['ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub'],
  }),
  'ssh.pin-host-key': def<{ where: string; fingerprint: string }>({
    kind: 'command',
    runOn: 'local',
    title: () => 'Pin the verified key for ghcr-doctor (and store it as SERVER_HOST_KEY in CI)',
    commands: (_env, p) => [`ghcr-doctor --ssh ${p.where} --host-key ${p.fingerprint}`],
  }),
  'ssh.verify-host': def({
    kind: 'manual',
    title: () => 'Check host, port and key; pin the host key with --host-key SHA256:… after verifying it out of band',
  }),

  // The deploy server.
  'server.install-podman': def({
    kind: 'command',
    runOn: 'target',
    title: () => 'Install podman on the server (Debian/Ubuntu)',
    commands: () => ['sudo apt-get install -y podman'],
  }),
  'server.enable-ntp': def({
    kind: 'command',
    runOn: 'target',
    title: () => 'Turn on time synchronisation',
    commands: () => ['sudo timedatectl set-ntp true'],
  }),
  'server.write-token-file': def({
    kind: 'automatic',
    title: () => 'Store a classic PAT (read:packages) in ~/.ghcr_token on the server, mode 600',
    links: (env) => [newTokenUrl(env.apiUrl, PULL_SCOPES)],
    action: 'server-token-file',
  }),
  'server.login-persistent': def<{ commands: string[] }>({
    kind: 'automatic',
    runOn: 'target',
    title: () => 'Log the deploy user in persistently, token on stdin',
    commands: (_env, p) => p.commands,
    links: (env) => [newTokenUrl(env.apiUrl, PULL_SCOPES)],
    action: 'server-login',
  }),
  'server.clean-token-file': def<{ path: string }>({
    kind: 'command',
    runOn: 'target',
    title: () => 'Rewrite the file without CR, BOM, spaces or extra lines (mode 600)',
    commands: (_env, p) => [`tr -d '\\r\\n\\t \\357\\273\\277' < ${p.path} > ${p.path}.new && chmod 600 ${p.path}.new && mv ${p.path}.new ${p.path}`],
  }),
  'server.chmod-token-file': def<{ path: string; chownTo?: string }>({
    kind: 'command',
    runOn: 'target',
    title: () => 'Make it private to the deploy user',
    // `path` comes quoted; the owner is the server's user name, quoted here.
    commands: (_env, p) => [`${p.chownTo ? `sudo chown ${shellQuote(p.chownTo)} ${p.path} && ` : ''}chmod 600 ${p.path}`],
  }),
  'server.own-credential': def({
    kind: 'command',
    runOn: 'local',
    title: () => 'Give the server its own long-lived read:packages classic PAT, piped over ssh stdin (once)',
    commands: () => [SSH_LOGIN],
    links: (env) => [newTokenUrl(env.apiUrl, PULL_SCOPES)],
  }),
  'server.login-as-service-user': def({
    kind: 'command',
    runOn: 'local',
    title: () => 'Log in as the user that runs the pull, into a persistent file',
    commands: () => [SSH_LOGIN],
  }),
  'server.persistent-authfile': def({
    kind: 'command',
    runOn: 'target',
    title: () => 'Keep the podman login in ~/.config/containers/auth.json (REGISTRY_AUTH_FILE) and enable linger',
    commands: () => [PODMAN_LOGIN, 'loginctl enable-linger USER'],
  }),
  'server.relogin': def({
    kind: 'command',
    runOn: 'local',
    title: () => 'Replace the credential stored on the server with a valid read:packages PAT',
    commands: () => [SSH_LOGIN],
  }),
  'server.drop-creds-store': def({
    kind: 'manual',
    title: () => 'Remove "credsStore" from ~/.docker/config.json (or install and init pass), then log in again',
  }),

  // A Kubernetes cluster that pulls.
  'k8s.pull-secret': def({
    kind: 'command',
    runOn: 'local',
    title: () =>
      "Create an image pull secret for ghcr.io in the pod's namespace from a read:packages classic PAT (built from a docker config file, so the token is not in argv)",
    commands: () => [
      'docker --config /tmp/ghcr-pull login ghcr.io -u USER --password-stdin < ~/.ghcr_token',
      'kubectl create secret docker-registry ghcr-pull --from-file=.dockerconfigjson=/tmp/ghcr-pull/config.json -n NAMESPACE && rm -rf /tmp/ghcr-pull',
    ],
    links: (env) => [newTokenUrl(env.apiUrl, PULL_SCOPES)],
  }),
  'k8s.pull-secret-flags': def({
    kind: 'command',
    runOn: 'local',
    title: () => "Or with flags (the token is briefly in kubectl's argv)",
    commands: () => [
      'kubectl create secret docker-registry ghcr-pull --docker-server=ghcr.io --docker-username=USER --docker-password="$(cat ~/.ghcr_token)" -n NAMESPACE',
    ],
  }),
  'k8s.image-pull-secrets': def({
    kind: 'manual',
    title: () => "Reference it from the pod spec (or the namespace's default service account)",
    commands: () => ['spec:\n  imagePullSecrets:\n    - name: ghcr-pull'],
  }),

  'k8s.replace-pull-secret': def<{ host: string; name: string; quotedName: string; nsFlag: string; quotedUser: string }>({
    kind: 'command',
    runOn: 'local',
    title: (p) =>
      `Replace the pull secret ${p.name} with a classic token that has read:packages (saved in ~/.ghcr_token; jq reads it from the file, never from a command line)`,
    // jq builds the docker config from the file; `--dry-run=client -o yaml | kubectl apply` replaces the Secret in place.
    commands: (_env, p) => [
      `umask 077; jq -n --arg u ${p.quotedUser} --rawfile t ~/.ghcr_token '{auths: {${JSON.stringify(p.host)}: {auth: ("\\($u):\\($t | rtrimstr("\\n"))" | @base64)}}}' > ghcr-pull.json`,
      `kubectl create secret docker-registry ${p.quotedName}${p.nsFlag} --from-file=.dockerconfigjson=ghcr-pull.json --dry-run=client -o yaml | kubectl apply -f -`,
      'rm ghcr-pull.json',
    ],
    links: () => [PULL_SECRET_DOCS],
  }),
  'k8s.reference-pull-secret': def<{ name: string; nsFlag: string }>({
    kind: 'command',
    runOn: 'local',
    title: (p) =>
      `Reference it: imagePullSecrets: [{name: ${p.name}}] in the pod spec, or on the service account the pods run as (this replaces that account's list)`,
    // Quoted as a whole: the name comes from the Secret's file, and a `'` in it must not end the quotes.
    commands: (_env, p) => [`kubectl patch serviceaccount default${p.nsFlag} -p ${shellQuote(`{"imagePullSecrets": [{"name": ${JSON.stringify(p.name)}}]}`)}`],
    links: () => [PULL_SECRET_DOCS],
  }),

  // GitHub itself.
  'status.wait': def({
    kind: 'manual',
    title: () => 'Check GitHub status and retry later',
    links: () => ['https://www.githubstatus.com'],
  }),
} as const;

export type FixId = keyof typeof FIXES;

export const FIX_IDS = Object.keys(FIXES) as FixId[];

type ParamsOf<K extends FixId> = (typeof FIXES)[K] extends FixDefinition<infer P> ? P : never;

/** The action ghcr-doctor can take for a fix id, if any. */
export function fixAction(id: FixId): FixActionKind | undefined {
  return (FIXES[id] as FixDefinition<unknown>).action;
}

/**
 * The only way to make a Fix: its id, kind, title, links and commands come from the table. A fix with
 * commands says where they run when that is known.
 */
export function fix<K extends FixId>(id: K, env: FixEnv, ...params: ParamsOf<K> extends Record<string, never> ? [] : [ParamsOf<K>]): Fix {
  const d = FIXES[id] as FixDefinition<unknown>;
  const p = params[0] ?? {};
  const commands = d.commands?.(env, p) ?? [];
  const runOn = commands.length === 0 ? undefined : d.runOn === 'local' ? 'local' : env.target;
  return {
    id,
    title: d.title(p),
    kind: d.kind,
    commands,
    links: d.links?.(env, p) ?? [],
    ...(runOn ? { runOn } : {}),
  };
}
