import { describe, expect, it } from 'vitest';
import { TextReporter } from '../../../src/report/text.js';
import { buildReport } from '../../../src/report/report.js';
import { finding } from '../../../src/engine/findings.js';
import type { CheckRecord, Finding } from '../../../src/engine/types.js';

const plain = (_: string, text: string) => text;
const SERVERS = ['deploy@a:22', 'deploy@b:22', 'deploy@c:22', 'deploy@down:22', 'deploy@ok:22'];

function serverChecks(server: string, pull: CheckRecord['status']): CheckRecord[] {
  return ['ssh.connect', 'server.runtime', 'server.credentials', 'server.token-file', 'server.clock', 'server.pull'].map((id) => ({
    id,
    title: id,
    status: id === 'server.pull' ? pull : 'pass',
    durationMs: 100,
    summary: id === 'server.pull' ? 'podman pull ghcr.io/acme/api:1.2 works' : 'ok',
    dependsOn: [],
    server,
  }));
}

const notLoggedIn = (server: string): Finding => ({
  ...finding('server.not-logged-in', 'server.credentials', {
    title: `${server} has no credential for ghcr.io`,
    detail: 'LONG EXPLANATION of the login',
    fixes: [],
  }),
  server,
});

function report() {
  const findings: Finding[] = [
    finding('token.expiring', 'token.identity', { detail: 'the token expires soon' }),
    notLoggedIn('deploy@a:22'),
    notLoggedIn('deploy@b:22'),
    notLoggedIn('deploy@c:22'),
    {
      ...finding('ssh.unreachable', 'ssh.connect', { title: 'Cannot reach down:22: the connection was refused', detail: 'refused' }),
      server: 'deploy@down:22',
    },
  ];
  const checks = [
    ...serverChecks('deploy@a:22', 'fail'),
    ...serverChecks('deploy@b:22', 'fail'),
    ...serverChecks('deploy@c:22', 'fail'),
    ...serverChecks('deploy@down:22', 'skip'),
    ...serverChecks('deploy@ok:22', 'pass'),
  ];
  return {
    findings,
    checks,
    report: buildReport({ version: '1.0.0', startedAt: 0, durationMs: 1000, target: { server: SERVERS[0], servers: SERVERS }, checks, findings, exitCode: 1 }),
  };
}

describe('text report with several servers', () => {
  it('one block per server with problems (a finding explained once), then one line per healthy server; no per-check stream', () => {
    let out = '';
    const text = new TextReporter((t) => (out += t), plain, false, SERVERS.length);
    const { checks, report: r } = report();
    for (const c of checks) text.onEvent({ type: 'check:done', check: c });
    expect(out).toBe('');
    text.finish(r);
    expect(out.match(/LONG EXPLANATION/g)).toHaveLength(1);
    expect(out).toContain('Servers (5: 4 with problems, 1 healthy)');
    expect(out).toMatch(/deploy@b:22 has no credential for ghcr.io \[server.not-logged-in\]: as on deploy@a:22/);
    expect(out).toMatch(/deploy@ok:22: podman pull ghcr.io\/acme\/api:1.2 works/);
    expect(out).toContain('Cannot reach down:22');
    expect(out.indexOf('the token expires soon')).toBeLessThan(out.indexOf('Servers (5'));
    expect(out.indexOf('deploy@down:22')).toBeLessThan(out.indexOf('deploy@ok:22: podman'));
    expect(out.trim().split('\n').length).toBeLessThan(30);
  });

  it('one server: the report is as before (server findings among the others, check lines streamed)', () => {
    let out = '';
    const text = new TextReporter((t) => (out += t), plain, false, 1);
    text.onEvent({ type: 'check:done', check: serverChecks('deploy@a:22', 'fail')[0]! });
    expect(out).toContain('ssh.connect: ok');
    text.finish(
      buildReport({
        version: '1.0.0',
        startedAt: 0,
        durationMs: 1,
        target: { server: 'deploy@a:22', servers: ['deploy@a:22'] },
        checks: [],
        findings: [notLoggedIn('deploy@a:22')],
        exitCode: 1,
      }),
    );
    expect(out).not.toContain('Servers (');
    expect(out).toContain('LONG EXPLANATION');
  });
});

describe('GitHub Actions output with several servers', () => {
  it('annotations and the step summary name the server of each ssh.* / server.* finding and check', async () => {
    const { annotations, stepSummary } = await import('../../../src/report/github-actions.js');
    const { findings, report: r } = report();
    const lines = annotations(findings).trim().split('\n');
    expect(lines.filter((l) => l.includes('server.not-logged-in'))).toEqual([
      expect.stringContaining('title=ghcr-doctor server.not-logged-in on deploy@a%3A22::'),
      expect.stringContaining('title=ghcr-doctor server.not-logged-in on deploy@b%3A22::'),
      expect.stringContaining('title=ghcr-doctor server.not-logged-in on deploy@c%3A22::'),
    ]);
    expect(lines.find((l) => l.includes('token.expiring'))).toContain('title=ghcr-doctor token.expiring::');
    const md = stepSummary(r);
    expect(md).toContain('`server.not-logged-in` (deploy@b:22)');
    expect(md).toContain('| server.pull (deploy@ok:22) | pass |');
  });
});
