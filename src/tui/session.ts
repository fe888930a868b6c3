/**
 * One interactive diagnosis: the checks, the shared context (facts survive between re-checks), and
 * the outcome of every check so far. Runs the whole list, or a subset (after a fix, or one learn step)
 * with everything outside the subset replayed from its last outcome. No React, no Ink.
 */
import { runChecks } from '../engine/runner.js';
import type { Check, CheckOutcome, EngineListener } from '../engine/types.js';
import type { Redactor } from '../engine/redact.js';
import type { Io } from '../io/types.js';
import type { DiagnosisContext } from '../diagnosis/context.js';
import type { DiagnosisInputs } from '../diagnosis/inputs.js';
import { unjudgedEssentials } from '../diagnosis/essential.js';
import { errorLine } from '../engine/text.js';

type Remembered = { kind: 'outcome'; outcome: CheckOutcome } | { kind: 'error'; message: string };

export interface SessionOptions {
  inputs: DiagnosisInputs;
  io: Io;
  redactor: Redactor;
  checks: Array<Check<DiagnosisContext>>;
  /** Ctrl-C: aborts whatever runs. */
  signal: AbortSignal;
}

/** Ids in `ids` plus every check that (transitively) depends on one of them, in list order. */
export function withDependants(checks: Array<{ id: string; dependsOn: string[] }>, ids: string[]): string[] {
  const wanted = new Set(ids);
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of checks) {
      if (!wanted.has(c.id) && c.dependsOn.some((d) => wanted.has(d))) {
        wanted.add(c.id);
        grew = true;
      }
    }
  }
  return checks.filter((c) => wanted.has(c.id)).map((c) => c.id);
}

/** Resolves `token.*`-style patterns against the known check ids; unknown ids are dropped. */
export function resolveCheckIds(checks: Array<{ id: string }>, patterns: string[]): string[] {
  return checks.map((c) => c.id).filter((id) => patterns.some((p) => (p.endsWith('*') ? id.startsWith(p.slice(0, -1)) : id === p)));
}

export class DiagnosisSession {
  readonly context: DiagnosisContext;
  readonly checks: Array<Check<DiagnosisContext>>;
  private readonly remembered = new Map<string, Remembered>();
  private inFlight: Promise<unknown> = Promise.resolve();
  private adopted: string | undefined;

  constructor(private readonly opts: SessionOptions) {
    this.checks = opts.checks;
    this.context = { inputs: opts.inputs, io: opts.io, facts: {}, redactor: opts.redactor };
    if (opts.inputs.stdinToken) opts.redactor.addSecret(opts.inputs.stdinToken);
  }

  get inputs(): DiagnosisInputs {
    return this.context.inputs;
  }

  /** A token the user pasted during a fix becomes the run's token for every later check. */
  adoptToken(token: string): void {
    this.opts.redactor.addSecret(token);
    this.adopted = token;
    this.context.inputs = { ...this.context.inputs, stdinToken: token, tokenFile: undefined };
  }

  /** The user picked another registry probe on screen (contract: session unless --probe push or chosen). */
  useProbe(probe: DiagnosisInputs['probe']): void {
    this.context.inputs = { ...this.context.inputs, probe };
  }

  /** The credential the checks found (or the one adopted), for fixes that call the API. */
  currentToken(): string | undefined {
    return this.adopted ?? this.context.facts.token?.value ?? this.context.inputs.stdinToken;
  }

  /** Every check, from a clean slate of facts. */
  runAll(listener: EngineListener): Promise<void> {
    this.context.facts = {};
    this.remembered.clear();
    return this.track(this.runScope(null, listener));
  }

  /** Only `ids` (already closed under dependants where the caller wants that). */
  runSubset(ids: string[], listener: EngineListener): Promise<void> {
    return this.track(this.runScope(ids, listener));
  }

  /** Resolves when nothing runs any more (after Ctrl-C, before the process exits). */
  settled(): Promise<void> {
    return this.inFlight.then(
      () => undefined,
      () => undefined,
    );
  }

  private track(p: Promise<void>): Promise<void> {
    this.inFlight = p;
    return p;
  }

  private async runScope(ids: string[] | null, listener: EngineListener): Promise<void> {
    const { inputs } = this.context;
    const inScope = (id: string) => ids === null || ids.includes(id);
    const checks = this.checks.map((c) => (inScope(c.id) ? this.remembering(c, inputs.timeoutMs) : this.replay(c)));
    const deadline = AbortSignal.timeout(inputs.timeoutMs);
    const signal = AbortSignal.any([this.opts.signal, deadline]);
    // Replayed checks are bookkeeping for the runner's dependency rules, not news for the UI.
    const filtered: EngineListener = (e) => {
      if (e.type === 'run:done') return listener(e);
      const id = e.type === 'check:start' ? e.id : e.type === 'finding' ? e.finding.check : e.check.id;
      if (inScope(id)) listener(e);
    };
    await runChecks(checks, this.context, filtered, {
      signal,
      now: () => this.opts.io.clock.now(),
      describeError: (e) => this.opts.redactor.redact(errorLine(e)),
      conclude: (records) => unjudgedEssentials(inputs, records),
    });
  }

  private remembering(check: Check<DiagnosisContext>, overallMs: number): Check<DiagnosisContext> {
    const remembered = this.remembered;
    return {
      ...check,
      timeoutMs: Math.min(check.timeoutMs, overallMs),
      async run(ctx, signal) {
        try {
          const outcome = await check.run.call(check, ctx, signal);
          remembered.set(check.id, { kind: 'outcome', outcome: { ...outcome, findings: [] } });
          return outcome;
        } catch (error) {
          remembered.set(check.id, { kind: 'error', message: error instanceof Error ? error.message : String(error) });
          throw error;
        }
      },
    };
  }

  private replay(check: Check<DiagnosisContext>): Check<DiagnosisContext> {
    const last = this.remembered.get(check.id);
    return {
      ...check,
      timeoutMs: 1000,
      async run() {
        if (!last) return { status: 'skip', summary: 'not run yet' };
        if (last.kind === 'error') throw new Error(last.message);
        return last.outcome;
      },
    };
  }
}
