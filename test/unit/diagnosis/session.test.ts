import { describe, expect, it } from 'vitest';
import { Redactor } from '../../../src/engine/redact.js';
import type { Check, CheckOutcome, EngineEvent } from '../../../src/engine/types.js';
import type { DiagnosisContext } from '../../../src/diagnosis/context.js';
import type { Facts } from '../../../src/diagnosis/facts.js';
import type { DiagnosisInputs } from '../../../src/diagnosis/inputs.js';
import type { Io } from '../../../src/io/types.js';
import { DiagnosisSession, resolveCheckIds, withDependants } from '../../../src/diagnosis/session.js';
import { noSshPorts } from '../../helpers/ports.js';

const inputs: DiagnosisInputs = {
  apiUrl: 'https://api.github.com',
  statusUrl: null,
  secretName: 'GHCR_TOKEN',
  probe: 'session',
  timeoutMs: 5000,
  strict: false,
  expectPublic: false,
  interactive: true,
};

const io = { clock: { now: () => Date.now() } } as unknown as Io;

/** A check that counts its runs, answers from a mutable script and may learn a fact. */
function scripted(id: string, dependsOn: string[], answer: () => CheckOutcome, runs: string[], learn?: (facts: Facts) => void): Check<DiagnosisContext> {
  return {
    id,
    title: id,
    dependsOn,
    timeoutMs: 1000,
    async run(ctx) {
      runs.push(id);
      learn?.(ctx.facts);
      return answer();
    },
  };
}

describe('DiagnosisSession', () => {
  it('withDependants closes a set of ids over everything downstream, in list order', () => {
    const checks = [
      { id: 'a', dependsOn: [] },
      { id: 'b', dependsOn: ['a'] },
      { id: 'c', dependsOn: ['b'] },
      { id: 'd', dependsOn: [] },
    ];
    expect(withDependants(checks, ['b'])).toEqual(['b', 'c']);
    expect(withDependants(checks, ['a'])).toEqual(['a', 'b', 'c']);
  });

  it('resolveCheckIds expands group patterns and drops ids that do not exist', () => {
    expect(resolveCheckIds([{ id: 'token.a' }, { id: 'token.b' }, { id: 'registry.login' }], ['token.*', 'nope'])).toEqual(['token.a', 'token.b']);
  });

  it('re-runs only the subset, replays the rest (a replayed failure still blocks), keeps facts, reports only the subset', async () => {
    const runs: string[] = [];
    let tokenOk = false;
    const checks = [
      scripted('token', [], () => (tokenOk ? { status: 'pass', summary: 'ok' } : { status: 'fail', summary: 'bad' }), runs),
      scripted('login', ['token'], () => ({ status: 'pass', summary: 'in' }), runs),
      scripted(
        'status',
        [],
        () => ({ status: 'pass', summary: 'green' }),
        runs,
        (facts) => {
          facts.ownerType = 'Organization';
        },
      ),
    ];
    const session = new DiagnosisSession({ inputs, io, redactor: new Redactor(), ports: noSshPorts, checks, signal: new AbortController().signal });
    const first: EngineEvent[] = [];
    await session.runAll((e) => first.push(e));
    expect(runs.sort()).toEqual(['status', 'token']); // login skipped: token failed
    runs.length = 0;

    // Re-check only `login`: token is replayed as failed, so login is still skipped, and status is not run.
    const second: EngineEvent[] = [];
    await session.runSubset(['login'], (e) => second.push(e));
    expect(runs).toEqual([]);
    expect(second.filter((e) => e.type !== 'run:done').map((e) => (e.type === 'check:skipped' ? `${e.check.id}:${e.check.summary}` : e.type))).toEqual([
      'login:skipped: depends on token',
    ]);

    tokenOk = true;
    await session.runSubset(withDependants(checks, ['token']), () => {});
    expect(runs).toEqual(['token', 'login']);
    expect(session.context.facts.ownerType).toBe('Organization'); // facts from the first run survive a re-check
  });

  it('an adopted token is the current token and is registered with the redactor', () => {
    const redactor = new Redactor();
    const session = new DiagnosisSession({ inputs, io, redactor, ports: noSshPorts, checks: [], signal: new AbortController().signal });
    session.adoptToken('ghp_0123456789abcdefghijABCDEFGHIJ012345');
    expect(session.currentToken()).toBe('ghp_0123456789abcdefghijABCDEFGHIJ012345');
    expect(session.inputs.stdinToken).toBe('ghp_0123456789abcdefghijABCDEFGHIJ012345');
    expect(redactor.redact('x ghp_0123456789abcdefghijABCDEFGHIJ012345 y')).toBe('x ghp_**** y');
  });

  it('settled() waits for a cancelled run to stop', async () => {
    const controller = new AbortController();
    let stopped = false;
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const slow: Check<DiagnosisContext> = {
      id: 'slow',
      title: 'slow',
      dependsOn: [],
      timeoutMs: 5000,
      run: (_ctx, signal) =>
        new Promise((_, reject) => {
          signal.addEventListener('abort', () => {
            stopped = true;
            reject(new Error('aborted'));
          });
          started();
        }),
    };
    const session = new DiagnosisSession({ inputs, io, redactor: new Redactor(), ports: noSshPorts, checks: [slow], signal: controller.signal });
    const events: string[] = [];
    void session.runAll((e) => events.push(e.type));
    await running;
    controller.abort();
    await session.settled();
    expect(stopped).toBe(true);
    expect(events.at(-1)).toBe('run:done');
  });
});
