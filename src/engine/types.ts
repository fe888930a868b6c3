import type { FindingId } from './catalog.js';
import type { FixId } from './fixes.js';

export type Severity = 'error' | 'warning' | 'info';

/** Status of a finished check, as the JSON report spells it. */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip' | 'error';

export type FixKind = 'manual' | 'command' | 'automatic';

export interface Fix {
  id: FixId;
  title: string;
  kind: FixKind;
  commands: string[];
  links: string[];
  /** Where the commands run: 'local' (this machine) or the deploy server's `USER@HOST:PORT`. */
  runOn?: 'local' | string;
}

export interface Finding {
  id: FindingId;
  severity: Severity;
  check: string;
  title: string;
  detail: string;
  evidence: Record<string, unknown>;
  fixes: Fix[];
  /** `USER@HOST:PORT` of the deploy server an `ssh.*` / `server.*` finding is about (set by the diagnosis). */
  server?: string;
  /** The id of the finding this one is a consequence of (contract Additions: root causes first). */
  causedBy?: string;
}

/** What a check's run() hands back; the runner adds id, timing and status bookkeeping. */
export interface CheckOutcome {
  status: Exclude<CheckStatus, 'skip' | 'error'> | 'skip';
  summary: string;
  findings?: Finding[];
  /**
   * A failed check normally stops its dependants. A check that failed but still produced
   * what they need (a malformed token that could be cleaned) sets this so they run anyway.
   */
  dependantsMayRun?: boolean;
}

export interface Check<Ctx> {
  id: string;
  title: string;
  dependsOn: string[];
  /**
   * Checks whose findings this one uses when they have them: it runs after them and is skipped only when
   * one of them reached a verdict against the input (status fail). One that could not judge (error,
   * skip: an API that answered HTML, a timeout) does not hold it back.
   */
  after?: string[];
  /** Milliseconds; the runner also stops everything at the overall deadline. */
  timeoutMs: number;
  /** Instead of timeoutMs when the run can ask a person (a prompt the check may show waits on them). */
  askingTimeoutMs?: number;
  /** What the check waits on, for "still waiting on …" hints in the TUI. */
  waitsOn?: string;
  /**
   * The part of run() that needs only `dependsOn`, not `after` (a request whose inputs are already
   * known): the runner starts it as soon as `dependsOn` are done and hands its promise to run(), so the
   * round trip overlaps the wait for `after`. Return undefined to start nothing. When the check does not
   * run after all (skipped), or is stopped, its signal is aborted and its result is dropped.
   */
  prepare?(ctx: Ctx, signal: AbortSignal): Promise<unknown> | undefined;
  /** `prepared`: what prepare() started, if it started anything. */
  run(ctx: Ctx, signal: AbortSignal, prepared?: Promise<unknown>): Promise<CheckOutcome>;
}

export interface CheckRecord {
  id: string;
  title: string;
  status: CheckStatus;
  durationMs: number;
  summary: string;
  dependsOn: string[];
  /** `USER@HOST:PORT` for the `ssh.*` / `server.*` checks of one deploy server. */
  server?: string;
}

export type EngineEvent =
  | { type: 'check:start'; id: string; title: string; waitsOn?: string; at: number; server?: string }
  | { type: 'check:done'; check: CheckRecord }
  | { type: 'check:skipped'; check: CheckRecord }
  | { type: 'finding'; finding: Finding }
  | { type: 'run:done'; checks: CheckRecord[]; findings: Finding[]; durationMs: number };

export type EngineListener = (event: EngineEvent) => void;
