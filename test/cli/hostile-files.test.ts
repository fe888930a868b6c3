import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ensureBuilt } from '../helpers/built-cli.js';
import { runCli, tempDir } from './diagnose-harness.js';

/** Files ghcr-doctor reads (docker config.json) written to attack the terminal or the workflow log. */
const TOKEN = 'ghp_' + 'F1leT3stT0kenAbCdEfGhIjKlMnOpQrStUvW';
const EVIL = '\x1b]52;c;cHduZWQ=\x07\u202e\n::warning::injected';

let home: { dir: string; cleanup(): Promise<void> };
beforeAll(async () => {
  ensureBuilt();
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  home = await tempDir({
    '.docker/config.json': {
      auths: { 'registry.example': { auth: b64(`user${EVIL}:${TOKEN}`) } },
      credHelpers: { '127.0.0.1:1': `evil${EVIL}` },
    },
  });
});
afterAll(async () => {
  await home?.cleanup();
});

function expectNothingRaw(text: string, where: string) {
  expect(
    [...text].filter((c) => c === '\x1b' || c === '\x07' || c === '\u202e'),
    where,
  ).toEqual([]);
  for (const line of text.split('\n')) expect(line, where).not.toMatch(/^\s*::warning::injected/);
}

describe('a docker config.json with escape sequences in a credential helper name', () => {
  it('is quoted escaped in the text report, the annotations and the JSON', async () => {
    for (const json of [[], ['--json']]) {
      const res = await runCli(
        ['--ci', '--verbose', ...json, '--image', '127.0.0.1:1/acme/api', '--api-url', 'http://127.0.0.1:1', '--no-status', '--timeout', '5'],
        {
          cwd: home.dir,
          env: { GITHUB_ACTIONS: 'true' },
        },
      );
      // In the JSON the escapes are themselves escaped (`\\\\x1b`): parsed back, the same text.
      const shown = json.length ? JSON.stringify(JSON.parse(res.stdout)).replace(/\\\\/g, '\\') : res.stdout;
      expect(shown).toContain('docker-credential-evil\\x1b]52;c;cHduZWQ=\\x07\\u202e\\x0a::warning::injected');
      expectNothingRaw(res.stdout, `stdout ${json}`);
      expectNothingRaw(res.stderr, `stderr ${json}`);
      expect(res.stdout + res.stderr).not.toContain(TOKEN.slice(4));
    }
  });
});

describe('a Kubernetes pull secret whose name and namespace are hostile', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  /** A Secret with no entry for ghcr.io: its findings carry the k8s fixes, which name the Secret. */
  async function secretFile(name: string, namespace: string): Promise<string> {
    const file = path.join(home.dir, `secret-${b64(name).slice(0, 8).replace(/\W/g, '')}.json`);
    await writeFile(
      file,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'kubernetes.io/dockerconfigjson',
        metadata: { name, namespace },
        data: { '.dockerconfigjson': b64(JSON.stringify({ auths: { 'other.example': { auth: b64('u:p') } } })) },
      }),
    );
    return file;
  }
  const run = (file: string, json: string[] = []) =>
    runCli(
      [
        '--ci',
        ...json,
        '--intent',
        'pull',
        '--pull-secret',
        file,
        '--image',
        'ghcr.io/acme/api',
        '--api-url',
        'http://127.0.0.1:1',
        '--no-status',
        '--timeout',
        '5',
      ],
      {
        cwd: home.dir,
        env: { GITHUB_ACTIONS: 'true' },
      },
    );

  it('escape sequences, a bidi override and a workflow command in them are shown escaped', async () => {
    const file = await secretFile(`regcred${EVIL}`, `prod${EVIL}`);
    for (const json of [[], ['--json']]) {
      const res = await run(file, json);
      expect(res.stdout).toContain('regcred');
      expectNothingRaw(res.stdout, `stdout ${json}`);
      expectNothingRaw(res.stderr, `stderr ${json}`);
    }
  });

  it("a ' in the name cannot end the quotes of the kubectl patch fix: the command, run as printed, runs only kubectl", async () => {
    const marker = path.join(home.dir, 'pwned');
    const file = await secretFile(`x'; touch ${marker}; echo '`, 'prod');
    const res = await run(file);
    const patch = res.stdout
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.startsWith('$ kubectl patch serviceaccount'));
    expect(patch, res.stdout).toBeDefined();
    // kubectl is a shell function here that prints its arguments, one per line.
    const out = execFileSync('sh', ['-c', `kubectl() { printf '%s\\n' "$@"; }\n${patch!.slice(2)}`], { encoding: 'utf8' });
    expect(existsSync(marker)).toBe(false);
    expect(out.trimEnd().split('\n').at(-1)).toBe(`{"imagePullSecrets": [{"name": "x'; touch ${marker}; echo '"}]}`);
  });
});
