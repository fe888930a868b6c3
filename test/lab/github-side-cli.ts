import { afterAll, beforeAll } from 'vitest';
import { runCli } from '../cli/diagnose-harness.js';
import { ensureBuilt } from '../helpers/built-cli.js';
import type { Lab } from './harness.js';
import { labHome } from './registry-world.js';
import { useLab } from './use-lab.js';

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

/**
 * A lab for `world` and an empty HOME for `doctor` runs, as vitest hooks of the calling describe block
 * (the CLI rebuilt first when src/ is newer); both removed after it. `ready` receives the lab and the
 * HOME folder once they exist (the test keeps them and seeds images).
 */
export function useCliLab(world: unknown, ready: (lab: Lab, home: string) => Promise<void> | void, timeoutMs = 120_000): void {
  let home: { dir: string; cleanup(): Promise<void> } | undefined;
  beforeAll(() => ensureBuilt(), timeoutMs);
  useLab(
    world,
    async (lab) => {
      home = await labHome();
      await ready(lab, home.dir);
    },
    timeoutMs,
  );
  // After-hooks run in reverse order (vitest's default 'stack'): HOME goes before the lab stops.
  afterAll(async () => home?.cleanup());
}
