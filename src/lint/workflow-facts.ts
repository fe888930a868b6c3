import type { JobModel, Located, PermissionsBlock, StepModel, WorkflowModel } from './workflow-model.js';
import { shellCommands } from './workflow-model.js';

/** What several lint rules need to know about a workflow: registry targets, pushes, permissions, guards. */

/** ghcr.io, or a GitHub Enterprise Server registry `containers.HOSTNAME`. */
export const GHCR_HOST = /\bghcr\.io\b|\bcontainers\.[a-z0-9-]+\.[a-z0-9.-]+/i;
const OTHER_REGISTRY =
  /\b(?:docker\.io|quay\.io|gcr\.io|[\w-]{1,63}\.pkg\.dev|[\w.-]{1,253}\.amazonaws\.com|[\w-]{1,63}\.azurecr\.io|registry\.gitlab\.com|registry\.heroku\.com)\b/i;

/** `${{ env.NAME }}`, `$NAME`, `${NAME}` references in a text. */
export function envRefs(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/\$\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)) out.add(m[1]!);
  for (const m of text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) out.add(m[1]!);
  return [...out];
}

/** Environment visible to a step: workflow, then job, then step (later wins, as in Actions). */
export function envFor(wf: WorkflowModel, job?: JobModel, step?: StepModel): Map<string, Located> {
  return new Map([...wf.env, ...(job?.env ?? []), ...(step?.env ?? [])]);
}

/** The text with the values of the env variables it references appended, one level deep. */
export function withEnvValues(text: string, env: Map<string, Located>): string {
  const values = envRefs(text)
    .map((n) => env.get(n)?.value)
    .filter((v): v is string => v !== undefined);
  return values.length ? `${text}\n${values.join('\n')}` : text;
}

function stepTexts(step: StepModel): string[] {
  return [...step.with.values(), ...step.env.values(), ...(step.run ? [step.run] : [])].map((l) => l.value);
}

/** Whether anything in the job (or the workflow's env) names the GHCR registry. */
function jobMentionsGhcr(wf: WorkflowModel, job: JobModel): boolean {
  const env = envFor(wf, job);
  return (
    [...env.values()].some((l) => GHCR_HOST.test(l.value)) ||
    job.steps.some((s) => stepTexts(s).some((t) => GHCR_HOST.test(withEnvValues(t, envFor(wf, job, s)))))
  );
}

/**
 * Whether a push (its own text) goes to GHCR: it names ghcr.io (directly or through env); it names
 * another registry only → no; it names no host (`docker push $IMAGE`, `tags: ${{ steps.meta.outputs.tags }}`)
 * → yes when the job is about GHCR.
 */
export function pushTargetsGhcr(text: string, wf: WorkflowModel, job: JobModel, step: StepModel): boolean {
  const expanded = withEnvValues(text, envFor(wf, job, step));
  if (GHCR_HOST.test(expanded)) return true;
  if (OTHER_REGISTRY.test(expanded)) return false;
  return jobMentionsGhcr(wf, job);
}

export interface PushSite {
  job: JobModel;
  step: StepModel;
  line: number;
  /** What pushes, for messages: `docker/build-push-action (push: true)`, `docker push`. */
  what: string;
  /** `push: ${{ … }}` of build-push/bake: the push itself is conditional. */
  condition?: string;
}

const BUILD_PUSH_ACTION = /^docker\/(?:build-push-action|bake-action)@/i;
const RUN_PUSH: Array<{ re: RegExp; what: string }> = [
  { re: /\b(?:docker|podman|buildah)\s+(?:image\s+)?push\b/i, what: 'push' },
  { re: /\b(?:docker\s+)?buildx\s+(?:build|bake)\b.*\s--push\b|\bdocker\s+build\b.*\s--push\b/i, what: 'buildx --push' },
  { re: /\bimagetools\s+create\b/i, what: 'imagetools create' },
  { re: /\bcrane\s+(?:cp|copy|push)\b/i, what: 'crane' },
  { re: /\bhelm\s+push\b.*\boci:\/\//i, what: 'helm push oci://' },
];

/** Every step of the job that pushes to GHCR (contract "Lint rules": what pushing means). */
export function ghcrPushes(wf: WorkflowModel, job: JobModel): PushSite[] {
  const out: PushSite[] = [];
  for (const step of job.steps) {
    if (step.uses && BUILD_PUSH_ACTION.test(step.uses)) {
      const push = step.with.get('push')?.value.trim();
      const outputs = step.with.get('outputs')?.value ?? '';
      const pushes = (push !== undefined && push !== 'false' && push !== '') || /push=true|type=registry/.test(outputs);
      if (!pushes) continue;
      const text = [...step.with.values()].map((l) => l.value).join('\n');
      if (!pushTargetsGhcr(text, wf, job, step)) continue;
      const condition = push && /\$\{\{/.test(push) ? push : undefined;
      out.push({ job, step, line: step.line, what: `${step.uses.split('@')[0]} (push: ${push ?? 'outputs'})`, condition });
      continue;
    }
    if (!step.run) continue;
    for (const cmd of shellCommands(step.run)) {
      const hit = RUN_PUSH.find((p) => p.re.test(cmd.text));
      if (!hit || !pushTargetsGhcr(cmd.text, wf, job, step)) continue;
      out.push({ job, step, line: cmd.parts[0]!.line, what: cmd.text.length > 80 ? `${cmd.text.slice(0, 77)}…` : cmd.text });
    }
  }
  return out;
}

/** A fork guard: a condition on github.event_name, github.ref or github.event.pull_request.head.repo. */
export function isForkGuard(expr: string | undefined): boolean {
  return !!expr && /github\.event_name|\bgithub\.ref\b|github\.event\.pull_request\.head\.repo/.test(expr);
}

export type Access = 'write' | 'read' | 'none';

export interface EffectivePackages {
  /** undefined: no permissions block anywhere; the repository default applies (unknown offline). */
  access?: Access;
  block?: PermissionsBlock;
  level?: 'job' | 'workflow';
}

/** GitHub's semantics: the job's block replaces the workflow's; unlisted scopes are none; write-all/read-all. */
export function effectivePackages(wf: WorkflowModel, job: JobModel): EffectivePackages {
  const block = job.permissions ?? wf.permissions;
  if (!block) return {};
  const level = job.permissions ? 'job' : 'workflow';
  if (block.all) return { access: block.all, block, level };
  const v = block.scopes.get('packages');
  const access: Access = v === 'write' ? 'write' : v === 'read' ? 'read' : 'none';
  return { access, block, level };
}

/** The block as it should read: the same scopes plus `packages: write` (block style, and one-line flow style). */
export function permissionsSnippet(block: PermissionsBlock | undefined): { block: string; flow: string } {
  const scopes = new Map(block && !block.all ? block.scopes : [['contents', 'read']]);
  scopes.set('packages', 'write');
  const entries = [...scopes];
  return {
    block: ['permissions:', ...entries.map(([k, v]) => `  ${k}: ${v}`)].join('\n'),
    flow: `permissions: { ${entries.map(([k, v]) => `${k}: ${v}`).join(', ')} }`,
  };
}

/** Variables (in any env block) that carry the job's GITHUB_TOKEN. */
export function githubTokenVars(wf: WorkflowModel): Set<string> {
  const out = new Set<string>();
  const all = [wf.env, ...wf.jobs.map((j) => j.env), ...wf.jobs.flatMap((j) => j.steps.map((s) => s.env))];
  for (const env of all) for (const [k, v] of env) if (GITHUB_TOKEN_EXPR.test(v.value)) out.add(k);
  return out;
}

export const GITHUB_TOKEN_EXPR = /secrets\.GITHUB_TOKEN\b|\bgithub\.token\b/;
// [^}$]: an expression never holds another `${{`, and stopping there keeps a long line of unclosed `${{` linear.
export const SECRET_EXPR = /\$\{\{[^}$]*\b(?:secrets\.[A-Za-z_][A-Za-z0-9_]*|github\.token)\b[^}$]*\}\}/;

/** A run command that opens an SSH session with a remote command (not ssh-keyscan/-keygen/-add). */
export function isSshCommand(text: string): boolean {
  return /(?:^|[\s;&|(])ssh(?:pass\s.*?\sssh)?\s/.test(text);
}

export function isAppleboySsh(step: StepModel): boolean {
  return !!step.uses && /^appleboy\/ssh-action@/i.test(step.uses);
}

export function isAppleboyRemote(step: StepModel): boolean {
  return !!step.uses && /^appleboy\/(?:ssh|scp)-action@/i.test(step.uses);
}
