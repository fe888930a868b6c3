export const HELP_TEXT = `ghcr-doctor: diagnose and fix GitHub Container Registry (ghcr.io) authentication

Usage
  ghcr-doctor [options]              interactive diagnosis in a terminal (falls back to --ci)
  ghcr-doctor --ci [options]         non-interactive report; never prompts, never changes anything
  ghcr-doctor explain [TEXT | -]     explain a pasted error message or log (offline)
  ghcr-doctor lint [DIR]             lint GitHub Actions workflows for GHCR pitfalls (offline)
  ghcr-doctor learn [options]        the diagnosis as a guided walkthrough (falls back to --ci)
  ghcr-doctor demo [--scenario NAME] run against a built-in sandbox (no account needed)
  ghcr-doctor help [COMMAND]         this help, or a command's (also COMMAND --help)

Target
  --image REF            image to diagnose, HOST/OWNER/NAME[:TAG]   (GHCR_DOCTOR_IMAGE)
  --user LOGIN           registry user (GHCR_USER, REGISTRY_USER; default: the token's owner)
  --repo OWNER/NAME      repository for secrets and workflow permissions (GITHUB_REPOSITORY; default: origin)
  --secret-name NAME     repository secret that holds the token (default GHCR_TOKEN)
  --workflows DIR        workflows to lint (default .github/workflows when present)

Token (never as a flag value: a token on the command line is visible in ps)
  --token-file PATH      read the token from a file
  --token-stdin          read the token from stdin
  --pull-secret FILE|-   a Kubernetes image pull Secret (kubectl get secret NAME -o yaml|json) or a
                         docker config.json: its credential for the image's registry is the one checked
                         otherwise GHCR_TOKEN, GITHUB_TOKEN, GH_TOKEN, ~/.ghcr_token,
                         then credentials stored for the registry in docker/podman files

Endpoints
  --api-url URL          GitHub API (GITHUB_API_URL; default https://api.github.com)
  --status-url URL       status page (GHCR_DOCTOR_STATUS_URL; default https://www.githubstatus.com)
  --no-status            skip the GitHub status check

Deploy servers
  --ssh USER@HOST[:PORT] check a server; repeat for several (SERVER_USER, SERVER_HOST, SERVER_PORT)
  --hosts FILE           servers from a file: USER@HOST[:PORT] per line, an OpenSSH config's Host
                         aliases, or an Ansible inventory (INI or YAML)
  --host-pattern GLOBS   only these hosts of --hosts: aliases or Ansible groups, e.g. 'web-*' or web,db
  --parallel N           audit at most N servers at once (default 8)
  --ssh-key PATH         private key (SERVER_SSH_KEY: key text or path; default ssh-agent, ~/.ssh/id_*)
  --known-hosts PATH     known_hosts file (default ~/.ssh/known_hosts)
  --host-key SHA256:...  pin the server's host key fingerprint (SERVER_HOST_KEY); several servers:
                         repeat as HOST=SHA256:... or HOST:PORT=SHA256:...
  --deploy-path DIR      deploy directory to audit too (DEPLOY_PATH)

Behaviour
  --intent push|pull     what the token is for (GHCR_DOCTOR_INTENT; default push; asked in a terminal):
                         push = push and pull (CI, publishing), pull = pull only (a server or cluster)
  --probe MODE           none | session (default: opens an upload session, creates nothing) | push
  --timeout SECONDS      overall time budget (default 60)
  --strict               warnings fail too
  --expect-public        the package must be pullable anonymously
  --ci                   never prompt, never change anything
  --json                 JSON report on stdout (schema v1)
  --verbose              show evidence
  --no-color             no colours (also NO_COLOR; FORCE_COLOR forces them)
  -h, --help             this help
  -v, --version          print the version

Exit codes
  0 healthy   1 problems found   2 could not run (usage, input)   3 inconclusive (unreachable)   130 cancelled
`;

const EXPLAIN_HELP = `ghcr-doctor explain: what an error message or a log means (offline)

Usage
  ghcr-doctor explain 'TEXT'          explain one message
  ghcr-doctor explain - < build.log   explain a log from stdin
  ghcr-doctor explain                 paste the lines, then end with Ctrl-D on an empty line
  --json                              JSON on stdout ({"schemaVersion": 1, "matches": [...]})

Exit codes
  0 something matched   1 nothing matched (as grep)   2 bad usage or unreadable input
`;

const LINT_HELP = `ghcr-doctor lint: GitHub Actions workflows checked for GHCR pitfalls (offline)

Usage
  ghcr-doctor lint [DIR]   DIR: a workflow file, a folder of workflows, or a repository or any folder
                           in it (its .github/workflows is found by walking up); default: this folder
  --json                   the JSON report on stdout (schema v1, workflow.* findings with file and line)
  --strict                 warnings fail too
  --no-color               no colours (also NO_COLOR; FORCE_COLOR forces them)

Exit codes
  0 no error   1 an error finding   2 no workflows there, or a workflow that is not valid YAML
`;

/** The help for one command (`demo --help` lists the scenarios); the general help otherwise. */
export async function helpFor(command: string): Promise<string> {
  if (command === 'explain') return EXPLAIN_HELP;
  if (command === 'lint') return LINT_HELP;
  if (command === 'demo') {
    const { scenarioList } = await import('../demo/command.js');
    return `ghcr-doctor demo: the whole diagnosis against a built-in sandbox (no GitHub account, nothing real changed)

Usage
  ghcr-doctor demo [--scenario NAME]   in a terminal: the interactive UI, fixes included
  ghcr-doctor demo --ci [--json]       the report instead
  ghcr-doctor learn --demo             the guided walkthrough on the sandbox

Scenarios
${scenarioList()
  .split('\n')
  .map((l) => `  ${l}`)
  .join('\n')}
`;
  }
  return HELP_TEXT;
}
