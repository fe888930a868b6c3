import { sanitizeText } from '../engine/sanitize.js';
import path from 'node:path';
import type { Finding } from '../engine/types.js';
import type { FileSystem } from '../io/types.js';
import { parseWorkflow, WorkflowSyntaxError } from './workflow-model.js';
import type { LintRule } from './rules/types.js';
import { missingPackagesWrite } from './rules/missing-packages-write.js';
import { uppercaseImageRef } from './rules/uppercase-image-ref.js';
import { hostKeyCheckingDisabled } from './rules/host-key-checking-disabled.js';
import { tokenInCommandLine } from './rules/token-in-command-line.js';
import { githubTokenOnServer } from './rules/github-token-on-server.js';
import { pushOnForkPr } from './rules/push-on-fork-pr.js';
import { firstLine } from '../engine/text.js';

export const RULES: LintRule[] = [missingPackagesWrite, uppercaseImageRef, githubTokenOnServer, tokenInCommandLine, hostKeyCheckingDisabled, pushOnForkPr];

export interface FileLintResult {
  /** Path as given to the linter (relative to the directory's parent when linting a directory). */
  file: string;
  findings: Finding[];
  /** The file could not be parsed, or (`unreadable`) not read at all: a directory, a symlink loop, no permission. */
  syntaxError?: { line: number; message: string; unreadable?: true };
}

/** Lints one workflow text; a YAML syntax error is a result (file:line), never a throw. */
export function lintSource(file: string, source: string, check: string): FileLintResult {
  try {
    const wf = parseWorkflow(file, source);
    const findings = RULES.flatMap((rule) => rule(wf, check)).map((f) => ({ ...f, detail: `${file}:${String(f.evidence.line)}: ${f.detail}` }));
    findings.sort((a, b) => (a.evidence.line as number) - (b.evidence.line as number));
    return { file, findings };
  } catch (error) {
    if (error instanceof WorkflowSyntaxError) return { file, findings: [], syntaxError: { line: error.line, message: error.message } };
    throw error;
  }
}

export class WorkflowsDirMissing extends Error {
  constructor(readonly dir: string) {
    super(`no workflows directory at ${dir}`);
  }
}

/** The workflow files of a directory (`*.yml`, `*.yaml`), sorted, as paths joined to `dir`; a single workflow file as itself. */
export async function workflowFiles(dir: string, fs: FileSystem): Promise<string[]> {
  let isDir = false;
  try {
    const st = await fs.stat(dir);
    if (st.isFile() && /\.ya?ml$/i.test(dir)) return [dir];
    isDir = st.isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new WorkflowsDirMissing(dir);
  return (await fs.readdir(dir))
    .filter((f) => /\.ya?ml$/i.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

async function isDirectory(p: string, fs: FileSystem): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The workflows a `lint DIR` means: DIR itself when it is a workflow file or holds `*.yml` files;
 * otherwise the nearest `.github/workflows` at or above DIR (as actionlint finds them), not looking
 * past the repository root (the folder with `.git`). Undefined when there is none; a DIR that does not
 * exist is WorkflowsDirMissing.
 */
export async function findWorkflowsDir(dir: string, fs: FileSystem): Promise<string | undefined> {
  let st;
  try {
    st = await fs.stat(dir);
  } catch {
    throw new WorkflowsDirMissing(dir);
  }
  if (st.isFile()) return /\.ya?ml$/i.test(dir) ? dir : undefined;
  if ((await fs.readdir(dir)).some((f) => /\.ya?ml$/i.test(f))) return dir;
  for (let at = dir; ; at = path.dirname(at)) {
    const candidate = path.join(at, '.github', 'workflows');
    if (await isDirectory(candidate, fs)) return candidate;
    if ((await fs.exists(path.join(at, '.git'))) || path.dirname(at) === at) return undefined;
  }
}

export interface LintDirectoryOptions {
  /** How a file is named in findings and messages (e.g. relative to the working directory). */
  displayName: (file: string) => string;
  /** The check id each file's findings belong to. */
  checkFor: (displayName: string) => string;
}

/** Lints every workflow of a directory. */
export async function lintDirectory(dir: string, fs: FileSystem, options: LintDirectoryOptions): Promise<FileLintResult[]> {
  const out: FileLintResult[] = [];
  for (const file of await workflowFiles(dir, fs)) {
    // A file name is outside text (a newline in it would start a workflow command): sanitised once, here.
    const name = sanitizeText(options.displayName(file));
    let source: string;
    try {
      source = (await fs.readFile(file)).toString('utf8');
    } catch (error) {
      out.push({ file: name, findings: [], syntaxError: { line: 1, message: sanitizeText(firstLine((error as Error).message)), unreadable: true } });
      continue;
    }
    out.push(lintSource(name, source, options.checkFor(name)));
  }
  return out;
}

/** Pass, warn or fail for one file's result, and a one-line summary. */
export function fileVerdict(r: FileLintResult): { status: 'pass' | 'warn' | 'fail' | 'error'; summary: string } {
  if (r.syntaxError?.unreadable) return { status: 'error', summary: `${r.file}: cannot read: ${r.syntaxError.message}` };
  if (r.syntaxError) return { status: 'error', summary: `${r.file}:${r.syntaxError.line}: YAML syntax error: ${r.syntaxError.message}` };
  const errors = r.findings.filter((f) => f.severity === 'error').length;
  const warnings = r.findings.filter((f) => f.severity === 'warning').length;
  if (errors + warnings === 0) return { status: 'pass', summary: 'no GHCR pitfalls' };
  const parts = [errors ? `${errors} error${errors === 1 ? '' : 's'}` : '', warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : ''].filter(Boolean);
  return { status: errors ? 'fail' : 'warn', summary: parts.join(', ') };
}
