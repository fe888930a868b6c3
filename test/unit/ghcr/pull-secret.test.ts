import { describe, expect, it } from 'vitest';
import { readPullSecret } from '../../../src/ghcr/pull-secret.js';

const TOKEN = 'ghp_' + 'PullSecretT0kenAbCdEfGhIjKlMnOpQrSt';
const b64 = (s: string) => Buffer.from(s).toString('base64');
const config = (auths: Record<string, unknown>) => JSON.stringify({ auths });
const ghcrAuth = { 'ghcr.io': { username: 'octocat', password: TOKEN, auth: b64(`octocat:${TOKEN}`) } };

/** As `kubectl get secret regcred -n prod -o yaml` prints it. */
const yamlSecret = (data: string, type = 'kubernetes.io/dockerconfigjson') => `apiVersion: v1
data:
  .dockerconfigjson: ${data}
kind: Secret
metadata:
  creationTimestamp: "2026-11-30T10:00:00Z"
  name: regcred
  namespace: prod
  resourceVersion: "4711"
  uid: 0b5e6c1e-0000-4000-8000-000000000001
type: ${type}
`;

const read = (text: string, host = 'ghcr.io') => readPullSecret({ text, from: 'stdin' }, host);

describe('--pull-secret: the credential a cluster would send', () => {
  it('kubectl -o yaml: the ghcr.io entry, with the Secret name and namespace', async () => {
    expect(await read(yamlSecret(b64(config(ghcrAuth))))).toEqual({
      ok: true,
      key: 'ghcr.io',
      user: 'octocat',
      secret: TOKEN,
      name: 'regcred',
      namespace: 'prod',
    });
  });

  it('kubectl -o json, stringData, a List, a bare config.json and an https:// key all work', async () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'regcred' },
      type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': b64(config(ghcrAuth)) },
    };
    expect(await read(JSON.stringify(secret))).toMatchObject({ ok: true, secret: TOKEN, name: 'regcred' });
    expect(await read(JSON.stringify({ ...secret, data: undefined, stringData: { '.dockerconfigjson': config(ghcrAuth) } }))).toMatchObject({
      ok: true,
      secret: TOKEN,
    });
    expect(
      await read(
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'List',
          items: [{ ...secret, type: 'kubernetes.io/service-account-token', metadata: { name: 'sa' } }, secret],
        }),
      ),
    ).toMatchObject({ ok: true, name: 'regcred' });
    expect(await read(config({ 'https://ghcr.io/v1/': { auth: b64(`bot:${TOKEN}`) } }))).toMatchObject({
      ok: true,
      user: 'bot',
      secret: TOKEN,
      key: 'https://ghcr.io/v1/',
    });
    expect(
      await read(JSON.stringify({ apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/dockercfg', data: { '.dockercfg': b64(JSON.stringify(ghcrAuth)) } })),
    ).toMatchObject({ ok: true, secret: TOKEN });
  });

  it('bad base64, bad JSON inside, neither JSON nor YAML, another Secret type: malformed, with a reason that holds no secret', async () => {
    const cases = [
      [yamlSecret('eyJhdXRocyI6!!!notbase64'), /not valid base64/],
      [yamlSecret(b64('{"auths": {')), /\.dockerconfigjson is not valid JSON/],
      ['{"kind": "Secret", [', /neither valid JSON nor valid YAML/],
      [yamlSecret(b64(config(ghcrAuth)), 'Opaque'), /type Opaque; the kubelet only uses kubernetes.io\/dockerconfigjson/],
      [config({ 'ghcr.io': { auth: 'bm90LWEtcGFpcg==' } }), /auth is not base64 user:password/],
      ['just some words', /not a Secret or a docker config.json/],
    ] as const;
    for (const [text, reason] of cases) {
      const r = await read(text);
      expect(r, text).toMatchObject({ ok: false, problem: 'malformed' });
      expect((r as { reason: string }).reason).toMatch(reason);
      expect(JSON.stringify(r)).not.toContain(TOKEN);
    }
  });

  it('no entry for the image host: no-entry, naming the hosts it does hold', async () => {
    const r = await read(yamlSecret(b64(config({ 'docker.io': { auth: b64(`me:${TOKEN}`) }, 'https://index.docker.io/v1/': { auth: b64(`me:${TOKEN}`) } }))));
    expect(r).toEqual({ ok: false, problem: 'no-entry', hosts: ['docker.io', 'index.docker.io'], name: 'regcred', namespace: 'prod' });
  });
});
