import type { DiagnosisInputs } from '../../src/diagnosis/inputs.js';

/**
 * DiagnosisInputs as the contract's defaults give them (no image, no server, GitHub's own URLs,
 * session probe, 60 s, nothing strict, not interactive), with `over` on top: every in-process test
 * diagnosis starts here, so a new input gets its test default in one place.
 */
export function testInputs(over: Partial<DiagnosisInputs> = {}): DiagnosisInputs {
  return {
    apiUrl: 'https://api.github.com',
    statusUrl: 'https://www.githubstatus.com',
    secretName: 'GHCR_TOKEN',
    probe: 'session',
    intent: 'push',
    timeoutMs: 60_000,
    strict: false,
    expectPublic: false,
    interactive: false,
    ...over,
  };
}
