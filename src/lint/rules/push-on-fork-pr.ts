import { finding } from '../../engine/findings.js';
import { fix } from '../../engine/fixes.js';
import { LINT_FIX_ENV } from './types.js';
import type { Finding } from '../../engine/types.js';
import { envFor, ghcrPushes, isForkGuard } from '../workflow-facts.js';
import type { Located } from '../workflow-model.js';
import type { LintRule } from './types.js';

const GUARD = "if: github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository";

/**
 * A workflow triggered by pull_request pushes without a fork guard: fork PRs get a read-only
 * GITHUB_TOKEN and no secrets, so the push (or the login before it) fails there.
 */
/** A condition that guards forks itself, or through an env variable set from one (`if: fromJSON(env.PUSH)`). */
function guards(expr: string | undefined, env: Map<string, Located>): boolean {
  if (!expr) return false;
  return isForkGuard(expr) || [...expr.matchAll(/\benv\.([A-Za-z_]\w*)/g)].some((m) => isForkGuard(env.get(m[1]!)?.value));
}

export const pushOnForkPr: LintRule = (wf, check) => {
  if (!wf.events.has('pull_request')) return [];
  const out: Finding[] = [];
  for (const job of wf.jobs) {
    if (guards(job.if, envFor(wf, job, undefined))) continue;
    for (const push of ghcrPushes(wf, job)) {
      const env = envFor(wf, job, push.step);
      if (guards(push.step.if, env) || guards(push.condition, env)) continue;
      out.push(
        finding('workflow.push-on-fork-pr', check, {
          title: `Job "${job.id}" pushes on pull_request without a fork guard`,
          detail:
            `The workflow runs on pull_request and this step pushes (${push.what}) with no condition on github.event_name, github.ref or ` +
            `github.event.pull_request.head.repo. Pull requests from forks get a read-only token and no secrets, so it fails there. Guard the step:\n${GUARD}`,
          evidence: { file: wf.file, line: push.line, job: job.id },
          fixes: [fix('workflow.fork-guard', LINT_FIX_ENV)],
        }),
      );
    }
  }
  return out;
};
