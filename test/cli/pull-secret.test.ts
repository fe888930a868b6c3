import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv } from 'ajv';
import { ensureBuilt } from '../helpers/built-cli.js';
import { closedPort, runCli, startServer, tempDir, type LocalServer } from './diagnose-harness.js';
import { githubWorld } from './github-world.js';

const validate = new Ajv({ allErrors: true, strict: false }).compile(
  JSON.parse(await readFile(path.resolve(import.meta.dirname, '../../schema/report.v1.json'), 'utf8')),
);
const READ = 'ghp_' + 'Pu11SecretReadT0kenAbCdEfGhIjKlMnOpQ';
const REVOKED = 'ghp_' + 'Pu11SecretRev0kedT0kenAbCdEfGhIjKlMn';
const b64 = (s: string) => Buffer.from(s).toString('base64');

let api: LocalServer;
let host: string;
beforeAll(async () => {
  ensureBuilt();
  api = await startServer(githubWorld({ tokens: { [READ]: { login: 'octocat', scopes: 'read:packages' } } }));
  host = `127.0.0.1:${await closedPort()}`;
});
afterAll(async () => {
  await api?.close();
});

/** As `kubectl get secret regcred -n prod -o yaml` prints it. */
function secretYaml(auths: Record<string, unknown> | string): string {
  const data = typeof auths === 'string' ? auths : b64(JSON.stringify({ auths }));
  return `apiVersion: v1\ndata:\n  .dockerconfigjson: ${data}\nkind: Secret\nmetadata:\n  name: regcred\n  namespace: prod\ntype: kubernetes.io/dockerconfigjson\n`;
}

interface Finding {
  id: string;
  evidence: Record<string, unknown>;
  fixes: Array<{ id: string; commands: string[] }>;
}

async function diagnoseSecret(stdin: string, env: Record<string, string> = {}) {
  const home = await tempDir();
  try {
    const args = [
      '--ci',
      '--json',
      '--intent',
      'pull',
      '--pull-secret',
      '-',
      '--image',
      `${host}/acme/api:1.2`,
      '--api-url',
      api.url,
      '--status-url',
      api.url,
      '--timeout',
      '20',
    ];
    const res = await runCli(args, { cwd: home.dir, env, stdin });
    const report = JSON.parse(res.stdout) as { exitCode: number; checks: Array<{ id: string; status: string; summary: string }>; findings: Finding[] };
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    for (const t of [READ, REVOKED]) expect(res.stdout + res.stderr).not.toContain(t);
    return { res, report, find: (id: string) => report.findings.find((f) => f.id === id), check: (id: string) => report.checks.find((c) => c.id === id) };
  } finally {
    await home.cleanup();
  }
}

describe('built CLI --pull-secret', () => {
  it("kubectl get secret -o yaml | --pull-secret -: the secret's token is the one checked (not GHCR_TOKEN), and it is never printed", async () => {
    const { check, find } = await diagnoseSecret(secretYaml({ [host]: { auth: b64(`octocat:${READ}`) } }), { GHCR_TOKEN: REVOKED });
    expect(check('token.discovery')).toMatchObject({ status: 'pass' });
    expect(check('token.discovery')!.summary).toContain('pull-secret (Secret regcred in prod');
    expect(check('token.identity')!.status).toBe('pass');
    expect(check('token.scopes')!.status).toBe('pass');
    expect(find('token.invalid')).toBeUndefined();
  });

  it('a revoked token in the secret: token.invalid, with fixes that replace the secret (token from a file) and reference it', async () => {
    const { find } = await diagnoseSecret(secretYaml({ [host]: { auth: b64(`octocat:${REVOKED}`) } }));
    const f = find('token.invalid')!;
    expect(f.evidence.source).toBe('pull-secret');
    const replace = f.fixes.find((x) => x.id === 'k8s.replace-pull-secret')!;
    expect(replace.commands.join('\n')).toContain(
      'kubectl create secret docker-registry regcred -n prod --from-file=.dockerconfigjson=ghcr-pull.json --dry-run=client -o yaml | kubectl apply -f -',
    );
    expect(replace.commands.join('\n')).toContain('--rawfile t ~/.ghcr_token');
    expect(replace.commands.join('\n')).not.toMatch(/--docker-password|ghp_/);
    expect(f.fixes.find((x) => x.id === 'k8s.reference-pull-secret')!.commands[0]).toContain('imagePullSecrets');
  });

  it('bad base64 → token.malformed, no entry for the host → token.not-found, both with evidence.source pull-secret, exit 1', async () => {
    const bad = await diagnoseSecret(secretYaml('eyJhdXRocyI6!!!'));
    expect(bad.find('token.malformed')).toMatchObject({ evidence: { source: 'pull-secret', secretName: 'regcred', namespace: 'prod' } });
    expect(bad.find('token.malformed')!.fixes.map((x) => x.id)).toEqual(['k8s.replace-pull-secret', 'k8s.reference-pull-secret']);
    expect(bad.res.code).toBe(1);
    const other = await diagnoseSecret(secretYaml({ 'docker.io': { auth: b64(`me:${READ}`) } }));
    expect(other.find('token.not-found')).toMatchObject({ evidence: { source: 'pull-secret', host, hosts: ['docker.io'] } });
    expect(other.res.code).toBe(1);
  });

  it('a missing file, or --pull-secret with --token-stdin: exit 2, one line', async () => {
    const home = await tempDir();
    try {
      const base = ['--ci', '--image', `${host}/acme/api:1.2`];
      const missing = await runCli([...base, '--pull-secret', path.join(home.dir, 'nope.yaml')], { cwd: home.dir });
      expect(missing.code).toBe(2);
      expect(missing.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^ghcr-doctor: cannot read --pull-secret .*nope\.yaml: no such file$/)]);
      const both = await runCli([...base, '--pull-secret', '-', '--token-stdin'], { cwd: home.dir, stdin: 'x' });
      expect(both.code).toBe(2);
      expect(both.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      await home.cleanup();
    }
  });
});
