import { describe, expect, it } from 'vitest';
import { lintSource } from '../../../src/lint/lint.js';
import { hits, lineOf, lintFixture } from './fixture.js';

describe('seed runbook deploy workflow (shared/seeds/001)', () => {
  const r = lintFixture('seed-deploy/ci-cd.yml');
  const s = r.source;
  const setupSsh = lineOf(s, 'ssh -i ~/.ssh/id_rsa');
  const deploySsh = lineOf(s, 'ssh -i ~/.ssh/id_rsa', setupSsh);
  const scp = lineOf(s, 'scp -i');
  const setupToken = lineOf(s, "GITHUB_TOKEN='${{ secrets.GITHUB_TOKEN }}' bash setup-auth.sh");
  const deployToken1 = lineOf(s, "GITHUB_TOKEN='${{ secrets.GITHUB_TOKEN }}' \\");
  const deployToken2 = lineOf(s, "GHCR_TOKEN='${{ secrets.GITHUB_TOKEN }}'");

  it('reports GITHUB_TOKEN handed to the server at each occurrence in the ssh command strings', () => {
    expect(hits(r).filter(([id]) => id === 'workflow.github-token-on-server')).toEqual([
      ['workflow.github-token-on-server', setupToken],
      ['workflow.github-token-on-server', deployToken1],
      ['workflow.github-token-on-server', deployToken2],
    ]);
  });
  it('reports each secret in the remote command strings (contract), not the host/user/port secrets before them', () => {
    const deployPath = lineOf(s, '"cd ${{ secrets.DEPLOY_PATH }} && \\');
    expect(
      hits(r)
        .filter(([id]) => id === 'workflow.token-in-command-line')
        .map(([, l]) => l),
    ).toEqual([setupToken, deployPath, deployToken1, deployToken2]);
  });
  it('reports StrictHostKeyChecking=no on the scp and both ssh lines', () => {
    expect(
      hits(r)
        .filter(([id]) => id === 'workflow.host-key-checking-disabled')
        .map(([, l]) => l),
    ).toEqual([scp, setupSsh, deploySsh]);
  });
  it('reports the pushing job under a workflow block without packages, at the job', () => {
    const f = r.findings.find((x) => x.id === 'workflow.missing-packages-write')!;
    expect(f.evidence).toMatchObject({
      file: 'seed-deploy/ci-cd.yml',
      line: lineOf(s, '  build:'),
      job: 'build',
      level: 'workflow',
      packages: 'none',
      permissionsLine: lineOf(s, 'permissions:'),
    });
    expect(f.fixes[0]!.commands).toEqual(['permissions: { contents: read, packages: write }']);
  });
  it('reports the podman push running on pull_request', () => {
    expect(hits(r).filter(([id]) => id === 'workflow.push-on-fork-pr')).toEqual([['workflow.push-on-fork-pr', lineOf(s, 'podman push')]]);
  });
  it('puts file:line in every detail and a replacement in every finding', () => {
    for (const f of r.findings) {
      expect(f.detail.startsWith(`seed-deploy/ci-cd.yml:${String(f.evidence.line)}: `)).toBe(true);
      expect(f.fixes.length).toBeGreaterThan(0);
      expect(f.fixes[0]!.commands.length).toBeGreaterThan(0);
    }
  });
});

describe('a clean workflow', () => {
  it('produces nothing (metadata-action, guarded push, packages: write, pinned host key)', () => {
    expect(lintFixture('clean/publish.yml').findings).toEqual([]);
  });
});

describe('permissions semantics', () => {
  it('an explicit workflow block sets unlisted scopes to none', () => {
    const r = lintFixture('permissions/workflow-block-unlisted.yml');
    expect(hits(r)).toEqual([['workflow.missing-packages-write', lineOf(r.source, 'push-image:')]]);
  });
  it("the job's block wins over the workflow's, both ways", () => {
    const narrowed = lintFixture('permissions/job-block-wins.yml');
    expect(hits(narrowed)).toEqual([['workflow.missing-packages-write', lineOf(narrowed.source, '    permissions:')]]);
    expect(narrowed.findings[0]!.evidence).toMatchObject({ job: 'narrowed', level: 'job' });
    expect(lintFixture('permissions/job-grants-write.yml').findings).toEqual([]);
  });
  it('write-all grants packages: write; read-all and {} do not', () => {
    expect(lintFixture('permissions/write-all.yml').findings).toEqual([]);
    expect(lintFixture('permissions/read-all.yml').findings.map((f) => f.evidence.packages)).toEqual(['read']);
    expect(lintFixture('permissions/empty-block.yml').findings.map((f) => f.id)).toEqual(['workflow.missing-packages-write']);
  });
  it('with no block anywhere the repository default applies: nothing is reported', () => {
    expect(lintFixture('permissions/no-block.yml').findings).toEqual([]);
  });
  it('keeps the scopes already listed in the suggested block', () => {
    const f = lintFixture('permissions/job-block-wins.yml').findings[0]!;
    expect(f.detail).toContain('permissions:\n  contents: read\n  packages: write');
  });
});

describe('uppercase image refs', () => {
  const r = lintFixture('uppercase/refs.yml');
  const s = r.source;
  it('reports refs built from github.repository / repository_owner / $GITHUB_REPOSITORY and literal capitals', () => {
    expect(hits(r)).toEqual([
      ['workflow.uppercase-image-ref', lineOf(s, 'tags: ghcr.io/${{ github.repository }}:latest')],
      ['workflow.uppercase-image-ref', lineOf(s, 'ghcr.io/$GITHUB_REPOSITORY:sha')],
      ['workflow.uppercase-image-ref', lineOf(s, 'ghcr.io/Acme/App:v1')],
      ['workflow.uppercase-image-ref', lineOf(s, '${{ env.REGISTRY }}/${{ env.IMAGE_NAME }}:edge')],
      ['workflow.uppercase-image-ref', lineOf(s, 'github.repository_owner }}/tool')],
    ]);
  });
  it('looks at the ref itself, not at other words of the command (source label)', () => {
    const wf =
      'on: push\njobs:\n  j:\n    steps:\n      - run: docker build --label org.opencontainers.image.source=https://github.com/$GITHUB_REPOSITORY -t ghcr.io/acme/app .\n';
    expect(lintSource('x.yml', wf, 'c').findings).toEqual([]);
    expect(lintSource('x.yml', wf.replace('ghcr.io/acme/app', 'ghcr.io/${{ github.repository_owner }}/app'), 'c').findings.map((f) => f.id)).toEqual([
      'workflow.uppercase-image-ref',
    ]);
  });
  it('leaves docker/metadata-action images, lowercased names and capitals in tags alone', () => {
    const lines = hits(r).map(([, l]) => l);
    expect(lines).not.toContain(lineOf(s, 'images: ghcr.io/${{ github.repository }}'));
    expect(lines).not.toContain(lineOf(s, 'GITHUB_REPOSITORY,,'));
    expect(lines).not.toContain(lineOf(s, 'Latest-TAG'));
  });
});

describe('image refs lowercased by a later reassignment', () => {
  const wf = (lower: string) =>
    'on: push\njobs:\n  j:\n    permissions:\n      packages: write\n    steps:\n      - run: |\n          IMAGE_ID=ghcr.io/${{ github.repository_owner }}/app\n' +
    `          ${lower}\n          docker push $IMAGE_ID:latest\n`;
  it("leaves IMAGE_ID=ghcr.io/${{ github.repository_owner }}/app alone when IMAGE_ID is then lowercased with tr '[A-Z]' '[a-z]'", () => {
    expect(lintSource('x.yml', wf("IMAGE_ID=$(echo $IMAGE_ID | tr '[A-Z]' '[a-z]')"), 'c').findings).toEqual([]);
  });
  it('still reports it when the later reassignment does not lowercase, at the first assignment', () => {
    expect(lintSource('x.yml', wf('IMAGE_ID=$IMAGE_ID-x'), 'c').findings.map((f) => [f.id, f.evidence.line])).toEqual([['workflow.uppercase-image-ref', 8]]);
  });
});

describe('host key checking', () => {
  const r = lintFixture('host-key/deploy.yml');
  const s = r.source;
  it('reports ssh-keyscan, /dev/null known hosts, "StrictHostKeyChecking no" and ssh-action without fingerprint', () => {
    expect(hits(r)).toEqual([
      ['workflow.host-key-checking-disabled', lineOf(s, 'ssh-keyscan')],
      ['workflow.host-key-checking-disabled', lineOf(s, 'UserKnownHostsFile=/dev/null')],
      ['workflow.host-key-checking-disabled', lineOf(s, 'StrictHostKeyChecking no')],
      ['workflow.host-key-checking-disabled', lineOf(s, 'appleboy/ssh-action')],
    ]);
  });
});

describe('tokens on command lines, GITHUB_TOKEN via ssh-action', () => {
  const r = lintFixture('token-cli/login.yml');
  const s = r.source;
  it('reports -p, --password on a continuation line, sshpass -p, a secret in an ssh string and in an ssh-action script', () => {
    expect(hits(r).filter(([id]) => id === 'workflow.token-in-command-line')).toEqual([
      ['workflow.token-in-command-line', lineOf(s, '-p ${{ secrets.GHCR_TOKEN }}')],
      ['workflow.token-in-command-line', lineOf(s, '--password "$GHCR_TOKEN"')],
      ['workflow.token-in-command-line', lineOf(s, 'sshpass -p')],
      ['workflow.token-in-command-line', lineOf(s, 'echo $DEPLOY_TOKEN')],
      ['workflow.token-in-command-line', lineOf(s, 'echo ${{ secrets.GHCR_READ_TOKEN }}')],
    ]);
  });
  it('does not report a variable the server expands itself (single quotes)', () => {
    const wf = "on: push\njobs:\n  j:\n    steps:\n      - run: ssh deploy@203.0.113.7 'echo $GHCR_TOKEN | podman login ghcr.io -u bot --password-stdin'\n";
    expect(lintSource('x.yml', wf, 'c').findings).toEqual([]);
    expect(lintSource('x.yml', wf.replace(/'/g, '"'), 'c').findings.map((f) => f.id)).toEqual(['workflow.token-in-command-line']);
  });
  it('does not report --password-stdin', () => {
    expect(hits(r).map(([, l]) => l)).not.toContain(lineOf(s, '--password-stdin'));
  });
  it('reports github.token passed to ssh-action through envs and used in its script', () => {
    expect(hits(r).filter(([id]) => id === 'workflow.github-token-on-server')).toEqual([
      ['workflow.github-token-on-server', lineOf(s, 'envs: GH_TOKEN_FOR_SERVER')],
      ['workflow.github-token-on-server', lineOf(s, 'script: echo "$GH_TOKEN_FOR_SERVER"')],
    ]);
  });
});

describe('pushes on pull_request', () => {
  const r = lintFixture('fork-pr/ci.yml');
  const s = r.source;
  it('reports unguarded pushes (run and bake) and accepts job, step and push: conditions as guards', () => {
    expect(hits(r)).toEqual([
      ['workflow.push-on-fork-pr', lineOf(s, 'docker push ghcr.io/acme/api:pr')],
      ['workflow.push-on-fork-pr', lineOf(s, 'docker/bake-action')],
    ]);
  });
  it('only applies to workflows triggered by pull_request', () => {
    const onPush = r.source.replace('  pull_request:\n', '');
    expect(lintSource('x.yml', onPush, 'c').findings).toEqual([]);
  });
});

describe('what is not a push to GHCR', () => {
  it('ignores other registries, push: false builds, logins and pulls', () => {
    expect(lintFixture('other-registry/hub.yml').findings).toEqual([]);
  });
  it('counts a host-less push when the job is about ghcr.io, and buildx --push, imagetools, crane, helm oci', () => {
    const wf = (run: string) => `on: push\npermissions: {}\njobs:\n  j:\n    env:\n      IMAGE: ghcr.io/acme/api\n    steps:\n      - run: ${run}\n`;
    for (const run of [
      'docker push "$IMAGE"',
      'docker buildx build -t $IMAGE --push .',
      'docker buildx imagetools create -t $IMAGE:1 $IMAGE:2',
      'crane cp $IMAGE:1 $IMAGE:2',
      'helm push chart.tgz oci://ghcr.io/acme/charts',
    ]) {
      expect(lintSource('x.yml', wf(run), 'c').findings.map((f) => f.id)).toEqual(['workflow.missing-packages-write']);
    }
    for (const run of ['docker build -t $IMAGE .', 'docker login ghcr.io -u x --password-stdin < t', 'docker push docker.io/acme/api']) {
      expect(lintSource('x.yml', wf(run), 'c').findings).toEqual([]);
    }
  });
});

describe('YAML syntax errors', () => {
  it('are a per-file result with a line, not a crash', () => {
    const r = lintFixture('broken/bad.yml');
    expect(r.findings).toEqual([]);
    expect(r.syntaxError?.line).toBeGreaterThanOrEqual(7);
    expect(r.syntaxError?.message).toMatch(/\S/);
  });
});
