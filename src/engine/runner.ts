import type { Check, CheckOutcome, CheckRecord, EngineListener, Finding } from './types.js';
import { errorLine } from './text.js';

export interface RunOptions {
  /** Cancels everything (Ctrl-C, or the overall --timeout). */
  signal?: AbortSignal;
  now?: () => number;
  /** Turns a crash into a one-line message; the CLI passes the redactor here. */
  describeError?: (error: unknown) => string;
  /**
   * Findings about the run as a whole, from every check's record (e.g. an essential check that could
   * not reach a verdict). Emitted as findings before run:done, so every consumer sees the same list.
   */
  conclude?: (checks: CheckRecord[], findings: Finding[]) => Finding[];
}

export interface RunResult {
  checks: CheckRecord[];
  findings: Finding[];
  durationMs: number;
}

export class CheckTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${formatSeconds(timeoutMs)}`);
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}

function defaultDescribe(error: unknown): string {
  if (error instanceof Error) return errorLine(error);
  return String(error);
}

/**
 * Runs checks as a DAG: every check whose dependencies have finished starts at once. A throw becomes
 * status `error`, an overrun becomes an `error` saying it timed out, and a check whose dependency
 * failed, errored or was skipped is itself skipped with "skipped: depends on X" (X: the title a user
 * reads, not the id).
 */
export async function runChecks<Ctx>(checks: Array<Check<Ctx>>, ctx: Ctx, listener: EngineListener, options: RunOptions = {}): Promise<RunResult> {
  const now = options.now ?? Date.now;
  const describe = options.describeError ?? defaultDescribe;
  const started = now();
  const byId = new Map(checks.map((c) => [c.id, c]));
  for (const c of checks) {
    for (const dep of [...c.dependsOn, ...(c.after ?? [])]) {
      if (!byId.has(dep)) throw new Error(`check ${c.id} depends on unknown check ${dep}`);
    }
  }
  assertAcyclic(checks);

  const records = new Map<string, CheckRecord>();
  const blocking = new Set<string>();
  /** Checks that reached a verdict against the input: they stop `after` dependants too. */
  const verdicts = new Set<string>();
  const findings: Finding[] = [];
  const running = new Map<string, Promise<void>>();
  const order: CheckRecord[] = [];

  const finish = (record: CheckRecord, blocks: boolean, kind: 'check:done' | 'check:skipped') => {
    records.set(record.id, record);
    order.push(record);
    if (blocks) blocking.add(record.id);
    listener({ type: kind, check: record });
  };

  /** What each check's prepare() started, with the controller that drops it. */
  const prepared = new Map<string, { controller: AbortController; work?: Promise<unknown> }>();
  const prepare = (check: Check<Ctx>) => {
    const controller = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
    let work: Promise<unknown> | undefined;
    try {
      work = check.prepare!(ctx, signal);
    } catch (error) {
      // Thrown at once: run() sees it when it awaits the work, as it would a rejection.
      work = Promise.reject(error);
    }
    // Never unhandled, even when the check is skipped in the end (run() handles it otherwise).
    work?.catch(() => undefined);
    prepared.set(check.id, { controller, work });
  };
  /** The check ended or will not run: whatever its prepare() still has open is stopped. */
  const dropPrepared = (id: string) => prepared.get(id)?.controller.abort(new Error('the check is over'));

  const startCheck = (check: Check<Ctx>) => {
    const t0 = now();
    listener({ type: 'check:start', id: check.id, title: check.title, waitsOn: check.waitsOn, at: t0 });
    const early = prepared.get(check.id);
    const promise = runOne(check, ctx, options.signal, early?.work)
      .finally(() => dropPrepared(check.id))
      .then(
        (outcome) => {
          for (const f of outcome.findings ?? []) {
            findings.push(f);
            listener({ type: 'finding', finding: f });
          }
          const blocks = outcome.status === 'skip' || (outcome.status === 'fail' && !outcome.dependantsMayRun);
          if (outcome.status === 'fail' && !outcome.dependantsMayRun) verdicts.add(check.id);
          finish(
            { id: check.id, title: check.title, status: outcome.status, durationMs: now() - t0, summary: outcome.summary, dependsOn: reportedDeps(check) },
            blocks,
            outcome.status === 'skip' ? 'check:skipped' : 'check:done',
          );
        },
        (error: unknown) => {
          // The overall deadline (AbortSignal.timeout) aborts with a DOMException named TimeoutError: a timeout, not a crash.
          const overallTimeout = (error as { name?: unknown } | null)?.name === 'TimeoutError';
          // `expected: true` marks a known failure with no finding of its own (an API that answers HTML, a
          // network error): it is shown as its message, not as a crash that looks like a bug.
          const expected = (error as { expected?: unknown } | null)?.expected === true;
          // Stopped from outside (Ctrl-C): not the check's fault, and not a crash.
          const cancelled = !overallTimeout && options.signal?.aborted === true && error === options.signal.reason;
          const summary =
            error instanceof CheckTimeoutError
              ? error.message
              : cancelled
                ? 'cancelled'
                : overallTimeout
                  ? 'timed out: the overall time budget ran out'
                  : expected
                    ? describe(error)
                    : `crashed: ${describe(error)}`;
          finish({ id: check.id, title: check.title, status: 'error', durationMs: now() - t0, summary, dependsOn: reportedDeps(check) }, true, 'check:done');
        },
      );
    running.set(check.id, promise);
  };

  const pending = new Set(checks.map((c) => c.id));
  const schedule = () => {
    let progressed = true;
    while (progressed) {
      progressed = false;
      for (const id of [...pending]) {
        const check = byId.get(id)!;
        const inputsReady = check.dependsOn.every((d) => records.has(d) && !blocking.has(d));
        if (check.prepare && !prepared.has(id) && inputsReady) prepare(check);
        if (![...check.dependsOn, ...(check.after ?? [])].every((d) => records.has(d))) continue;
        pending.delete(id);
        progressed = true;
        const blocker = check.dependsOn.find((d) => blocking.has(d)) ?? check.after?.find((d) => verdicts.has(d));
        if (blocker) {
          dropPrepared(id);
          finish(
            {
              id,
              title: check.title,
              status: 'skip',
              durationMs: 0,
              summary: `skipped: depends on ${byId.get(blocker)!.title}`,
              dependsOn: reportedDeps(check),
            },
            true,
            'check:skipped',
          );
        } else {
          startCheck(check);
        }
      }
    }
  };

  schedule();
  while (running.size > 0) {
    const [id] = await Promise.race([...running.entries()].map(([k, p]) => p.then(() => [k] as const)));
    running.delete(id);
    schedule();
  }

  for (const f of options.conclude?.(order, findings) ?? []) {
    findings.push(f);
    listener({ type: 'finding', finding: f });
  }
  // The report lists checks in their declared order, not as they happened to finish: two runs of the
  // same diagnosis give the same report (the live events above came in finishing order).
  const declared = checks.flatMap((c) => records.get(c.id) ?? []);
  const result: RunResult = { checks: declared, findings, durationMs: now() - started };
  listener({ type: 'run:done', ...result });
  return result;
}

async function runOne<Ctx>(check: Check<Ctx>, ctx: Ctx, outer: AbortSignal | undefined, prepared: Promise<unknown> | undefined): Promise<CheckOutcome> {
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) throw outer.reason instanceof Error ? outer.reason : new CheckTimeoutError(0);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const err = new CheckTimeoutError(check.timeoutMs);
        controller.abort(err);
        reject(err);
      }, check.timeoutMs);
      controller.signal.addEventListener(
        'abort',
        () => reject(controller.signal.reason instanceof Error ? controller.signal.reason : new CheckTimeoutError(check.timeoutMs)),
        { once: true },
      );
    });
    // A check that ignores its signal cannot hold the run past its deadline.
    return await Promise.race([Promise.resolve().then(() => check.run(ctx, controller.signal, prepared)), timeout]);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

/** The report's dependsOn lists every check this one waited for. */
function reportedDeps<Ctx>(check: Check<Ctx>): string[] {
  return check.after?.length ? [...check.dependsOn, ...check.after] : check.dependsOn;
}

function assertAcyclic<Ctx>(checks: Array<Check<Ctx>>): void {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') throw new Error(`dependency cycle: ${[...path, id].join(' -> ')}`);
    state.set(id, 'visiting');
    const c = byId.get(id)!;
    for (const d of [...c.dependsOn, ...(c.after ?? [])]) visit(d, [...path, id]);
    state.set(id, 'done');
  };
  for (const c of checks) visit(c.id, []);
}
