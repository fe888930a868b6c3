/**
 * Where a fix's commands run is decided once: the fix table's place for the fix (engine/fixes.ts) and
 * the machine the check looked at (checks/fix-env.ts). The reports and the TUI print the finding's
 * runOn as it is; nothing fills it in later.
 */
import { describe, expect, it } from 'vitest';
import { localFixEnv, serverFixEnv } from '../../../src/checks/fix-env.js';
import { serverContext } from '../../../src/diagnosis/servers.js';
import { fix } from '../../../src/engine/fixes.js';
import { finding } from '../../../src/engine/findings.js';
import { buildReport } from '../../../src/report/report.js';
import { testContext } from './context.js';

describe('runOn: one place', () => {
  it("a server's fixes run on that server, named as the run names it, even before its connection facts exist", () => {
    const shared = testContext();
    const { context } = serverContext(shared, { user: 'deploy', host: '203.0.113.7', port: 22, source: '--ssh' }, 'deploy@203.0.113.7:22');
    expect(serverFixEnv(context).target).toBe('deploy@203.0.113.7:22');
    expect(fix('server.enable-ntp', serverFixEnv(context)).runOn).toBe('deploy@203.0.113.7:22');
    expect(fix('ssh.pin-host-key', serverFixEnv(context), { where: 'deploy@203.0.113.7:22', fingerprint: 'SHA256:x' }).runOn).toBe('local');
    expect(fix('registry.relogin', localFixEnv(shared), { registry: 'ghcr.io', user: 'u', fromFile: true }).runOn).toBe('local');
  });

  it('the report keeps the runOn a finding carries (and adds none): JSON, text and the TUI read the same field', () => {
    const onServer = finding('server.clock-skew', 'server.clock', {
      detail: 'x',
      fixes: [fix('server.enable-ntp', { apiUrl: 'https://api.github.com', target: 'deploy@h:22' })],
    });
    const explainStyle = finding('server.clock-skew', 'server.clock', { detail: 'x', fixes: [fix('server.enable-ntp', { apiUrl: 'https://api.github.com' })] });
    const report = buildReport({
      version: '0',
      startedAt: 0,
      durationMs: 1,
      target: { server: 'other@h2:22' },
      checks: [],
      findings: [onServer, explainStyle],
      exitCode: 1,
    });
    expect(report.findings.map((f) => f.fixes[0]!.runOn)).toEqual(['deploy@h:22', undefined]);
  });
});
