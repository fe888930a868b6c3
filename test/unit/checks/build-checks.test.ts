import { describe, expect, it } from 'vitest';
import { buildChecks } from '../../../src/checks/index.js';
import { testInputs } from '../../helpers/inputs.js';

describe('buildChecks: the diagnosis tree', () => {
  it('without a deploy server, the server group is one skipped ssh.connect, not five "depends on" lines', () => {
    const ids = buildChecks(testInputs()).map((c) => c.id);
    expect(ids).toContain('ssh.connect');
    expect(ids.filter((id) => id.startsWith('server.'))).toEqual([]);
  });

  it('with --ssh, the whole server group runs: audit, then the real pull', () => {
    const ids = buildChecks(testInputs({ ssh: { host: '127.0.0.1', user: 'deploy', source: '--ssh' } })).map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['ssh.connect', 'server.runtime', 'server.credentials', 'server.token-file', 'server.clock', 'server.pull']));
  });

  it('every dependency names a check of the same tree', () => {
    for (const inputs of [testInputs(), testInputs({ ssh: { host: 'h', source: '--ssh' } })]) {
      const checks = buildChecks(inputs);
      const ids = new Set(checks.map((c) => c.id));
      for (const c of checks) for (const d of [...c.dependsOn, ...(c.after ?? [])]) expect(ids.has(d), `${c.id} → ${d}`).toBe(true);
    }
  });

  it('side checks (the status page, the workflow linter) start at once and nothing waits for them: never on the critical path', () => {
    for (const inputs of [testInputs(), testInputs({ ssh: { host: 'h', source: '--ssh' } })]) {
      const checks = buildChecks(inputs);
      for (const side of ['status.github', 'workflows.lint']) {
        const check = checks.find((c) => c.id === side)!;
        expect([...check.dependsOn, ...(check.after ?? [])], side).toEqual([]);
        expect(
          checks.filter((c) => [...c.dependsOn, ...(c.after ?? [])].includes(side)).map((c) => c.id),
          `waits for ${side}`,
        ).toEqual([]);
      }
    }
  });
});
