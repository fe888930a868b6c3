import { runCli } from '../cli/diagnose-harness.js';
import type { Lab } from './harness.js';

/** The parts of a schema v1 report the GitHub-side lab tests read. */
export interface ReportFinding {
  id: string;
  severity: 'error' | 'warning' | 'info';
  check: string;
  title: string;
  detail: string;
  evidence: Record<string, unknown>;
  fixes: Array<{ id: string; title: string; commands: string[]; links: string[] }>;
}

export interface DoctorRun {
  code: number | null;
  outcome: string;
  findings: ReportFinding[];
  ids: string[];
  byId(id: string): ReportFinding | undefined;
  /** check id → status */
  status: Record<string, string>;
  /** Findings of severity error or warning (a healthy run has none). */
  alarms: ReportFinding[];
  stderr: string;
}

/**
 * `ghcr-doctor --ci --json ARGS` with only PATH, the lab's env and `env`, run in `home` (also HOME: no
 * git remote, no workflows, no stored logins). The token (when given) travels in the environment or a
 * file, never argv. Fails the test if any token of the world shows up in the output.
 */
export async function doctor(lab: Lab, home: string, args: string[], env: Record<string, string> = {}): Promise<DoctorRun> {
  const res = await runCli(['--ci', '--json', ...args], { cwd: home, env: { NO_COLOR: '1', ...lab.env, HOME: home, ...env }, killAfterMs: 90_000 });
  const leaked = lab.world.tokens.find((t) => res.stdout.includes(t.value) || res.stderr.includes(t.value));
  if (leaked) throw new Error(`a token (${leaked.value.slice(0, 4)}…) appears in the CLI output`);
  let report: { exitCode: number; outcome: string; findings: ReportFinding[]; checks: Array<{ id: string; status: string }> };
  try {
    report = JSON.parse(res.stdout) as typeof report;
  } catch {
    throw new Error(`not a JSON report (exit ${res.code}):\nstdout: ${res.stdout.slice(0, 1500)}\nstderr: ${res.stderr.slice(0, 1500)}`);
  }
  if (report.exitCode !== res.code) throw new Error(`report.exitCode ${report.exitCode} differs from the process exit code ${res.code}`);
  return {
    code: res.code,
    outcome: report.outcome,
    findings: report.findings,
    ids: report.findings.map((f) => f.id),
    byId: (id) => report.findings.find((f) => f.id === id),
    status: Object.fromEntries(report.checks.map((c) => [c.id, c.status])),
    alarms: report.findings.filter((f) => f.severity !== 'info'),
    stderr: res.stderr,
  };
}

/** `HOST/OWNER/NAME:TAG` on the lab registry. */
export function labImage(lab: Lab, ref: string): string {
  return `${lab.registryHost}/${ref}`;
}
