import type { CheckOutcome } from '../engine/types.js';
import type { DiagnosisCheck } from '../diagnosis/context.js';
import { finding } from '../engine/findings.js';
import { fix } from '../engine/fixes.js';
import { localFixEnv } from './fix-env.js';
import { repoName, triageReply } from './repo-common.js';
import { apiMessage, githubCall } from './token-github.js';
import { pushingJobsWithoutWrite } from './repo-workflow-pushers.js';

/**
 * The repository's default GITHUB_TOKEN permissions. Read-only (GitHub's default for repos
 * created since 2023-02-02) means every pushing job must declare `packages: write` itself. With a
 * workflows directory, the jobs that push without it are named (the linter's parser); without one
 * nothing can be judged offline, so the check passes and says what to check.
 */
export const repoWorkflowPermissionsCheck: DiagnosisCheck = {
  id: 'repo.workflow-permissions',
  title: 'Workflow token permissions',
  dependsOn: ['token.discovery'],
  writes: [],
  // The token's scopes (token.identity) tell whether a 404 is the missing repo scope rather than admin rights.
  after: ['token.identity'],
  timeoutMs: 15_000,
  waitsOn: 'the GitHub API',
  async run(ctx, signal): Promise<CheckOutcome> {
    const repo = repoName(ctx);
    if (!ctx.inputs.repo || !repo) return { status: 'skip', summary: 'no repository given (--repo)' };
    if (!ctx.facts.token) return { status: 'skip', summary: 'no token for the GitHub API' };
    const { owner, name } = ctx.inputs.repo;
    const { outcome, reply } = triageReply(
      ctx,
      this.id,
      await githubCall(ctx, 'GET /repos/{owner}/{repo}/actions/permissions/workflow', { owner, repo: name }, signal),
      `GET /repos/${repo}/actions/permissions/workflow`,
    );
    if (outcome) return outcome;
    const { status } = reply.answer;
    if (status === 403 || status === 404) {
      // A 403 says why itself ("Must have admin rights to Repository.", or an SSO or policy refusal,
      // which no admin right cures); a 404 ("Not Found") is what a non-admin gets too.
      // A classic token without the repo scope gets that 404 too, admin or not.
      const message = apiMessage(reply.answer);
      const scopes = ctx.facts.identity?.scopes;
      const summary =
        status === 403 && message
          ? `cannot read ${repo}'s Actions settings (403: ${message})`
          : scopes != null && !scopes.includes('repo')
            ? `cannot read ${repo}'s Actions settings (${status}): this token lacks the repo scope that reading them needs`
            : `cannot read ${repo}'s Actions settings (${status}): needs admin rights on the repository`;
      return { status: 'skip', summary: ctx.redactor.redact(summary) };
    }
    if (status !== 200) {
      const message = apiMessage(reply.answer);
      return { status: 'skip', summary: ctx.redactor.redact(`the GitHub API answered ${status}${message ? `: ${message}` : ''}`) };
    }
    const data = (reply.answer.data ?? {}) as { default_workflow_permissions?: string };
    const mode = data.default_workflow_permissions;
    if (mode === 'write') return { status: 'pass', summary: `${repo}: GITHUB_TOKEN may write by default` };
    if (mode !== 'read') return { status: 'skip', summary: `${repo}: the API did not say the default workflow permissions` };
    const dir = ctx.inputs.workflowsDir;
    const shown = dir ?? '.github/workflows';
    const jobs = await pushingJobsWithoutWrite(dir, ctx.io.fs);
    // The finding needs both halves [contract]: a read-only default AND a pushing job without packages: write.
    // With no workflows to read, the second half is unknown, and a warning would be a false alarm.
    if (!jobs) {
      return {
        status: 'pass',
        summary: `${repo}: GITHUB_TOKEN is read-only by default; no workflows here to check (jobs that push need permissions: packages: write; ghcr-doctor lint DIR checks them)`,
      };
    }
    if (jobs.length === 0) {
      return { status: 'pass', summary: `${repo}: GITHUB_TOKEN is read-only by default, and every job in ${shown} that pushes declares packages: write` };
    }
    const which = `These jobs push without it: ${jobs.map((j) => `${j.file}:${j.line} (${j.job}${j.packages === 'default' ? ', no permissions block' : `, packages: ${j.packages}`})`).join(', ')}.`;
    const f = finding('actions.default-token-read-only', this.id, {
      title: `${repo}: GITHUB_TOKEN is read-only by default`,
      detail: `Default workflow permissions are read-only, so a job that pushes to the registry needs its own permissions: packages: write (an explicit permissions: block sets every unlisted scope to none). ${which} Adding the block to the job is better than flipping the repository default (which an org may enforce: 409).`,
      evidence: { repo, defaultWorkflowPermissions: 'read', jobs },
      fixes: [
        fix('workflow.add-packages-write', localFixEnv(ctx), { lines: [`ghcr-doctor lint ${shown}`] }),
        fix('actions.default-write', localFixEnv(ctx), { repo }),
      ],
    });
    return { status: 'warn', summary: f.title, findings: [f] };
  },
};
