import { describe, expect, it } from 'vitest';
import { explainText } from '../../../src/explain/matcher.js';
import { renderExplainText } from '../../../src/explain/render.js';
import { remedyFor } from '../../../src/explain/remedies.js';

const plain = (_: string, t: string) => t;
const ids = (text: string) => explainText(text).matches.map((m) => m.id);

describe('explain: other registries give no GHCR finding, only a one-line note', () => {
  it('Docker Hub rate limit: no finding id, a note naming Docker Hub', () => {
    const r = explainText(
      'Error response from daemon: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit',
    );
    expect(r.matches).toEqual([]);
    expect(r.notGhcr).toHaveLength(1);
    expect(r.notGhcr[0]!.note).toMatch(/Docker Hub's rate limit.*not ghcr\.io/);
    expect(renderExplainText(r, plain).trim().split('\n')).toHaveLength(1);
  });

  it.each([
    ['manifest unknown on docker.io', 'Error response from daemon: manifest for docker.io/library/nginx:9.9 not found: manifest unknown: manifest unknown'],
    [
      'insufficient_scope from Docker Hub',
      'failed to solve: failed to fetch anonymous token: unexpected status from GET request to https://auth.docker.io/token?scope=repository%3Aacme%2Fapi%3Apull: 401 Unauthorized insufficient_scope',
    ],
    ['password refused by registry.redhat.io', 'Error: logging into "registry.redhat.io": invalid username/password'],
    ['expired certificate on another host', 'Get "https://registry.internal.example:5000/v2/": x509: certificate has expired or is not yet valid'],
    ['ECR denial', 'denied: requested access to the resource is denied: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api'],
    ['ECR expired login, no host', 'denied: Your authorization token has expired. Reauthenticate and try again.'],
    ['ECR missing repository, no host', "name unknown: The repository with name 'api' does not exist in the registry with id '123456789012'"],
  ])('%s', (_, line) => {
    const r = explainText(line);
    expect(r.matches).toEqual([]);
    expect(r.notGhcr).toHaveLength(1);
  });

  it('a host-less line belongs to the nearest line that names a registry', () => {
    expect(ids('Pulling nginx (quay.io/acme/nginx:1.25)...\nERROR: unauthorized: authentication required')).toEqual([]);
    expect(ids('Pulling api (ghcr.io/acme/api:1.25)...\nERROR: unauthorized: authentication required')[0]).toBe('package.private');
    // The host may come after the error, too (podman prints the summary last).
    expect(
      ids(
        'unauthorized: authentication required\nError: initializing source docker://quay.io/acme/api:latest: reading manifest latest in quay.io/acme/api: unauthorized',
      ),
    ).toEqual([]);
  });

  it('a module path or a docs link is not a registry: it does not take the host-less error away', () => {
    expect(ids('go: downloading golang.org/x/sys v0.20.0\nERROR: failed to push: unexpected status: 403 Forbidden')[0]).toBe('registry.push-denied');
    expect(ids('See example.com/docs/auth for help\nError response from daemon: error from registry: unauthorized')[0]).toBe('package.private');
  });

  it('a host-less line with nothing around it is judged on its wording', () => {
    expect(ids('ERROR: failed to push: unexpected status: 403 Forbidden')[0]).toBe('registry.push-denied');
    expect(ids('Error response from daemon: error from registry: denied')).not.toEqual([]);
  });

  it('a local credential-helper failure counts even on a line about another registry', () => {
    const log =
      'docker pull quay.io/acme/api:1\nerror getting credentials - err: exec: "docker-credential-desktop": executable file not found in $PATH, out: ``';
    expect(ids(log)[0]).toBe('server.credential-helper-broken');
  });

  it('a near miss of ghcr.io (ghrc.io) is a GHCR problem, not another registry', () => {
    expect(ids('docker push ghrc.io/acme/api:latest\n"<html><body><h1>403 Forbidden</h1>\\nRequest forbidden by administrative rules.')[0]).toBe(
      'image.host-typo',
    );
  });
});

describe('explain: in a log the first match is the root cause, with the reason in causes', () => {
  const denied = 'Error response from daemon: Head "https://ghcr.io/v2/acme/api/manifests/latest": denied: denied';

  it('a `docker logout ghcr.io` before a denial rules out a stale stored credential', () => {
    expect(ids(denied)[0]).toBe('token.stale-stored');
    const r = explainText(`$ docker logout ghcr.io\nRemoving login credentials for ghcr.io\n$ docker pull ghcr.io/acme/api\n${denied}`);
    expect(r.matches.map((m) => m.id)).not.toContain('token.stale-stored');
    expect(r.matches[0]!.causes[0]).toMatch(/logout from ghcr\.io ran at line [12]\b/);
  });

  it('a logout from Docker Hub (plain `docker logout`) rules nothing out for ghcr.io', () => {
    expect(ids(`$ docker logout\nRemoving login credentials for https://index.docker.io/v1/\n${denied}`)[0]).toBe('token.stale-stored');
  });

  it('a login that just succeeded makes a refused stored credential unlikely', () => {
    const r = explainText(
      'Login Succeeded\n'.replace(/^/, 'echo $CR_PAT | docker login ghcr.io -u me --password-stdin\n') +
        'Error response from daemon: unknown: failed to resolve reference "ghcr.io/acme/api:latest": unexpected status from HEAD request to https://ghcr.io/v2/acme/api/manifests/latest: 403 Forbidden',
    );
    expect(['package.private', 'registry.pull-denied']).toContain(r.matches[0]!.id);
  });

  it('a login-action denial inside an Actions log is a refused credential, not a stale one', () => {
    const log = [
      '##[group]Run docker/login-action@v3',
      'Logging into ghcr.io...',
      'Error: Error response from daemon: Get "https://ghcr.io/v2/": denied: denied',
    ].join('\n');
    const r = explainText(log);
    expect(r.matches[0]!.id).toBe('registry.login-rejected');
    expect(r.matches.map((m) => m.id)).not.toContain('token.stale-stored');
    expect(r.matches[0]!.causes[0]).toMatch(/Actions/);
  });

  it('a login with the account password says "password, not a token"', () => {
    const log =
      'Run echo "${{ secrets.GITHUB_PASSWORD }}" | docker login ghcr.io -u octocat --password-stdin\nError response from daemon: Get "https://ghcr.io/v2/": denied: denied';
    const r = explainText(log);
    expect(r.matches[0]!.id).toBe('registry.login-rejected');
    expect(r.matches[0]!.causes[0]).toMatch(/GITHUB_PASSWORD, an account password.*not the password/);
  });

  it('a token-in-command-line warning never outranks the push denial that broke the job', () => {
    const log = [
      'WARNING! Using --password via the CLI is insecure. Use --password-stdin.',
      'Login Succeeded',
      'The push refers to repository [ghcr.io/acme/api]',
      'denied: permission_denied: write_package',
    ].join('\n');
    const got = ids(log);
    expect(got[0]).toBe('package.not-linked');
    expect(got.at(-1)).toBe('workflow.token-in-command-line');
  });

  it('the step decides a bare denial: after "The push refers to repository" it is a push denial', () => {
    expect(ids('The push refers to repository [ghcr.io/acme/api]\n5f70bf18a086: Preparing\ndenied: denied')[0]).toBe('registry.push-denied');
  });

  it('kubelet events wrapped over several lines are read as one message, at its first line', () => {
    const event = [
      '  Warning  Failed  12s  kubelet  Failed to pull image "ghcr.io/acme/api:latest":',
      '    failed to pull and unpack image "ghcr.io/acme/api:latest":',
      '    failed to resolve reference "ghcr.io/acme/api:latest":',
      '    failed to authorize: failed to fetch anonymous token:',
      '    unexpected status from GET request to',
      '    https://ghcr.io/token?scope=repository%3Aacme%2Fapi%3Apull&service=ghcr.io:',
      '    403 Forbidden',
    ].join('\n');
    expect(explainText(event).matches[0]).toMatchObject({ id: 'package.private', line: 1 });
  });
});

describe('explain: fixes fit where the error happened', () => {
  const kubelet =
    'Warning  Failed  5s  kubelet  Failed to pull image "ghcr.io/acme/api:latest": rpc error: code = Unknown desc = Error response from daemon: Head "https://ghcr.io/v2/acme/api/manifests/latest": unauthorized';

  it('kubelet events get an image pull secret (argv-free first) and imagePullSecrets as YAML', () => {
    const m = explainText(kubelet).matches[0]!;
    expect(m.id).toBe('package.private');
    expect(m.fixes[0]!.id).toBe('k8s.pull-secret');
    const commands = m.fixes.flatMap((f) => f.commands);
    expect(commands.some((c) => c.startsWith('kubectl create secret docker-registry') && c.includes('--docker-server=ghcr.io'))).toBe(true);
    expect(m.fixes[0]!.commands.join('\n')).not.toMatch(/--docker-password/);
    expect(commands).toContain('spec:\n  imagePullSecrets:\n    - name: ghcr-pull');
    expect(m.confirm[0]).toMatch(/^kubectl describe pod /);
    const text = renderExplainText(explainText(kubelet), plain);
    expect(text).toContain('\n        spec:\n          imagePullSecrets:\n');
    expect(text).not.toMatch(/\$ spec:|\$ permissions:/);
  });

  it('podman logins always name the persistent --authfile', () => {
    const r = explainText(
      'Error: initializing source docker://ghcr.io/acme/api:latest: reading manifest latest in ghcr.io/acme/api: unauthorized: authentication required',
    );
    const podmanLogins = r.matches.flatMap((m) => m.fixes.flatMap((f) => f.commands)).filter((c) => /podman login/.test(c));
    expect(podmanLogins.length).toBeGreaterThan(0);
    for (const c of podmanLogins) expect(c).toContain('--authfile ~/.config/containers/auth.json');
    expect(r.matches.flatMap((m) => m.fixes.flatMap((f) => f.commands)).join('\n')).not.toMatch(/docker login/);
  });

  it('"make the package public" is never the first fix of an auth error', () => {
    for (const where of [{}, { kubelet: true }, { podman: true }]) {
      expect(remedyFor('package.private', undefined, where).fixes[0]!.id).not.toBe('package.make-public');
    }
  });

  it('workflow permissions are shown as YAML, not as a shell command', () => {
    const text = renderExplainText(explainText('denied: installation not allowed to Write organization package'), plain);
    expect(text).toContain('        permissions:   # in the job that pushes\n          contents: read\n          packages: write');
    expect(text).not.toContain('$ permissions');
  });
});
