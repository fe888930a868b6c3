import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/engine/runner.js';
import type { Check, EngineEvent } from '../../../src/engine/types.js';

type Ctx = { log: string[] };
const delay = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason);
    });
  });

function check(id: string, dependsOn: string[], run: Check<Ctx>['run'], timeoutMs = 1000): Check<Ctx> {
  return { id, title: id.toUpperCase(), dependsOn, timeoutMs, run };
}

describe('runChecks', () => {
  it('reports checks in their declared order whatever order they finish in; the live events keep the finishing order', async () => {
    // b finishes before a (a waits for b's end): declared a, b, c.
    let bDone: () => void = () => undefined;
    const afterB = new Promise<void>((resolve) => {
      bDone = resolve;
    });
    const events: EngineEvent[] = [];
    const result = await runChecks(
      [
        check('a', [], async () => {
          await afterB;
          await delay(1); // a timer: b's verdict (microtasks) is in first
          return { status: 'pass', summary: 'a' };
        }),
        check('b', [], async () => {
          bDone();
          return { status: 'pass', summary: 'b' };
        }),
        check('c', ['b'], async () => ({ status: 'skip', summary: 'c' })),
      ],
      { log: [] },
      (e) => events.push(e),
    );
    const finished = events.flatMap((e) => (e.type === 'check:done' || e.type === 'check:skipped' ? [e.check.id] : []));
    expect(finished.indexOf('b')).toBeLessThan(finished.indexOf('a'));
    expect(result.checks.map((c) => c.id)).toEqual(['a', 'b', 'c']);
  });

  it('starts independent checks at once and dependants after their dependencies', async () => {
    const ctx: Ctx = { log: [] };
    const events: EngineEvent[] = [];
    // a and b each wait until both have started: run one after the other, the first would wait for
    // ever and time out. No stopwatch, so a loaded machine cannot fail this.
    let started = 0;
    let bothStarted: () => void = () => undefined;
    const together = new Promise<void>((resolve) => {
      bothStarted = resolve;
    });
    const mk = (id: string, deps: string[], barrier: boolean) =>
      check(id, deps, async (c) => {
        c.log.push(`start ${id}`);
        if (barrier && ++started === 2) bothStarted();
        if (barrier) await together;
        c.log.push(`end ${id}`);
        return { status: 'pass', summary: id };
      });
    const result = await runChecks([mk('a', [], true), mk('b', [], true), mk('c', ['a', 'b'], false)], ctx, (e) => events.push(e));
    expect(ctx.log.slice(0, 2).sort()).toEqual(['start a', 'start b']);
    expect(ctx.log.indexOf('start c')).toBeGreaterThan(ctx.log.indexOf('end a'));
    expect(ctx.log.indexOf('start c')).toBeGreaterThan(ctx.log.indexOf('end b'));
    expect(result.checks.map((c) => [c.id, c.status])).toEqual(
      expect.arrayContaining([
        ['a', 'pass'],
        ['b', 'pass'],
        ['c', 'pass'],
      ]),
    );
    expect(result.checks.at(-1)!.id).toBe('c');
    expect(events.at(-1)!.type).toBe('run:done');
  });

  it('turns a throw into status error and skips its dependants with the reason', async () => {
    const result = await runChecks(
      [
        check('boom', [], async () => {
          throw new Error('kaput\nsecond line');
        }),
        check('child', ['boom'], async () => ({ status: 'pass', summary: 'never' })),
        check('grandchild', ['child'], async () => ({ status: 'pass', summary: 'never' })),
        check('other', [], async () => ({ status: 'pass', summary: 'ok' })),
      ],
      { log: [] },
      () => {},
    );
    const byId = Object.fromEntries(result.checks.map((c) => [c.id, c]));
    expect(byId.boom!.status).toBe('error');
    expect(byId.boom!.summary).toBe('crashed: kaput');
    expect(byId.child).toMatchObject({ status: 'skip', summary: 'skipped: depends on BOOM' });
    expect(byId.grandchild).toMatchObject({ status: 'skip', summary: 'skipped: depends on CHILD' });
    expect(byId.other!.status).toBe('pass');
  });

  it('turns an overrun into an error, even when the check ignores its signal', async () => {
    const result = await runChecks(
      [check('slow', [], () => new Promise(() => {}), 50), check('after', ['slow'], async () => ({ status: 'pass', summary: '' }))],
      { log: [] },
      () => {},
    );
    expect(result.checks[0]).toMatchObject({ id: 'slow', status: 'error', summary: 'timed out after 0.1s' });
    expect(result.checks[1]).toMatchObject({ id: 'after', status: 'skip' });
  });

  it('a failed check blocks dependants unless it says they may run', async () => {
    const result = await runChecks(
      [
        check('hard', [], async () => ({ status: 'fail', summary: 'no' })),
        check('soft', [], async () => ({ status: 'fail', summary: 'cleaned', dependantsMayRun: true })),
        check('afterHard', ['hard'], async () => ({ status: 'pass', summary: '' })),
        check('afterSoft', ['soft'], async () => ({ status: 'pass', summary: 'ran' })),
      ],
      { log: [] },
      () => {},
    );
    const byId = Object.fromEntries(result.checks.map((c) => [c.id, c]));
    expect(byId.afterHard!.status).toBe('skip');
    expect(byId.afterSoft!.status).toBe('pass');
  });

  it('the overall signal stops running checks', async () => {
    const controller = new AbortController();
    // The check would wait a minute (its own timeout two): only the overall signal, fired once it runs, can
    // end it before the test's own timeout.
    const result = await runChecks(
      [
        check(
          'long',
          [],
          (_c, s) => {
            controller.abort(new Error('deadline'));
            return delay(60_000, s).then(() => ({ status: 'pass' as const, summary: '' }));
          },
          120_000,
        ),
      ],
      { log: [] },
      () => {},
      { signal: controller.signal },
    );
    expect(result.checks[0]!.status).toBe('error');
    expect(result.checks[0]!.summary).toBe('cancelled');
  });

  it('rejects unknown dependencies and cycles up front', async () => {
    await expect(runChecks([check('a', ['nope'], async () => ({ status: 'pass', summary: '' }))], { log: [] }, () => {})).rejects.toThrow(/unknown check nope/);
    await expect(
      runChecks(
        [check('a', ['b'], async () => ({ status: 'pass', summary: '' })), check('b', ['a'], async () => ({ status: 'pass', summary: '' }))],
        { log: [] },
        () => {},
      ),
    ).rejects.toThrow(/cycle/);
  });

  it('emits a finding event for each finding, before its check is done', async () => {
    const events: EngineEvent[] = [];
    await runChecks(
      [
        check('f', [], async () => ({
          status: 'warn',
          summary: 'w',
          findings: [{ id: 'token.expiring', severity: 'warning', check: 'f', title: 't', detail: 'd', evidence: {}, fixes: [] }],
        })),
      ],
      { log: [] },
      (e) => events.push(e),
    );
    expect(events.map((e) => e.type)).toEqual(['check:start', 'finding', 'check:done', 'run:done']);
  });
});

describe('runChecks: after (use findings when there are some)', () => {
  const pass = async () => ({ status: 'pass' as const, summary: 'ran' });
  const soft = (id: string, after: string[]): Check<Ctx> => ({ ...check(id, [], pass), after });

  it('waits for an `after` check, and runs when that check could not judge (error)', async () => {
    const order: string[] = [];
    const result = await runChecks(
      [
        check('api', [], async () => {
          await delay(20);
          order.push('api');
          throw Object.assign(new Error('GET /user answered HTML'), { expected: true });
        }),
        { ...check('registry', [], async () => (order.push('registry'), { status: 'pass' as const, summary: 'ran' })), after: ['api'] },
      ],
      { log: [] },
      () => {},
    );
    expect(order).toEqual(['api', 'registry']);
    expect(result.checks.find((c) => c.id === 'registry')).toMatchObject({ status: 'pass', dependsOn: ['api'] });
  });

  it('is skipped when an `after` check reached a verdict against the input (fail)', async () => {
    const result = await runChecks([check('api', [], async () => ({ status: 'fail', summary: '401' })), soft('registry', ['api'])], { log: [] }, () => {});
    expect(result.checks.find((c) => c.id === 'registry')).toMatchObject({ status: 'skip', summary: 'skipped: depends on API' });
  });

  it('is not skipped when an `after` check was itself skipped', async () => {
    const result = await runChecks([check('none', [], async () => ({ status: 'skip', summary: 'n/a' })), soft('registry', ['none'])], { log: [] }, () => {});
    expect(result.checks.find((c) => c.id === 'registry')!.status).toBe('pass');
  });
});

describe('runChecks: cancellation', () => {
  it('a check stopped by the overall signal (Ctrl-C) says cancelled, not crashed', async () => {
    const controller = new AbortController();
    const reason = Object.assign(new Error('cancelled by the user'), { name: 'CancelledError' });
    setTimeout(() => controller.abort(reason), 20);
    const result = await runChecks(
      [check('slow', [], (_c, s) => delay(5000, s).then(() => ({ status: 'pass' as const, summary: '' })), 10_000)],
      { log: [] },
      () => {},
      { signal: controller.signal },
    );
    expect(result.checks[0]).toMatchObject({ status: 'error', summary: 'cancelled' });
  });
});

describe('runChecks: prepare (the part that needs only dependsOn)', () => {
  const pass = async () => ({ status: 'pass' as const, summary: 'ran' });

  it('starts as soon as dependsOn are done, before `after` is, and run() gets what it started', async () => {
    const order: string[] = [];
    let releaseSlow!: () => void;
    const slowDone = new Promise<void>((r) => (releaseSlow = r));
    const checks: Array<Check<Ctx>> = [
      check('input', [], pass),
      check('slow', [], async () => (await slowDone, order.push('slow done'), { status: 'pass' as const, summary: '' })),
      {
        ...check('login', ['input'], async (_c, _s, prepared) => ({ status: 'pass' as const, summary: String(await prepared) })),
        after: ['slow'],
        prepare: () => (order.push('prepare'), Promise.resolve('prepared answer')),
      },
    ];
    const running = runChecks(checks, { log: [] }, () => {});
    await delay(10);
    expect(order).toEqual(['prepare']);
    releaseSlow();
    const result = await running;
    expect(order).toEqual(['prepare', 'slow done']);
    expect(result.checks.find((c) => c.id === 'login')).toMatchObject({ status: 'pass', summary: 'prepared answer' });
  });

  it('is stopped when the check does not run after all (an `after` check reached a verdict)', async () => {
    let seen: AbortSignal | undefined;
    const checks: Array<Check<Ctx>> = [
      check('api', [], async () => (await delay(10), { status: 'fail' as const, summary: '401' })),
      {
        ...check('login', [], pass),
        after: ['api'],
        prepare: (_c, signal) => ((seen = signal), delay(5000, signal)),
      },
    ];
    const result = await runChecks(checks, { log: [] }, () => {});
    expect(result.checks.find((c) => c.id === 'login')).toMatchObject({ status: 'skip' });
    expect(seen?.aborted).toBe(true);
  });

  it('is never started when a dependsOn check blocks (its inputs will not come)', async () => {
    let called = false;
    const checks: Array<Check<Ctx>> = [
      check('input', [], async () => ({ status: 'skip', summary: 'n/a' })),
      { ...check('login', ['input'], pass), prepare: () => ((called = true), undefined) },
    ];
    await runChecks(checks, { log: [] }, () => {});
    expect(called).toBe(false);
  });
});
