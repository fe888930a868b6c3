import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadWorld, type World } from '../../src/sandbox/world.js';
import { startLab, type Lab } from './harness.js';
import { requireLab } from './require-lab.js';
import { labHome, registryWorld, runCli } from './registry-world.js';

const labOk = requireLab();

const WORLD_DIR = new URL('./worlds/', import.meta.url);
const worlds: Array<[string, World]> = [
  ...readdirSync(WORLD_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f): [string, World] => [f, loadWorld(JSON.parse(readFileSync(new URL(f, WORLD_DIR), 'utf8')))]),
  ['registry-world (test/lab/registry-world.ts)', registryWorld()],
];

/** Every form in which a token could leak: itself, base64/base64url of it and of user:token for any user. */
function leakForms(world: World, token: string): string[] {
  const users = new Set(['ghcr-doctor', 'x-access-token', ...world.users.map((u) => u.login), ...world.tokens.map((t) => t.owner)]);
  const forms = new Set<string>([token]);
  for (const s of [token, ...[...users].map((u) => `${u}:${token}`)]) {
    forms.add(Buffer.from(s).toString('base64'));
    forms.add(Buffer.from(s).toString('base64url'));
  }
  // The distinctive body of the token too (a masked prefix is fine, the rest is not).
  forms.add(token.replace(/^(gh[pousr]_|github_pat_)/, ''));
  return [...forms];
}

/**
 * Canary: over every lab world and every token in it, the built CLI (text with --verbose, and --json)
 * never prints the token or an encoding of it — with the token in GHCR_TOKEN and also stored in
 * ~/.docker/config.json (so the stored-credential check reads and sends it too).
 */
describe.skipIf(!labOk)('lab canary: no token in any output', () => {
  const labs: Lab[] = [];
  afterAll(async () => {
    for (const lab of labs) await lab.stop();
  });

  for (const [name, world] of worlds) {
    it(`${name}: ${world.tokens.length} token(s)`, async () => {
      const lab = await startLab(world);
      labs.push(lab);
      const pkg = lab.world.packages[0];
      const image = pkg ? `${pkg.owner.toLowerCase()}/${pkg.name.toLowerCase()}:latest` : 'octocat/api:latest';
      if (pkg) await lab.seedImage(image, { visibility: pkg.visibility });
      const repo = lab.world.repos[0]?.fullName;
      let outputs = 0;
      for (const token of lab.world.tokens.map((t) => t.value)) {
        const home = await labHome({
          '.docker/config.json': { auths: { [lab.registryHost]: { auth: Buffer.from(`octocat:${token}`).toString('base64') } } },
        });
        try {
          const env = { ...lab.env, GHCR_TOKEN: token, HOME: home.dir };
          const common = ['--ci', '--image', `${lab.registryHost}/${image}`, ...(repo ? ['--repo', repo] : [])];
          for (const extra of [['--verbose'], ['--json'], ['--json', '--probe', 'push']]) {
            const res = await runCli([...common, ...extra], env);
            const all = `${res.stdout}\n${res.stderr}`;
            expect(res.stdout.length + res.stderr.length).toBeGreaterThan(0);
            if (![0, 1, 3].includes(res.code)) throw new Error(`${name}: exit ${res.code} with ${extra.join(' ')}: ${res.stderr.slice(0, 600)}`);
            for (const form of leakForms(lab.world, token)) {
              if (all.includes(form))
                throw new Error(`${name}: token leaked (${form.slice(0, 6)}…) with ${extra.join(' ')}:\n${all.replaceAll(form, '<<LEAK>>').slice(0, 2000)}`);
            }
            outputs++;
          }
        } finally {
          await home.cleanup();
        }
      }
      expect(outputs).toBe(lab.world.tokens.length * 3);
    }, 120_000);
  }
});
