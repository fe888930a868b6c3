import type { FileSystem } from '../io/types.js';

export interface PushingJob {
  file: string;
  job: string;
  line: number;
  /** What the job's token gets for packages: `default` when no permissions block applies. */
  packages: 'default' | 'read' | 'none';
}

/**
 * Jobs that push to the registry without declaring `packages: write` (the linter's parser and GitHub's
 * permissions semantics). undefined when there is no workflows directory to look at.
 */
export async function pushingJobsWithoutWrite(dir: string | undefined, fs: FileSystem): Promise<PushingJob[] | undefined> {
  if (!dir) return undefined;
  // The linter's modules bring the YAML parser: loaded only when there are workflows to read.
  const [{ workflowFiles, WorkflowsDirMissing }, { effectivePackages, ghcrPushes }, { parseWorkflow, WorkflowSyntaxError }] = await Promise.all([
    import('../lint/lint.js'),
    import('../lint/workflow-facts.js'),
    import('../lint/workflow-model.js'),
  ]);
  let files: string[];
  try {
    files = await workflowFiles(dir, fs);
  } catch (error) {
    if (error instanceof WorkflowsDirMissing) return undefined;
    throw error;
  }
  const out: PushingJob[] = [];
  for (const file of files) {
    let source: string;
    try {
      source = (await fs.readFile(file)).toString('utf8');
    } catch {
      continue; // unreadable files are the linter's to report
    }
    let wf;
    try {
      wf = parseWorkflow(file, source);
    } catch (error) {
      if (error instanceof WorkflowSyntaxError) continue;
      throw error;
    }
    for (const job of wf.jobs) {
      if (ghcrPushes(wf, job).length === 0) continue;
      const access = effectivePackages(wf, job).access;
      if (access === 'write') continue;
      out.push({ file, job: job.id, line: job.line, packages: access ?? 'default' });
    }
  }
  return out;
}
