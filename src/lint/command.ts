import os from 'node:os';
import { expandHome } from '../io/expand-home.js';
import path from 'node:path';
import type { ParsedArgs } from '../cli/args.js';
import type { Runtime } from '../cli/runtime.js';
import { emitReport } from '../cli/ci-diagnosis.js';
import { UsageError } from '../cli/errors.js';
import { VERSION } from '../engine/version.js';
import { exitCodeFor } from '../engine/outcome.js';
import type { CheckRecord } from '../engine/types.js';
import { buildReport } from '../report/report.js';
import { colorEnabled, makePaint } from '../report/status-style.js';
import { TextReporter } from '../report/text.js';
import { fileVerdict, findWorkflowsDir, lintDirectory, WorkflowsDirMissing } from './lint.js';

export const DEFAULT_WORKFLOWS_DIR = '.github/workflows';

/**
 * `ghcr-doctor lint [DIR]`: offline, one check per workflow file, the schema v1 report, exit codes as
 * for a diagnosis. A YAML syntax error is reported for its file (file:line) and makes the exit code 2
 * (the input could not be read), which takes precedence as the contract orders them.
 */
export async function runLint(args: ParsedArgs, rt: Runtime): Promise<number> {
  const { output } = rt;
  if (args.positionals.length > 1) throw new UsageError('lint takes one directory', ['ghcr-doctor lint [DIR]   (default .github/workflows)']);
  const given = expandHome(args.positionals[0] ?? args.workflows ?? '.', rt.env.HOME || os.homedir());
  const display = (file: string) => {
    const rel = path.relative(rt.cwd, file);
    return rel.startsWith('..') ? file : rel;
  };
  let dir: string | undefined;
  try {
    dir = await findWorkflowsDir(path.resolve(rt.cwd, given), rt.io.fs);
  } catch (error) {
    if (error instanceof WorkflowsDirMissing)
      throw new UsageError(`no workflows directory at ${given}`, ['ghcr-doctor lint DIR, or run it at the repository root']);
    throw error;
  }
  // Never "healthy" for nothing: a folder without workflows is input lint cannot use.
  if (!dir)
    throw new UsageError(`no GitHub Actions workflows in ${given} or the folders above it (no ${DEFAULT_WORKFLOWS_DIR})`, [
      'ghcr-doctor lint DIR   (a repository, a folder in it, or a workflows folder)',
    ]);
  const startedAt = rt.io.clock.now();
  let results;
  try {
    results = await lintDirectory(dir, rt.io.fs, { displayName: display, checkFor: (name) => `workflows.lint:${name}` });
  } catch (error) {
    if (error instanceof WorkflowsDirMissing)
      throw new UsageError(`no workflows directory at ${given}`, ['ghcr-doctor lint DIR, or run it at the repository root']);
    throw error;
  }
  const paint = makePaint(colorEnabled(rt.env, output.stdoutIsTty, args.noColor));
  const text = args.json ? undefined : new TextReporter(output.out, paint, args.verbose);
  const checks: CheckRecord[] = results.map((r) => {
    const v = fileVerdict(r);
    return { id: `workflows.lint:${r.file}`, title: `Workflow ${r.file}`, status: v.status, durationMs: 0, summary: v.summary, dependsOn: [] };
  });
  if (results.length === 0) throw new UsageError(`no workflow files (*.yml, *.yaml) in ${display(dir) || '.'}`, ['ghcr-doctor lint DIR']);
  for (const check of checks) text?.onEvent({ type: 'check:done', check });
  const findings = results.flatMap((r) => r.findings);
  const unreadable = results.some((r) => r.syntaxError);
  const exitCode = unreadable ? 2 : exitCodeFor(findings, { strict: args.strict });
  const report = buildReport({ version: VERSION, startedAt, durationMs: rt.io.clock.now() - startedAt, target: {}, checks, findings, exitCode });
  await emitReport(report, args, rt, text);
  return exitCode;
}
