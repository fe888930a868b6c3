/**
 * `npm run lab -- --world test/lab/worlds/healthy.json [--seed OWNER/NAME:TAG ...]`
 * Starts the lab by hand and prints how to point ghcr-doctor (and podman) at it; runs until Ctrl-C.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { startLab } from './harness.js';
import { requireLab } from './require-lab.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      world: { type: 'string' },
      seed: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.world) {
    console.log('usage: npm run lab -- --world FILE [--seed OWNER/NAME:TAG]...\nworlds: test/lab/worlds/*.json');
    process.exit(values.help ? 0 : 2);
  }
  if (!requireLab()) process.exit(2);
  const world = JSON.parse(await readFile(values.world, 'utf8')) as unknown;
  const lab = await startLab(world);
  for (const ref of values.seed ?? []) {
    const { digest } = await lab.seedImage(ref);
    console.log(`seeded ${lab.registryHost}/${ref} ${digest}`);
  }
  const token = lab.world.tokens[0];
  const pkg = lab.world.packages[0];
  const image = `${lab.registryHost}/${pkg ? `${pkg.owner}/${pkg.name}` : 'OWNER/NAME'}:latest`;
  console.log(`
ghcr lab is up (world: ${values.world})
  registry   https://${lab.registryHost}   (realm https://${lab.registryHost}/token, service ghcr.io)
  GitHub API ${lab.apiUrl}
  status     ${lab.statusUrl}/api/v2/summary.json
  CA         ${lab.caFile}

point ghcr-doctor at it:
  export ${Object.entries(lab.env)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')}
  printf %s "$TOKEN" | node bin/ghcr-doctor.js --ci --image ${image} --api-url ${lab.apiUrl} --status-url ${lab.statusUrl} --token-stdin

podman:
  printf %s "$TOKEN" | podman login --cert-dir ${lab.certDir} -u USER --password-stdin ${lab.registryHost}
  podman pull --cert-dir ${lab.certDir} ${image}

tokens in this world: ${lab.world.tokens.map((t) => `${t.kind}(${t.owner})`).join(', ')}${token ? ' — values are in the world file' : ''}
Ctrl-C to stop.`);
  const stop = () => {
    void lab.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
