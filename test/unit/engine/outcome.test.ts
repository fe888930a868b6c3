import { describe, expect, it } from 'vitest';
import { exitCodeFor, outcomeFor } from '../../../src/engine/outcome.js';
import { finding } from '../../../src/engine/findings.js';
import type { FindingId } from '../../../src/engine/catalog.js';
import type { Finding, Severity } from '../../../src/engine/types.js';

const f = (id: FindingId, severity?: Severity): Finding => finding(id, 'x', { detail: 'd', severity });

describe('exit codes (contract "Exit codes")', () => {
  it.each<[string, Finding[], boolean, number]>([
    ['no findings', [], false, 0],
    ['info only', [f('package.private'), f('status.unreachable')], false, 0],
    ['warnings only', [f('token.expiring'), f('status.degraded')], false, 0],
    ['warnings only, --strict', [f('token.expiring')], true, 1],
    ['info only, --strict', [f('package.not-found')], true, 0],
    ['one error', [f('token.missing-scope')], false, 1],
    ['registry.unreachable only', [f('registry.unreachable')], false, 3],
    ['ssh.unreachable only', [f('ssh.unreachable')], false, 3],
    ['both unreachable', [f('registry.unreachable'), f('ssh.unreachable')], false, 3],
    ['unreachable + a warning', [f('registry.unreachable'), f('token.oauth-app')], false, 3],
    ['unreachable + a warning, --strict: the warning is a problem', [f('registry.unreachable'), f('token.oauth-app')], true, 1],
    ['unreachable + another error: 1 before 3', [f('ssh.unreachable'), f('token.invalid')], false, 1],
    ['error lowered to warning by evidence', [f('server.not-logged-in', 'warning')], false, 0],
    ['info raised to error by evidence (--expect-public)', [f('package.private', 'error')], false, 1],
  ])('%s → %i', (_name, findings, strict, code) => {
    expect(exitCodeFor(findings, { strict })).toBe(code);
  });

  it('outcome names', () => {
    expect([0, 1, 3].map(outcomeFor)).toEqual(['healthy', 'problems', 'inconclusive']);
  });
});
