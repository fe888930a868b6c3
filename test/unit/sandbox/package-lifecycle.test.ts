import { describe, expect, it } from 'vitest';
import { recordPush, repositoryFromSource, tagDeleted } from '../../../src/sandbox/package-lifecycle.js';
import { loadWorld, type WorldToken } from '../../../src/sandbox/world.js';

const NOW = Date.parse('2026-11-30T00:00:00Z');
const D1 = `sha256:${'a'.repeat(64)}`;
const D2 = `sha256:${'b'.repeat(64)}`;
const job: WorldToken = { value: 'ghs_x', owner: 'github-actions[bot]', kind: 'actions', repo: 'acme/api' };

const world = () => loadWorld({ users: [{ login: 'octocat' }], orgs: [{ login: 'acme', members: ['octocat'] }], tokens: [], packages: [], repos: [] });

describe('package lifecycle on push', () => {
  it('a command-line first push creates a private, unlinked package', () => {
    const w = world();
    const { pkg, created } = recordPush(w, { owner: 'octocat', name: 'v7/backend', reference: 'latest', digest: D1, pusher: null }, NOW);
    expect(created).toBe(true);
    expect(pkg).toMatchObject({ visibility: 'private', repository: null, name: 'v7/backend' });
    expect(pkg.versions).toEqual([expect.objectContaining({ name: D1, tags: ['latest'], createdAt: '2026-11-30T00:00:00Z' })]);
  });

  it('the source label links the package at creation; a workflow publisher gets admin (docs §0)', () => {
    const w = world();
    const { pkg } = recordPush(w, { owner: 'acme', name: 'api', reference: 'v1', digest: D1, source: 'https://github.com/acme/api.git', pusher: job }, NOW);
    expect(pkg.repository).toBe('acme/api');
    expect(pkg.actionsAccess).toEqual([{ repo: 'acme/api', role: 'admin' }]);
    // A later push with another label does not re-link (read at creation, UNCONFIRMED).
    recordPush(w, { owner: 'acme', name: 'api', reference: 'v2', digest: D2, source: 'https://github.com/acme/other', pusher: job }, NOW);
    expect(pkg.repository).toBe('acme/api');
  });

  it('a tag moves to the new version; a digest push adds an untagged version', () => {
    const w = world();
    recordPush(w, { owner: 'octocat', name: 'app', reference: 'latest', digest: D1, pusher: null }, NOW);
    const { pkg } = recordPush(w, { owner: 'octocat', name: 'app', reference: 'latest', digest: D2, pusher: null }, NOW);
    expect(pkg.versions!.map((v) => [v.name, v.tags])).toEqual([
      [D1, []],
      [D2, ['latest']],
    ]);
  });

  it('a tag whose version was deleted no longer resolves', () => {
    const w = world();
    const { version } = recordPush(w, { owner: 'octocat', name: 'app', reference: 'v1', digest: D1, pusher: null }, NOW);
    expect(tagDeleted(w, 'octocat', 'app', 'v1')).toBe(false);
    version.deleted = true;
    expect(tagDeleted(w, 'octocat', 'app', 'v1')).toBe(true);
    expect(tagDeleted(w, 'octocat', 'app', D1)).toBe(true);
  });

  it('only GitHub web URLs count as a source', () => {
    expect(repositoryFromSource('https://github.com/o/r')).toBe('o/r');
    expect(repositoryFromSource('https://gitlab.com/o/r')).toBeUndefined();
    expect(repositoryFromSource('https://127.0.0.1:9/o/r', ['127.0.0.1:9'])).toBe('o/r');
    expect(repositoryFromSource('not a url')).toBeUndefined();
  });
});
