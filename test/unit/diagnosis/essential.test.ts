import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/diagnosis/diagnose.js';
import type { DiagnosisContext } from '../../../src/diagnosis/context.js';
import { Redactor } from '../../../src/engine/redact.js';
import { exitCodeFor, outcomeFor } from '../../../src/engine/outcome.js';
import type { Check, CheckOutcome, EngineEvent } from '../../../src/engine/types.js';
import { finding } from '../../../src/engine/findings.js';
import { nodeIo } from '../../../src/io/node-io.js';
import { testInputs } from '../../helpers/inputs.js';

type Behaviour = 'pass' | 'crash' | 'hang' | 'unreachable' | 'denied';

/** The standard graph's essential part, each check answering as told. */
function graph(answers: Record<string, Behaviour>): Array<Check<DiagnosisContext>> {
  const mk = (id: string, dependsOn: string[]): Check<DiagnosisContext> => ({
    id,
    title: `The ${id} check`,
    dependsOn,
    timeoutMs: 200,
    async run(_ctx, signal): Promise<CheckOutcome> {
      const how = answers[id] ?? 'pass';
      if (how === 'crash') throw new TypeError("Cannot read properties of undefined (reading 'value')");
      if (how === 'hang') await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      if (how === 'unreachable')
        return { status: 'fail', summary: 'x', findings: [finding('registry.unreachable', id, { detail: 'refused', evidence: { kind: 'connect' } })] };
      if (how === 'denied') return { status: 'fail', summary: 'x', findings: [finding('registry.pull-denied', id, { detail: 'denied' })] };
      return { status: 'pass', summary: 'ok' };
    },
  });
  return [
    mk('token.discovery', []),
    mk('token.identity', ['token.discovery']),
    mk('registry.ping', []),
    mk('package.info', ['token.discovery']),
    mk('registry.login', ['registry.ping', 'token.discovery']),
    mk('registry.pull', ['registry.login', 'package.info']),
    mk('registry.push', ['registry.login', 'package.info']),
    mk('status.github', []),
  ];
}

async function run(answers: Record<string, Behaviour>, over = {}) {
  const events: EngineEvent[] = [];
  const result = await diagnose(testInputs(over), nodeIo({}), { redactor: new Redactor(), listener: (e) => events.push(e), checks: graph(answers) });
  const code = exitCodeFor(result.findings);
  return { result, code, outcome: outcomeFor(code), events, ids: result.findings.map((f) => `${f.id}@${f.check}`) };
}

describe('an essential check without a verdict never lets the run say healthy', () => {
  it('everything passes: healthy, no extra finding', async () => {
    const r = await run({});
    expect(r.outcome).toBe('healthy');
    expect(r.ids).toEqual([]);
  });

  it('a crashed token discovery: inconclusive (exit 3), diagnosis.incomplete says which check and why', async () => {
    const r = await run({ 'token.discovery': 'crash' });
    expect(r.code).toBe(3);
    expect(r.ids).toEqual(['diagnosis.incomplete@token.discovery']);
    expect(r.result.findings[0]!.evidence).toEqual({ check: 'token.discovery', reason: expect.stringMatching(/^crashed: .*reading 'value'/) });
    // Users read the check's title, not its id.
    expect(r.result.findings[0]!.title).toBe('Could not judge: The token.discovery check');
  });

  it('a timed-out registry ping is registry.unreachable with kind timeout; its dependants add nothing', async () => {
    const r = await run({ 'registry.ping': 'hang' });
    expect(r.code).toBe(3);
    expect(r.ids).toEqual(['registry.unreachable@registry.ping']);
    expect(r.result.findings[0]!.evidence).toMatchObject({ kind: 'timeout', check: 'registry.ping', reason: expect.stringMatching(/timed out/) });
  });

  it('a non-essential check that errored and holds back pull and push: both said, naming the cause', async () => {
    const r = await run({ 'package.info': 'crash' });
    expect(r.code).toBe(3);
    expect(r.ids).toEqual(['diagnosis.incomplete@registry.pull', 'diagnosis.incomplete@registry.push']);
    expect(r.result.findings[0]!.evidence).toMatchObject({ check: 'registry.pull', cause: 'package.info' });
    expect(r.result.findings[0]!.detail).toContain('it depends on The package.info check: crashed');
  });

  it('push is not essential with --probe none or --intent pull; a crashed status check never matters', async () => {
    expect((await run({ 'registry.push': 'crash', 'status.github': 'crash' }, { probe: 'none' })).outcome).toBe('healthy');
    expect((await run({ 'registry.push': 'crash' }, { intent: 'pull' })).outcome).toBe('healthy');
    expect((await run({ 'registry.push': 'crash' })).outcome).toBe('inconclusive');
  });

  it('a real problem beside an unjudged check: problems (exit 1)', async () => {
    const r = await run({ 'token.identity': 'hang', 'registry.pull': 'denied' });
    expect(r.code).toBe(1);
    expect(r.ids).toEqual(['registry.pull-denied@registry.pull', 'diagnosis.incomplete@token.identity']);
  });

  it('the added findings reach listeners before run:done (the TUI and the text report see them)', async () => {
    const r = await run({ 'token.identity': 'crash' });
    const types = r.events.map((e) => (e.type === 'finding' ? `finding:${e.finding.id}` : e.type)).slice(-2);
    expect(types).toEqual(['finding:diagnosis.incomplete', 'run:done']);
  });

  it('a reached verdict of unreachable is not reported twice', async () => {
    const r = await run({ 'registry.ping': 'unreachable' });
    expect(r.ids).toEqual(['registry.unreachable@registry.ping']);
  });
});
