import path from 'node:path';
import type { CheckOutcome } from '../engine/types.js';
import type { DiagnosisCheck } from '../diagnosis/context.js';

/**
 * How a file is named in findings (and Actions annotations, which want repository-relative paths):
 * as given when DIR is relative (`--workflows ci/workflows`), `.github/workflows/x.yml` for a
 * repository's workflows folder, else DIR's name and the file.
 */
function displayName(dir: string, file: string): string {
  if (!path.isAbsolute(dir)) return path.join(dir, path.basename(file));
  const root = path.basename(dir) === 'workflows' && path.basename(path.dirname(dir)) === '.github' ? path.dirname(path.dirname(dir)) : path.dirname(dir);
  return path.relative(root, file);
}

/** The workflow linter as part of the diagnosis, when a workflows directory is known (--workflows or ./.github/workflows). */
export const workflowsCheck: DiagnosisCheck = {
  id: 'workflows.lint',
  title: 'Workflows',
  dependsOn: [],
  writes: [],
  timeoutMs: 10_000,
  async run(ctx): Promise<CheckOutcome> {
    const dir = ctx.inputs.workflowsDir;
    if (!dir) return { status: 'skip', summary: 'no workflows directory (--workflows DIR)' };
    // The linter brings the YAML parser: loaded only when there are workflows to read.
    const { fileVerdict, lintDirectory, WorkflowsDirMissing } = await import('../lint/lint.js');
    let results;
    try {
      results = await lintDirectory(dir, ctx.io.fs, { displayName: (f) => displayName(dir, f), checkFor: () => this.id });
    } catch (error) {
      if (error instanceof WorkflowsDirMissing) return { status: 'skip', summary: `no workflows directory at ${dir}` };
      throw error;
    }
    if (results.length === 0) return { status: 'skip', summary: `no workflow files in ${dir}` };
    const findings = results.flatMap((r) => r.findings);
    const broken = results.filter((r) => r.syntaxError).map((r) => fileVerdict(r).summary);
    const errors = findings.filter((f) => f.severity === 'error').length;
    const warnings = findings.length - errors;
    const counts = findings.length === 0 ? 'no GHCR pitfalls' : `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
    const summary = [`${results.length} workflow${results.length === 1 ? '' : 's'}: ${counts}`, ...broken].join('; ');
    const status = errors > 0 ? 'fail' : warnings > 0 || broken.length > 0 ? 'warn' : 'pass';
    // Nothing depends on this check; a failure here must not hide the registry checks.
    return { status, summary, findings, dependantsMayRun: true };
  },
};
