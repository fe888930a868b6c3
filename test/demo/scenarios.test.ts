/**
 * Each demo scenario through the built CLI (`node bin/ghcr-doctor.js demo --ci --json`; npm test builds
 * first): the contract's findings and exit code, `"demo": true`, and no demo token in any output.
 */
import { describe, expect, it } from 'vitest';
import { runBuiltCliSync } from '../helpers/built-cli.js';
import { DEMO_TOKENS, DEMO_USER, SCENARIOS, DEFAULT_SCENARIO } from '../../src/demo/scenarios.js';

interface Report {
  demo?: boolean;
  exitCode: number;
  outcome: string;
  target: Record<string, string>;
  checks: Array<{ id: string; status: string }>;
  findings: Array<{ id: string; severity: string; fixes: unknown[]; evidence: Record<string, unknown> }>;
}

function run(args: string[]) {
  // A real token in the caller's environment must not reach the demo (nor its output).
  const env = { HOME: process.env.HOME, GHCR_TOKEN: 'ghp_REALtokenFromTheEnvironment00000000099', NO_COLOR: '1' };
  return runBuiltCliSync(['demo', ...args], { env });
}

/** Every form a demo token could leak in: whole, the part after its prefix, base64 of user:token. */
function leakForms(): string[] {
  return Object.values(DEMO_TOKENS).flatMap((t) => [t, t.replace(/^(ghp_|ghs_|github_pat_)/, ''), Buffer.from(`${DEMO_USER}:${t}`).toString('base64')]);
}

function expectNoSecrets(text: string) {
  for (const form of leakForms()) expect(text.includes(form), `leaked ${form.slice(0, 8)}…`).toBe(false);
  expect(text).not.toContain('REALtokenFromTheEnvironment');
}

/** The contract's table ("Package, version, demo"), written out here so the scenario file cannot drift from it. */
const CONTRACT: Record<string, { exit: number; any: string[][] }> = {
  'push-denied-scopes': { exit: 1, any: [['token.missing-scope']] },
  'server-403': { exit: 1, any: [['server.not-logged-in', 'server.stored-token-invalid']] },
  'fine-grained-token': { exit: 1, any: [['token.fine-grained']] },
  'private-package-anonymous-pull': { exit: 1, any: [['package.private']] },
  'actions-token-on-server': { exit: 1, any: [['server.actions-token-stored']] },
  healthy: { exit: 0, any: [] },
};

describe('demo scenarios (--ci --json, built CLI)', { timeout: 60_000 }, () => {
  for (const [name, want] of Object.entries(CONTRACT)) {
    it(`${name}: exit ${want.exit} with its findings, demo: true, no token in the output`, () => {
      const r = run(['--scenario', name, '--ci', '--json']);
      const report = JSON.parse(r.stdout) as Report;
      expect(report.demo).toBe(true);
      expect(r.code).toBe(want.exit);
      expect(report.exitCode).toBe(want.exit);
      const ids = report.findings.map((f) => f.id);
      for (const alternatives of want.any)
        expect(
          ids.some((id) => alternatives.includes(id)),
          `one of ${alternatives.join(', ')} in ${ids.join(', ')}`,
        ).toBe(true);
      if (want.exit === 0) expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(report.target.server).toBe('deploy@203.0.113.7:22');
      expect(r.stderr).toContain('Nothing real is checked');
      expectNoSecrets(r.stdout + r.stderr);
    });
  }

  it("private-package-anonymous-pull: package.private is raised to error by the scenario's --expect-public", () => {
    const report = JSON.parse(run(['--scenario', 'private-package-anonymous-pull', '--json']).stdout) as Report;
    expect(report.findings.find((f) => f.id === 'package.private')?.severity).toBe('error');
  });

  it('server-403: the pull fails the way seed 001 shows, classified as bearer-token-403', () => {
    const report = JSON.parse(run(['--scenario', 'server-403', '--json']).stdout) as Report;
    const pull = report.findings.find((f) => f.id === 'server.pull-failed');
    expect(pull?.evidence.cause).toBe('bearer-token-403');
    expect(String(pull?.evidence.message)).toContain('Requesting bearer token: invalid status code from registry 403 (Forbidden)');
  });

  it('the scenario list matches the contract (plus the default)', () => {
    expect(SCENARIOS.map((s) => s.name).sort()).toEqual([...Object.keys(CONTRACT), DEFAULT_SCENARIO].sort());
    for (const s of SCENARIOS) if (CONTRACT[s.name]) expect(s.expectExit).toBe(CONTRACT[s.name]!.exit);
  });

  it('the default scenario shows several failures, each with a fix', () => {
    const r = run(['--ci', '--json']);
    const report = JSON.parse(r.stdout) as Report;
    const errors = report.findings.filter((f) => f.severity === 'error');
    expect(r.code).toBe(1);
    expect(new Set(errors.map((f) => f.id.split('.')[0])).size).toBeGreaterThanOrEqual(2); // token and server side
    expect(errors.filter((f) => f.fixes.length > 0).length).toBeGreaterThanOrEqual(3);
    expectNoSecrets(r.stdout + r.stderr);
  });

  it('the text report says it is a demo and leaks no token, verbose included', () => {
    const r = run(['--ci', '--verbose']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('demo');
    expectNoSecrets(r.stdout + r.stderr);
  });

  it('no builder section code (,, …) nor "seed runbook" in any report a user reads: text, JSON, Actions annotations and step summary', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const INTERNAL = /\[[A-H]\d+(?:[-,\]])|seed runbook/i;
    for (const name of [DEFAULT_SCENARIO, ...Object.keys(CONTRACT)]) {
      const summaryFile = path.join(mkdtempSync(path.join(tmpdir(), 'ghcr-summary-')), 'summary.md');
      const env = { HOME: process.env.HOME, NO_COLOR: '1', GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summaryFile };
      const text = runBuiltCliSync(['demo', '--scenario', name, '--ci', '--verbose'], { env });
      const json = runBuiltCliSync(['demo', '--scenario', name, '--ci', '--json'], { env: { HOME: process.env.HOME } });
      for (const out of [text.stdout, text.stderr, json.stdout, readFileSync(summaryFile, 'utf8')]) expect(out, name).not.toMatch(INTERNAL);
    }
  });

  it('an unknown scenario is exit 2 with the list', () => {
    const r = run(['--scenario', 'nope', '--ci']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown demo scenario "nope"');
    for (const name of Object.keys(CONTRACT)) expect(r.stderr).toContain(name);
  });

  it('flags naming a real target are refused (exit 2): the demo checks only its sandbox', () => {
    const r = run(['--image', 'ghcr.io/acme/api:latest', '--ci']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--image cannot be used with demo');
  });
});
