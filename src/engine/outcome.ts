import type { Finding } from './types.js';

export type Outcome = 'healthy' | 'problems' | 'inconclusive';
export type DiagnosisExitCode = 0 | 1 | 3;

/** Findings that say something could not be judged, not that something is wrong. */
const UNREACHABLE = new Set(['registry.unreachable', 'ssh.unreachable', 'diagnosis.incomplete']);

/**
 * Exit code per the contract: 1 for any error finding other than the unreachable ones, 3 when the
 * only errors are unreachable ones (or diagnosis.incomplete), 0 otherwise; --strict makes warnings count as errors.
 */
export function exitCodeFor(findings: Finding[], options: { strict?: boolean } = {}): DiagnosisExitCode {
  const failing = findings.filter((f) => f.severity === 'error' || (options.strict && f.severity === 'warning'));
  if (failing.some((f) => !UNREACHABLE.has(f.id))) return 1;
  if (failing.length > 0) return 3;
  return 0;
}

export function outcomeFor(code: number): Outcome {
  if (code === 0) return 'healthy';
  if (code === 3) return 'inconclusive';
  return 'problems';
}
