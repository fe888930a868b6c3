import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { ensureBuilt, runBuiltCliSync } from '../helpers/built-cli.js';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'workflows');
const SCHEMA = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '..', '..', 'schema', 'report.v1.json'), 'utf8'));

function lint(args: string[], cwd = FIXTURES, env: Record<string, string> = {}) {
  return runBuiltCliSync(['lint', ...args], { cwd, env: { HOME: process.env.HOME, NO_COLOR: '1', CI: 'true', ...env } });
}

beforeAll(() => ensureBuilt());

describe('ghcr-doctor lint (built CLI)', () => {
  it('--json prints a schema v1 report with file:line evidence and exits 1 on the seed workflow', () => {
    const r = lint(['seed-deploy', '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    const validate = new Ajv({ allErrors: true, strict: false }).compile(SCHEMA);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report).toMatchObject({ schemaVersion: 1, outcome: 'problems', exitCode: 1 });
    expect(report.checks).toEqual([expect.objectContaining({ id: 'workflows.lint:seed-deploy/ci-cd.yml', status: 'fail' })]);
    for (const f of report.findings) {
      expect(f.id).toMatch(/^workflow\./);
      expect(f.evidence.file).toBe('seed-deploy/ci-cd.yml');
      expect(Number.isInteger(f.evidence.line)).toBe(true);
    }
    expect(report.findings[0].severity).toBe('error');
  });

  it('exits 0 on a clean directory, and 0 with warnings only unless --strict', () => {
    expect(lint(['clean']).code).toBe(0);
    expect(lint(['host-key']).code).toBe(0);
    expect(lint(['host-key', '--strict']).code).toBe(1);
  });

  it('defaults to .github/workflows and takes --workflows DIR', () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'ghcr-doctor-lint-'));
    mkdirSync(path.join(repo, '.github', 'workflows'), { recursive: true });
    writeFileSync(path.join(repo, '.github', 'workflows', 'ci.yml'), readFileSync(path.join(FIXTURES, 'permissions', 'read-all.yml')));
    const r = lint(['--json'], repo);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings[0].evidence.file).toBe(path.join('.github', 'workflows', 'ci.yml'));
    expect(lint(['--workflows', path.join(FIXTURES, 'clean')], repo).code).toBe(0);
  });

  it('given a repository root or any folder inside it, finds its .github/workflows (as actionlint does)', () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'ghcr-doctor-lint-'));
    mkdirSync(path.join(repo, '.git'));
    mkdirSync(path.join(repo, '.github', 'workflows'), { recursive: true });
    mkdirSync(path.join(repo, 'src', 'api'), { recursive: true });
    writeFileSync(path.join(repo, '.github', 'workflows', 'ci.yml'), readFileSync(path.join(FIXTURES, 'permissions', 'read-all.yml')));
    for (const [args, cwd] of [
      [[repo], FIXTURES],
      [['.'], repo],
      [[], path.join(repo, 'src', 'api')],
      [['src/api'], repo],
    ] as const) {
      const r = lint([...args, '--json'], cwd);
      expect(r.code, `${args.join(' ')} in ${cwd}`).toBe(1);
      expect(JSON.parse(r.stdout).findings[0].id).toBe('workflow.missing-packages-write');
    }
  });

  it('never says healthy for a folder with no workflow: exit 2 with one line', () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'ghcr-doctor-lint-'));
    mkdirSync(path.join(repo, '.git'));
    mkdirSync(path.join(repo, 'docs'));
    for (const [args, cwd] of [
      [['.'], repo],
      [[], path.join(repo, 'docs')],
      [['docs'], repo],
    ] as const) {
      const r = lint([...args], cwd);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')[0]).toMatch(/^ghcr-doctor: no GitHub Actions workflows in .+ or the folders above it/);
      expect(r.stdout).toBe('');
    }
    mkdirSync(path.join(repo, '.github', 'workflows'), { recursive: true });
    const empty = lint(['.'], repo);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/no workflow files \(\*\.yml, \*\.yaml\) in \.github\/workflows/);
  });

  it('lints a single workflow file given instead of a directory', () => {
    const r = lint(['permissions/read-all.yml', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings.map((f: { evidence: { file: string } }) => f.evidence.file)).toEqual(['permissions/read-all.yml']);
  });

  it('exits 2 with one line for a missing directory', () => {
    const r = lint(['no-such-dir']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')[0]).toBe('ghcr-doctor: no workflows directory at no-such-dir');
    expect(r.stdout).toBe('');
  });

  it('reports a YAML syntax error as file:line and still lints the other files (exit 2)', () => {
    const r = lint(['broken']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/broken\/bad\.yml:\d+: YAML syntax error/);
    expect(r.stdout).toContain('[workflow.missing-packages-write]');
    const j = JSON.parse(lint(['broken', '--json']).stdout);
    expect(j.checks.map((c: { status: string }) => c.status)).toEqual(['error', 'fail']);
    expect(j.exitCode).toBe(2);
  });

  it('a workflow it cannot read (a directory named x.yml) is said so, not called a YAML syntax error (exit 2)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ghcr-doctor-lint-'));
    mkdirSync(path.join(dir, '.github', 'workflows', 'dir.yml'), { recursive: true });
    writeFileSync(path.join(dir, '.github', 'workflows', 'ok.yml'), 'on: push\njobs: {}\n');
    const r = lint([dir], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/\.github\/workflows\/dir\.yml: cannot read: .*dir\.yml is a directory/);
    expect(r.stdout).not.toMatch(/YAML syntax error/);
    expect(r.stdout).toMatch(/^unreadable input: 0 errors, 0 warnings, 0 info · 2 checks in .* · exit 2$/m);
    const j = JSON.parse(lint([dir, '--json'], dir).stdout);
    expect(new Ajv({ strict: false }).compile(SCHEMA)(j)).toBe(true);
    expect(j.checks.map((c: { status: string }) => c.status).sort()).toEqual(['error', 'pass']);
    expect(j.exitCode).toBe(2);
  });

  it('prints text in the CI reporter style with file:line and emits Actions annotations', () => {
    const r = lint(['permissions'], FIXTURES, { GITHUB_ACTIONS: 'true' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✖ Workflow permissions\/read-all\.yml: 1 error/);
    expect(r.stdout).toContain('permissions/read-all.yml:6: ');
    expect(r.stdout).toMatch(/::error file=permissions\/read-all\.yml,line=6,title=ghcr-doctor workflow\.missing-packages-write::/);
    expect(r.stdout).toMatch(/problems: \d+ errors?/);
  });

  it.each([
    ['a-b.', 'an unbounded host pattern ([\\w.-]+\\.amazonaws\\.com)'],
    ['${{ ', 'unclosed expressions'],
    ['${{ secrets.A ', 'unclosed expressions naming a secret'],
  ])('a 200 KB run: line of %j is linted in linear time (%s backtracked for minutes; killed after 30 s)', (unit) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ghcr-doctor-lint-long-'));
    mkdirSync(path.join(dir, '.github', 'workflows'), { recursive: true });
    const body = JSON.stringify(unit.repeat(Math.ceil(200_000 / unit.length)));
    writeFileSync(
      path.join(dir, '.github', 'workflows', 'long.yml'),
      `on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${body}\n      - uses: appleboy/ssh-action@v1\n        with:\n          fingerprint: x\n          script: ${body}\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n          tags: ${body}\n`,
    );
    const r = runBuiltCliSync(['lint', dir, '--json'], { cwd: dir, timeoutMs: 30_000, env: { HOME: process.env.HOME, CI: 'true' } });
    expect(r.code, r.stderr.slice(0, 300)).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ exitCode: 0, outcome: 'healthy' });
  });
});
