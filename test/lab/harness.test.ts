import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startLab } from './harness.js';
import { requireLab } from './require-lab.js';

const run = promisify(execFile);
const TOKEN = 'ghp_labHarnessClassic00000000000000000001';
const world = {
  users: [{ login: 'octocat' }],
  orgs: [],
  tokens: [{ value: TOKEN, owner: 'octocat', kind: 'classic', scopes: ['read:packages'] }],
  packages: [],
  repos: [],
  status: { components: [{ id: 'st3j38cctv9l', status: 'partial_outage' }] },
};

describe.skipIf(!requireLab())('lab harness', () => {
  it('a child process trusts the lab through lab.env; seedImage shows up in the REST API; stop() cleans up', async () => {
    const lab = await startLab(world);
    let dir = '';
    try {
      dir = dirname(dirname(lab.caFile));
      expect(lab.registryHost).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(existsSync(`${lab.certDir}/ca.crt`)).toBe(true);
      // A separate node process, trusting only what lab.env says (TLS stays verified).
      const script = `const r = await fetch(process.env.GITHUB_API_URL + '/user', { headers: { authorization: 'token ' + process.env.T } });
        const s = await fetch(process.env.GHCR_DOCTOR_STATUS_URL + '/api/v2/summary.json');
        const v2 = await fetch('https://${lab.registryHost}/v2/');
        console.log(JSON.stringify({ user: r.status, scopes: r.headers.get('x-oauth-scopes'), status: (await s.json()).status.indicator, v2: v2.status, auth: v2.headers.get('www-authenticate') }));`;
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { env: { ...lab.env, PATH: process.env.PATH, T: TOKEN } });
      expect(JSON.parse(stdout)).toEqual({
        user: 200,
        scopes: 'read:packages',
        status: 'major',
        v2: 401,
        auth: `Bearer realm="https://${lab.registryHost}/token",service="ghcr.io",scope="repository:user/image:pull"`,
      });
      // Without the CA the same process refuses the certificate.
      const untrusted = await run(process.execPath, ['--input-type=module', '-e', `await fetch('${lab.apiUrl}/users/octocat')`], {
        env: { PATH: process.env.PATH },
      }).catch((e: { stderr: string }) => e);
      expect(String((untrusted as { stderr?: string }).stderr)).toMatch(/self[- ]signed|unable to verify|UNABLE_TO_VERIFY|SELF_SIGNED/i);

      const { digest } = await lab.seedImage(`${lab.registryHost}/octocat/seeded:1.0`, { visibility: 'public' });
      const res = await lab.fetch(`${lab.apiUrl}/users/octocat/packages/container/seeded/versions`, { headers: { authorization: `token ${TOKEN}` } });
      const versions = (await res.json()) as Array<{ name: string; metadata: { container: { tags: string[] } } }>;
      expect(versions).toEqual([expect.objectContaining({ name: digest, metadata: { package_type: 'container', container: { tags: ['1.0'] } } })]);
      // Anonymous pull of the public seeded manifest through the front, the way a client does it.
      const tok = (await (await lab.fetch(`https://${lab.registryHost}/token?service=ghcr.io&scope=repository:octocat/seeded:pull`)).json()) as {
        token: string;
      };
      const manifest = await lab.fetch(`https://${lab.registryHost}/v2/octocat/seeded/manifests/1.0`, {
        headers: { authorization: `Bearer ${tok.token}`, accept: 'application/vnd.oci.image.manifest.v1+json' },
      });
      expect(manifest.status).toBe(200);
      expect(manifest.headers.get('docker-content-digest')).toBe(digest);
      expect(lab.registryLogs()).toContain('/v2/octocat/seeded/manifests/1.0');
      // Blob downloads redirect to another host, like ghcr.io → pkg-containers.githubusercontent.com.
      const layer = ((await manifest.json()) as { layers: Array<{ digest: string }> }).layers[0]!.digest;
      const blobUrl = `https://${lab.registryHost}/v2/octocat/seeded/blobs/${layer}`;
      const redirect = await lab.fetch(blobUrl, { headers: { authorization: `Bearer ${tok.token}` }, redirect: 'manual' });
      expect(redirect.status).toBe(307);
      expect(new URL(redirect.headers.get('location')!).host).toBe(lab.blobHost);
      const blob = await lab.fetch(blobUrl, { headers: { authorization: `Bearer ${tok.token}` } });
      expect(blob.status).toBe(200);
      expect(
        createHash('sha256')
          .update(Buffer.from(await blob.arrayBuffer()))
          .digest('hex'),
      ).toBe(layer.slice('sha256:'.length));
      const forged = await lab.fetch(redirect.headers.get('location')!.replace(/sig=[^&]+/, 'sig=forged'));
      expect(forged.status).toBe(403);
    } finally {
      await lab.stop();
    }
    expect(existsSync(dir)).toBe(false);
    await expect(fetch(`${lab.apiUrl}/users/octocat`)).rejects.toThrow();
  });
});
