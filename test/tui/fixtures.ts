/** Engine events and findings for the TUI tests, built the way the runner emits them. */
import type { CheckRecord, CheckStatus, EngineEvent, Finding } from '../../src/engine/types.js';
import { finding } from '../../src/engine/findings.js';
import type { FindingId } from '../../src/engine/catalog.js';

export const CHECKS = [
  { id: 'token.discovery', title: 'Token', dependsOn: [] },
  { id: 'token.scopes', title: 'Token scopes', dependsOn: ['token.discovery'] },
  { id: 'registry.login', title: 'Registry login', dependsOn: ['token.discovery'] },
  { id: 'registry.push', title: 'Push access', dependsOn: ['registry.login'] },
];

export function start(id: string, at = 0): EngineEvent {
  const c = CHECKS.find((x) => x.id === id)!;
  return { type: 'check:start', id, title: c.title, at };
}

export function rec(id: string, status: CheckStatus, summary: string, durationMs = 12): CheckRecord {
  const c = CHECKS.find((x) => x.id === id)!;
  return { id, title: c.title, status, summary, durationMs, dependsOn: c.dependsOn };
}

export function done(id: string, status: CheckStatus, summary: string, durationMs = 12): EngineEvent {
  return status === 'skip'
    ? { type: 'check:skipped', check: rec(id, status, summary, durationMs) }
    : { type: 'check:done', check: rec(id, status, summary, durationMs) };
}

export function found(id: FindingId, check: string, detail = 'detail'): Finding {
  return finding(id, check, { detail });
}

export function runDone(): EngineEvent {
  return { type: 'run:done', checks: [], findings: [], durationMs: 1 };
}
