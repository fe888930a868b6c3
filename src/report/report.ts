import type { CheckRecord, Finding } from '../engine/types.js';
import { outcomeFor, type Outcome } from '../engine/outcome.js';
import { orderByCause } from '../engine/causes.js';

export interface ReportTarget {
  registry?: string;
  image?: string;
  owner?: string;
  package?: string;
  tag?: string;
  user?: string;
  repo?: string;
  server?: string;
  /** `push` or `pull` (contract Additions: --intent). */
  intent?: string;
  /** Every deploy server, `USER@HOST:PORT`; `server` is the first. */
  servers?: string[];
}

/** The JSON report, schema version 1 (README, "JSON report"). */
export interface Report {
  schemaVersion: 1;
  tool: { name: 'ghcr-doctor'; version: string };
  demo?: true;
  startedAt: string;
  durationMs: number;
  target: ReportTarget;
  checks: CheckRecord[];
  findings: Finding[];
  outcome: Outcome;
  exitCode: number;
}

export function buildReport(parts: {
  version: string;
  startedAt: number;
  durationMs: number;
  target: ReportTarget;
  checks: CheckRecord[];
  findings: Finding[];
  exitCode: number;
  demo?: boolean;
}): Report {
  const target: ReportTarget = {};
  for (const [k, v] of Object.entries(parts.target)) if (v !== undefined) (target as Record<string, unknown>)[k] = v;
  return {
    schemaVersion: 1,
    tool: { name: 'ghcr-doctor', version: parts.version },
    ...(parts.demo ? { demo: true as const } : {}),
    startedAt: new Date(parts.startedAt).toISOString(),
    durationMs: parts.durationMs,
    target,
    checks: parts.checks,
    findings: orderByCause(parts.findings),
    outcome: outcomeFor(parts.exitCode),
    exitCode: parts.exitCode,
  };
}
