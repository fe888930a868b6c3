import { finding } from '../../engine/findings.js';
import { fix } from '../../engine/fixes.js';
import { LINT_FIX_ENV } from './types.js';
import type { Finding } from '../../engine/types.js';
import { effectivePackages, ghcrPushes, permissionsSnippet } from '../workflow-facts.js';
import type { LintRule } from './types.js';

/**
 * A job that pushes to GHCR whose effective `permissions:` lack `packages: write`. With no block
 * anywhere the repository default applies, which lint cannot know offline: nothing is reported
 * (the diagnosis reads it through the API with --repo).
 */
export const missingPackagesWrite: LintRule = (wf, check) => {
  const out: Finding[] = [];
  for (const job of wf.jobs) {
    const pushes = ghcrPushes(wf, job);
    if (pushes.length === 0) continue;
    const eff = effectivePackages(wf, job);
    if (eff.access === undefined || eff.access === 'write') continue;
    const where =
      eff.level === 'job'
        ? `its permissions block (line ${eff.block!.line})`
        : `the workflow's permissions block (line ${eff.block!.line}), which applies to it,`;
    const granted = eff.block!.all
      ? `${eff.block!.all}-all (packages: read)`
      : eff.access === 'none'
        ? 'no packages access (an unlisted scope is none)'
        : `packages: ${eff.access}`;
    const line = eff.level === 'job' ? eff.block!.line : job.line;
    const snippet = permissionsSnippet(eff.block);
    out.push(
      finding('workflow.missing-packages-write', check, {
        title: `Job "${job.id}" pushes to GHCR without packages: write`,
        detail:
          `Job "${job.id}" pushes (${pushes[0]!.what}, line ${pushes[0]!.line}) but ${where} grants ${granted}. ` +
          `GITHUB_TOKEN cannot push with that. Declare in the job:\n${snippet.block}`,
        evidence: { file: wf.file, line, job: job.id, packages: eff.access, level: eff.level, permissionsLine: eff.block!.line, pushLine: pushes[0]!.line },
        fixes: [fix('workflow.add-packages-write', LINT_FIX_ENV, { job: job.id, lines: [snippet.flow] })],
      }),
    );
  }
  return out;
};
