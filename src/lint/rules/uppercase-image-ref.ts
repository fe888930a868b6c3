import { finding } from '../../engine/findings.js';
import { fix } from '../../engine/fixes.js';
import { LINT_FIX_ENV } from './types.js';
import type { Finding } from '../../engine/types.js';
import type { JobModel, Located, StepModel, WorkflowModel } from '../workflow-model.js';
import { shellCommands } from '../workflow-model.js';
import { GHCR_HOST, envFor } from '../workflow-facts.js';
import type { LintRule } from './types.js';

/** Names that keep the case of a GitHub login: the repository, its owner, and the actor who triggered the run. */
const REPO_EXPR =
  /\$\{\{\s*github\.(?:repository|repository_owner|actor|triggering_actor)\s*\}\}|\$\{?GITHUB_(?:REPOSITORY(?:_OWNER)?|ACTOR|TRIGGERING_ACTOR)\b(?!,,)/;
const LOWERCASED = /,,|\btr\s+['"]?(?:\[:upper:\]|\[?A-Z)|\blower|toLowerCase|ascii_downcase/i;
/** Actions that lowercase an image-name input themselves: [uses, input]. */
const LOWERCASING_INPUT: Array<[RegExp, string]> = [
  [/^docker\/metadata-action@/i, 'images'],
  // Its name before it became docker/metadata-action.
  [/^crazy-max\/ghaction-docker-meta@/i, 'images'],
  [/^actions\/attest(?:-build-provenance)?@/i, 'subject-name'],
];

interface Site {
  text: string;
  line: number;
  job?: string;
  /** For an `env:` entry, its name: a ref defined there matters only where it is used. */
  envName?: string;
}

/** Env variables whose value comes from github.repository(_owner) without lowercasing. */
function repoDerivedVars(env: Map<string, Located>): Set<string> {
  const out = new Set<string>();
  // A value that is already a full GHCR ref is reported where it is defined, not again at each use.
  for (const [k, v] of env) if (REPO_EXPR.test(v.value) && !LOWERCASED.test(v.value) && !GHCR_HOST.test(v.value)) out.add(k);
  return out;
}

/**
 * `IMAGE_ID=ghcr.io/${{ github.repository_owner }}/app` whose next assignment to the same shell
 * variable lowercases it (`IMAGE_ID=$(echo $IMAGE_ID | tr '[A-Z]' '[a-z]')`, GitHub's older starter
 * workflow): the capitals never reach a command.
 */
function lowercasedLater(text: string, later: Array<{ text: string }>): boolean {
  const name = /^(?:export\s+)?([A-Za-z_]\w*)=/.exec(text)?.[1];
  if (!name) return false;
  const next = later.find((c) => new RegExp(`^(?:export\\s+)?${name}=`).test(c.text));
  return !!next && LOWERCASED.test(next.text) && new RegExp(`\\$\\{?${name}\\b`).test(next.text);
}

function sitesOf(wf: WorkflowModel): Site[] {
  const sites: Site[] = [];
  const addEnv = (env: Map<string, Located>, job?: string) => {
    for (const [name, v] of env) sites.push({ text: v.value, line: v.line, job, envName: name });
  };
  addEnv(wf.env);
  for (const job of wf.jobs) {
    addEnv(job.env, job.id);
    for (const step of job.steps) {
      addEnv(step.env, job.id);
      // docker/metadata-action lowercases the image names it is given; actions/attest(-build-provenance)
      // lowercases subject-name before pushing (actions/attest#63).
      const lowercasedInput = LOWERCASING_INPUT.find(([re]) => !!step.uses && re.test(step.uses))?.[1];
      for (const [k, v] of step.with) if (k !== lowercasedInput) for (const l of v.lines) sites.push({ text: l.text, line: l.line, job: job.id });
      if (step.run) {
        const cmds = shellCommands(step.run);
        cmds.forEach((cmd, i) => {
          if (!lowercasedLater(cmd.text, cmds.slice(i + 1))) sites.push({ text: cmd.text, line: cmd.parts[0]!.line, job: job.id });
        });
      }
    }
  }
  return sites;
}

/** `${{ github.repository }}` → `${{github.repository}}`, so a ref is one whitespace-free word. */
function compactExpressions(text: string): string {
  return text.replace(/\$\{\{\s*([^}$]*?)\s*\}\}/g, (_m, inner: string) => `\${{${inner.replace(/\s+/g, '')}}}`);
}

/** Whether a word is an image ref on GHCR: it names the host, or starts with a variable that holds it. */
function isGhcrRef(word: string, env: Map<string, Located>): boolean {
  if (GHCR_HOST.test(word)) return true;
  const lead = /^(?:\$\{\{env\.([A-Za-z_]\w*)\}\}|\$\{?([A-Za-z_]\w*)\}?)\//.exec(word);
  const name = lead && (lead[1] ?? lead[2]);
  return !!name && GHCR_HOST.test(env.get(name)?.value ?? '');
}

/** Why this text holds a GHCR ref that may have capitals, if it does. */
function refProblem(text: string, env: Map<string, Located>, derived: Set<string>): string | undefined {
  if (LOWERCASED.test(text)) return undefined;
  for (const word of compactExpressions(text).split(/[\s"'`,;|&()<>]+/)) {
    if (!isGhcrRef(word, env)) continue;
    const path = word.replace(/^.*?ghcr\.io\//, '');
    const literal = /^([\w.-]+(?:\/[\w.-]+)*)/.exec(word.includes('ghcr.io/') ? path : '');
    if (literal && /[A-Z]/.test(literal[1]!)) return `literal reference ghcr.io/${literal[1]} has capitals`;
    const usesRepo = REPO_EXPR.test(word) || [...word.matchAll(/\$\{\{env\.([A-Za-z_]\w*)\}\}|\$\{?([A-Za-z_]\w*)/g)].some((m) => derived.has((m[1] ?? m[2])!));
    if (usesRepo) return `${word} is built from github.repository / repository_owner / actor without lowercasing`;
  }
  return undefined;
}

/**
 * Whether an env entry reaches anything but docker/metadata-action `images:` (which lowercases): a
 * use in a step, a run script or another env value. Metadata `images:` are not sites, so any site
 * that names the variable is such a use.
 */
function usedOutsideMetadataImages(name: string, sites: Site[], self: Site): boolean {
  const use = new RegExp(`\\benv\\.${name}\\b|\\$\\{?${name}\\b`);
  return sites.some((s) => s !== self && use.test(s.text));
}

function jobAndStepAt(wf: WorkflowModel, line: number): { job?: JobModel; step?: StepModel } {
  let job: JobModel | undefined;
  let step: StepModel | undefined;
  for (const j of wf.jobs) if (j.line <= line) job = j;
  for (const s of job?.steps ?? []) if (s.line <= line) step = s;
  return { job, step };
}

/**
 * An image ref built from github.repository / github.repository_owner (or $GITHUB_REPOSITORY)
 * without lowercasing, or a literal ghcr.io ref with capitals: "repository name must be lowercase"
 * as soon as the owner has an uppercase letter.
 */
export const uppercaseImageRef: LintRule = (wf, check) => {
  const out: Finding[] = [];
  const seen = new Set<number>();
  const sites = sitesOf(wf);
  for (const site of sites) {
    if (seen.has(site.line)) continue;
    if (site.envName && !usedOutsideMetadataImages(site.envName, sites, site)) continue;
    const { job, step } = jobAndStepAt(wf, site.line);
    const env = envFor(wf, site.job ? job : undefined, site.job ? step : undefined);
    const derived = repoDerivedVars(env);
    const why = refProblem(site.text, env, derived);
    if (!why) continue;
    seen.add(site.line);
    out.push(
      finding('workflow.uppercase-image-ref', check, {
        title: 'Image reference may contain uppercase letters',
        detail: `${site.job ? `Job "${site.job}": ` : ''}${why}. Registries reject it ("repository name must be lowercase") whenever the owner or repository name has capitals. Lowercase it first, or build the name with docker/metadata-action, which lowercases.`,
        evidence: { file: wf.file, line: site.line, ...(site.job ? { job: site.job } : {}), text: site.text.trim().slice(0, 200) },
        fixes: [fix('workflow.lowercase-ref', LINT_FIX_ENV)],
      }),
    );
  }
  return out;
};
