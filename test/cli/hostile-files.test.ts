import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
