import { finding } from '../../engine/findings.js';
import { fix } from '../../engine/fixes.js';
import { LINT_FIX_ENV } from './types.js';
import type { Finding } from '../../engine/types.js';
import { shellCommands } from '../workflow-model.js';
import { GITHUB_TOKEN_EXPR, githubTokenVars, isAppleboySsh, isSshCommand } from '../workflow-facts.js';
import type { LintRule } from './types.js';

/**
 * GITHUB_TOKEN handed to a deploy server: it dies when the job ends (6 h at most), so the login
 * stored there breaks the next pull (restart, cron, auto-update). The seed runbook's deploy does
 * exactly this: `ssh … "GITHUB_TOKEN='${{ secrets.GITHUB_TOKEN }}' bash setup-auth.sh"`.
 */
export const githubTokenOnServer: LintRule = (wf, check) => {
  const out: Finding[] = [];
  const tokenVars = githubTokenVars(wf);
  const mentionsToken = (text: string) =>
    GITHUB_TOKEN_EXPR.test(text) ||
    [...text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)|\benv\.([A-Za-z_][A-Za-z0-9_]*)/g)].some((m) => tokenVars.has((m[1] ?? m[2])!));
  const report = (line: number, job: string, how: string) =>
    out.push(
      finding('workflow.github-token-on-server', check, {
        title: 'GITHUB_TOKEN is handed to the deploy server',
        detail: `Job "${job}" sends the job's GITHUB_TOKEN to the server (${how}). It expires when the job ends, so a login stored with it fails at the next restart or pull. Give the server its own read:packages credential once, over stdin.`,
        evidence: { file: wf.file, line, job, how },
        fixes: [fix('server.own-credential', LINT_FIX_ENV)],
      }),
    );
  for (const job of wf.jobs) {
    for (const step of job.steps) {
      if (isAppleboySsh(step)) {
        for (const l of step.with.get('script')?.lines ?? []) if (mentionsToken(l.text)) report(l.line, job.id, 'ssh-action script');
        const envs = step.with.get('envs');
        if (envs && envs.value.split(',').some((n) => tokenVars.has(n.trim()) || n.trim() === 'GITHUB_TOKEN')) report(envs.line, job.id, 'ssh-action envs');
      }
      if (!step.run) continue;
      for (const cmd of shellCommands(step.run)) {
        if (!isSshCommand(cmd.text)) continue;
        for (const part of cmd.parts) if (mentionsToken(part.text)) report(part.line, job.id, 'ssh remote command');
      }
    }
  }
  return out;
};
