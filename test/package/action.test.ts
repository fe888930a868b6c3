import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, ensureBuilt } from '../helpers/built-cli.js';

interface ActionStep {
  id?: string;
  shell: string;
  env: Record<string, string>;
  run: string;
}
interface ActionFile {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as ActionFile;
const TOKEN = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';

/** Runs the composite action's steps as the runner would: `${{ inputs.* }}` and `${{ github.action_path }}` substituted, GITHUB_* set. */
function runAction(inputs: Record<string, string>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'ghcrd-action-'));
  const files = { summary: path.join(dir, 'summary.md'), output: path.join(dir, 'output') };
  const value = (expr: string): string => {
    const input = /^\$\{\{ inputs\.([\w-]+) \}\}$/.exec(expr);
    if (input) return inputs[input[1]!] ?? action.inputs[input[1]!]?.default ?? '';
    if (expr === '${{ github.action_path }}') return ROOT;
    throw new Error(`unexpected expression in action.yml: ${expr}`);
  };
  let last: ReturnType<typeof spawnSync> | undefined;
  for (const step of action.runs.steps) {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: dir,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_OUTPUT: files.output,
      GITHUB_WORKSPACE: dir,
    };
    for (const [k, v] of Object.entries(step.env)) env[k] = value(v);
    last = spawnSync(step.shell, ['-c', step.run], { env, cwd: dir, encoding: 'utf8', timeout: 60_000 });
  }
  const outputs = existsSync(files.output)
    ? Object.fromEntries(
        readFileSync(files.output, 'utf8')
          .trim()
          .split('\n')
          .map((l) => l.split('=') as [string, string]),
      )
    : {};
  return {
    code: last!.status,
    stdout: String(last!.stdout),
    stderr: String(last!.stderr),
    summary: existsSync(files.summary) ? readFileSync(files.summary, 'utf8') : '',
    outputs,
  };
}

describe('action.yml (composite GitHub Action)', () => {
  beforeAll(() => ensureBuilt());

  it('declares the image, intent and ssh inputs and the outcome outputs, as a composite of shell steps', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.inputs.image?.required).toBe(true);
    expect(action.inputs.intent?.default).toBe('push');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['image', 'intent', 'ssh', 'token', 'args', 'version']));
    expect(Object.keys(action.outputs)).toEqual(['outcome', 'exit-code']);
    // The token goes through the environment, never into the command the runner logs.
    for (const step of action.runs.steps) expect(step.run).not.toContain('inputs.token');
  });

  it('runs the CLI with --ci: annotations, step summary, outputs and exit code; intent and servers reach it; the token is never printed', () => {
    const r = runAction({
      image: '127.0.0.1:1/acme/api:1',
      intent: 'pull',
      ssh: 'deploy@127.0.0.1:1\nops@127.0.0.1:2',
      token: TOKEN,
      args: '--no-status --api-url https://127.0.0.1:1 --timeout 10',
      version: 'local',
    });
    expect(r.code, r.stderr).toBe(3);
    expect(r.outputs).toEqual({ outcome: 'inconclusive', 'exit-code': '3' });
    expect(r.stdout).toContain('::error title=ghcr-doctor registry.unreachable::');
    expect(r.stdout).toContain('--intent pull');
    expect(r.stdout).toContain('deploy@127.0.0.1:1');
    expect(r.stdout).toContain('ops@127.0.0.1:2');
    expect(r.summary).toContain('ghcr-doctor: inconclusive');
    for (const text of [r.stdout, r.stderr, r.summary]) expect(text).not.toContain(TOKEN.slice(4));
  });

  it('a bad input is exit 2 with outcome error', () => {
    const r = runAction({ image: 'not a ref', version: 'local' });
    expect(r.code).toBe(2);
    expect(r.outputs).toEqual({ outcome: 'error', 'exit-code': '2' });
  });
});
