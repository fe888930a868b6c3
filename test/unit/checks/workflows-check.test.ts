import { noSshPorts } from '../../helpers/ports.js';
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { workflowsCheck } from '../../../src/checks/workflows.js';
import type { DiagnosisContext } from '../../../src/diagnosis/context.js';
import type { DiagnosisInputs } from '../../../src/diagnosis/inputs.js';
import { Redactor } from '../../../src/engine/redact.js';
import { nodeFileSystem } from '../../../src/io/node-fs.js';
import type { Io } from '../../../src/io/types.js';
import { FIXTURES } from '../lint/fixture.js';

function ctx(workflowsDir: string | undefined): DiagnosisContext {
  const io = {
    fs: nodeFileSystem,
    clock: { now: () => 0 },
    env: {},
    homedir: '/nonexistent',
    fetch: () => Promise.reject(new Error('offline')),
  } as unknown as Io;
  const inputs = {
    workflowsDir,
    apiUrl: 'https://api.github.com',
    statusUrl: null,
    secretName: 'GHCR_TOKEN',
    probe: 'none',
    timeoutMs: 5000,
    strict: false,
    expectPublic: false,
    interactive: false,
  } as DiagnosisInputs;
  return { inputs, io, facts: {}, redactor: new Redactor(), ports: noSshPorts };
}

const run = (dir: string | undefined) => workflowsCheck.run(ctx(dir), new AbortController().signal);

describe('workflows.lint in the diagnosis', () => {
  it('skips without a workflows directory, and says so for a missing one', async () => {
    expect(await run(undefined)).toMatchObject({ status: 'skip' });
    expect(await run(path.join(FIXTURES, 'does-not-exist'))).toMatchObject({ status: 'skip', summary: expect.stringContaining('no workflows directory') });
  });
  it('fails with the workflow.* findings of the seed deploy workflow, attributed to workflows.lint', async () => {
    const out = await run(path.join(FIXTURES, 'seed-deploy'));
    expect(out.status).toBe('fail');
    const ids = new Set(out.findings!.map((f) => f.id));
    expect([...ids].sort()).toEqual([
      'workflow.github-token-on-server',
      'workflow.host-key-checking-disabled',
      'workflow.missing-packages-write',
      'workflow.push-on-fork-pr',
      'workflow.token-in-command-line',
    ]);
    for (const f of out.findings!) {
      expect(f.check).toBe('workflows.lint');
      expect(f.evidence.file).toBe('seed-deploy/ci-cd.yml');
      expect(typeof f.evidence.line).toBe('number');
    }
  });
  it('names files as given when the directory is relative, and repository-relative for .github/workflows', async () => {
    const rel = path.relative(process.cwd(), path.join(FIXTURES, 'permissions'));
    const out = await run(rel);
    expect(out.findings!.map((f) => f.evidence.file)).toContain(path.join(rel, 'read-all.yml'));
  });
  it('passes a clean directory and reports a broken file in its summary without crashing', async () => {
    expect(await run(path.join(FIXTURES, 'clean'))).toMatchObject({ status: 'pass', findings: [] });
    const broken = await run(path.join(FIXTURES, 'broken'));
    expect(broken.status).toBe('fail');
    expect(broken.summary).toMatch(/broken\/bad\.yml:\d+: YAML syntax error/);
  });
});
