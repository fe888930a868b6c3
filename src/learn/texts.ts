/**
 * The `learn` walkthrough's words, all in one place: what GHCR does at each step (before it runs) and
 * what the result means for the user (after). Matched on check ids by the longest prefix, so a new
 * check of a known group is explained by its group.
 */
import type { CheckStatus, Severity } from '../engine/types.js';

export interface LearnText {
  topic: string;
  /** Shown before the step runs. */
  before: string[];
  /** Shown after, by the step's status. */
  meaning: Record<CheckStatus, string>;
}

export const GENERIC_MEANING: Record<CheckStatus, string> = {
  pass: 'Nothing to do here.',
  warn: 'It works today, but read the warning below: it tends to break later.',
  fail: 'This step is broken; the findings below say why and how to fix it.',
  skip: 'This step could not run, because something it depends on failed or was not given.',
  error: 'ghcr-doctor could not finish this step; the line above says what got in the way.',
};

const TEXTS: Record<string, LearnText> = {
  status: {
    topic: 'Is GitHub itself healthy?',
    before: [
      'Before blaming your setup, ghcr-doctor reads githubstatus.com: when "Packages" or "API Requests" has an incident, logins and pulls fail for everybody.',
    ],
    meaning: {
      ...GENERIC_MEANING,
      pass: 'GitHub reports no incident: whatever fails below is about your setup.',
      warn: 'GitHub has an incident right now: retry later before changing anything.',
    },
  },
  image: {
    topic: 'The image reference',
    before: [
      'An image is HOST/OWNER/NAME:TAG, e.g. ghcr.io/acme/api:latest. The host decides which registry you talk to; OWNER is a user or an organization.',
      'Registries reject uppercase letters, and a near miss like ghrc.io sends your credentials to someone else.',
    ],
    meaning: { ...GENERIC_MEANING, pass: 'The reference is well formed and points at the registry you meant.' },
  },
  token: {
    topic: 'Which token, and what it may do',
    before: [
      'GHCR accepts a personal access token (classic), prefix ghp_. Fine-grained tokens (github_pat_) do not work with the registry.',
      'A classic token carries scopes: read:packages to pull private images, write:packages to push (it implies read), delete:packages to delete.',
      'ghcr-doctor asks the API (GET /user) who the token belongs to; GitHub answers with the scopes in X-OAuth-Scopes and the expiry date, if any.',
      "In GitHub Actions the job's GITHUB_TOKEN (ghs_) works too, but only inside that job.",
    ],
    meaning: {
      ...GENERIC_MEANING,
      pass: 'Your token is of a kind GHCR accepts and has what it needs.',
      // Not always a new token: an SSO authorization or an organization's policy is fixed elsewhere, as the finding says.
      fail: 'The registry will refuse what you asked with this token: the finding below says why, and the fix menu at the end offers its fix (it opens the exact page).',
    },
  },
  registry: {
    topic: 'Logging in to the registry (the token exchange)',
    before: [
      'docker login does not send your token with every pull. The registry answers 401 with "WWW-Authenticate: Bearer realm=https://ghcr.io/token"; the client trades USER + token there for a short-lived registry token scoped to repository:OWNER/NAME:pull,push.',
      'If that exchange fails, the token itself is refused. If it succeeds but a pull or push is still denied, the token is fine and the permission on the package is not.',
    ],
    meaning: {
      ...GENERIC_MEANING,
      pass: 'The registry accepts your credentials for this image.',
      fail: 'The registry refuses something here; the finding names whether it is the token or the package permission.',
    },
  },
  'registry.push': {
    topic: 'Can this token push?',
    before: [
      'To test pushing without pushing anything, ghcr-doctor opens a blob upload session and cancels it: no blob, tag or version is created.',
      "A push is denied when the token lacks write:packages, when an organization forbids creating packages, or when a workflow's GITHUB_TOKEN has no access to the package.",
    ],
    meaning: { ...GENERIC_MEANING, pass: 'Pushing this image with this token would be accepted.' },
  },
  package: {
    topic: 'The package: visibility and repository link',
    before: [
      'The first push creates the package, and it is private, even when the repository is public. Anonymous pulls then get "unauthorized".',
      'A package pushed from the command line is not linked to any repository; a workflow\'s GITHUB_TOKEN can only push to a package that is linked to its repository or granted in "Manage Actions access".',
      'GitHub has no API to change visibility or access: these are settings pages, and ghcr-doctor gives you their exact URL.',
    ],
    meaning: { ...GENERIC_MEANING, pass: 'The package settings fit how you use it.' },
  },
  repo: {
    topic: "The repository's Actions settings",
    before: [
      'A workflow that pushes needs permissions: packages: write, or a read-write default for workflows.',
      'A workflow that deploys needs the token in a repository secret; a secret that does not exist expands to an empty string, and the login fails quietly.',
    ],
    meaning: { ...GENERIC_MEANING, pass: 'The repository gives its workflows what they need.' },
  },
  workflows: {
    topic: 'Your workflow files',
    before: [
      'ghcr-doctor reads the workflows in .github/workflows the way GitHub runs them: a job that logs in to ghcr.io needs the token it names, and a job that pushes needs packages: write.',
    ],
    meaning: { ...GENERIC_MEANING, pass: 'Your workflows log in and push the way GHCR expects.' },
  },
  ssh: {
    topic: 'Reaching the deploy server',
    before: [
      'ghcr-doctor connects the way your deploy does: SSH as the deploy user, trusting the host key only if known_hosts (or --host-key) knows it.',
      'Nothing is changed on the server without your consent.',
    ],
    meaning: { ...GENERIC_MEANING, pass: 'The server is reachable and trusted.' },
  },
  server: {
    topic: 'Credentials on the server',
    before: [
      "The server pulls on its own, long after your workflow ended, so it needs its own long-lived token with read:packages. A job's GITHUB_TOKEN dies with the job, and the next pull fails with 403.",
      'Each user has their own credentials: a login done with sudo or as another user does not help the deploy user.',
      'Rootless podman keeps its login in ${XDG_RUNTIME_DIR}/containers/auth.json, which lives in /run/user/UID, a tmpfs: it vanishes at every reboot. ~/.config/containers/auth.json survives.',
      'A stale stored credential breaks even public pulls, because the client sends it anyway.',
    ],
    meaning: { ...GENERIC_MEANING, pass: 'The deploy user has a lasting credential the registry accepts.' },
  },
  'server.pull': {
    topic: 'A real pull on the server',
    before: [
      'Last, the server pulls the image as the deploy user, the way the deploy script does. An image that was not there before is removed again afterwards.',
    ],
    meaning: { ...GENERIC_MEANING, pass: 'Your deploy can pull this image.' },
  },
};

TEXTS.actions = TEXTS.repo!;

const FALLBACK: LearnText = {
  topic: 'Next step',
  before: ['ghcr-doctor runs this check; its result follows.'],
  meaning: GENERIC_MEANING,
};

/** The text of the longest id prefix that has one: `registry.push-probe` → `registry.push` → `registry`. */
export function learnTextFor(checkId: string): LearnText {
  const keys = Object.keys(TEXTS)
    .filter((k) => checkId === k || checkId.startsWith(`${k}.`) || checkId.startsWith(`${k}-`) || (k.includes('.') && checkId.startsWith(k)))
    .sort((a, b) => b.length - a.length);
  return keys.length > 0 ? TEXTS[keys[0]!]! : FALLBACK;
}

const WORST_FIRST: CheckStatus[] = ['fail', 'error', 'warn', 'pass', 'skip'];

/**
 * What a page's result means, from all of its checks and what they found: one failed check or one
 * error finding makes the page a failure, so a pass text never follows a problem.
 */
export function learnMeaning(text: LearnText, statuses: CheckStatus[], severities: Severity[]): string {
  let status = WORST_FIRST.find((s) => statuses.includes(s)) ?? 'skip';
  if (severities.includes('error') && (status === 'pass' || status === 'warn')) status = 'fail';
  else if (severities.includes('warning') && status === 'pass') status = 'warn';
  return text.meaning[status];
}

export const LEARN_INTRO = [
  'ghcr-doctor learn walks through how GitHub Container Registry authenticates you, one step at a time.',
  'Each step says what GHCR does there; enter runs its checks, then you read what the result means.',
  'enter: go on · s: skip a step · b: back · q: stop',
];
