import { describe, expect, it } from 'vitest';
import { lintSource } from '../../../src/lint/lint.js';

const ids = (yaml: string) => lintSource('wf.yml', yaml, 'workflows.lint').findings.map((f) => f.id);

const LOGIN = `      - uses: docker/login-action@v3
        with:
          registry: ghcr.io
          username: \${{ github.actor }}
          password: \${{ secrets.GITHUB_TOKEN }}
`;

describe('lint: uppercase image refs as registries see them', () => {
  it('an env ref from github.repository that only reaches the push through metadata-action images: is lowercased, not reported', () => {
    for (const level of ['workflow', 'job']) {
      const env = 'env:\n  REGISTRY: ghcr.io\n  IMAGE_NAME: ghcr.io/${{ github.repository }}\n  OWNER_IMAGE: ${{ github.repository_owner }}/api\n';
      const yaml = `name: ci
on: push
${level === 'workflow' ? env : ''}jobs:
  build:
    runs-on: ubuntu-latest
${level === 'job' ? env.replace(/^/gm, '    ').trimEnd() + '\n' : ''}    permissions: { contents: read, packages: write }
    steps:
${LOGIN}      - id: meta
        uses: docker/metadata-action@v5
        with:
          images: |
            \${{ env.IMAGE_NAME }}
            \${{ env.REGISTRY }}/\${{ env.OWNER_IMAGE }}
      - uses: docker/build-push-action@v6
        with:
          push: true
          tags: \${{ steps.meta.outputs.tags }}
`;
      expect(ids(yaml), level).toEqual([]);
    }
  });

  it('the same env ref used directly in build-push tags is reported', () => {
    const yaml = `on: push
env:
  IMAGE_NAME: ghcr.io/\${{ github.repository }}
jobs:
  build:
    runs-on: ubuntu-latest
    permissions: { contents: read, packages: write }
    steps:
${LOGIN}      - uses: docker/build-push-action@v6
        with:
          push: true
          tags: \${{ env.IMAGE_NAME }}:latest
`;
    expect(ids(yaml)).toEqual(['workflow.uppercase-image-ref']);
  });

  it("refs built from github.actor keep the login's capitals: reported", () => {
    const yaml = `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    permissions: { contents: read, packages: write }
    steps:
      - run: docker build -t ghcr.io/\${{ github.actor }}/app:latest . && docker push ghcr.io/\${{ github.actor }}/app:latest
      - run: docker push "ghcr.io/$GITHUB_ACTOR/tool:1"
`;
    expect(ids(yaml)).toEqual(['workflow.uppercase-image-ref', 'workflow.uppercase-image-ref']);
  });
});

describe('lint: permissions and secrets on command lines', () => {
  it('permissions: read-all on a pushing job is missing-packages-write', () => {
    const yaml = `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    permissions: read-all
    steps:
      - run: echo "$T" | docker login ghcr.io -u x --password-stdin && docker push ghcr.io/acme/api:1
`;
    expect(ids(yaml)).toEqual(['workflow.missing-packages-write']);
  });

  it('a secret in an ssh "docker login -p" string, in a heredoc fed to ssh, and in an ssh-action script is token-in-command-line', () => {
    const yaml = `on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: ssh deploy@203.0.113.7 "docker login ghcr.io -u me -p \${{ secrets.GHCR_TOKEN }} && docker compose up -d"
      - run: |
          ssh deploy@203.0.113.7 <<EOF
          docker login ghcr.io -u me -p \${{ secrets.GHCR_TOKEN }}
          docker compose pull
          EOF
      - uses: appleboy/ssh-action@v1
        with:
          host: \${{ secrets.HOST }}
          fingerprint: \${{ secrets.HOST_FINGERPRINT }}
          script: |
            echo \${{ secrets.GHCR_TOKEN }} | docker login ghcr.io -u me --password-stdin
`;
    expect(ids(yaml)).toEqual(['workflow.token-in-command-line', 'workflow.token-in-command-line', 'workflow.token-in-command-line']);
  });
});
