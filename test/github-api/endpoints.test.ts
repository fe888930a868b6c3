/**
 * Every GitHub API call ghcr-doctor makes exists in GitHub's OpenAPI description with that method, and
 * every field the product reads from the answer (or sends) is a documented field. The table is checked
 * against the source: a new call site whose route is not listed here fails.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describesField, findOperation } from './openapi.js';

/** Route (as the product writes it) → fields it reads from the 200 answer (`[]` = array items). */
const CALLS: Array<{ route: string; reads: string[]; sends?: string[]; by: string }> = [
  { route: 'GET /user', reads: ['login'], by: 'token.identity (headers X-OAuth-Scopes, GitHub-Authentication-Token-Expiration: see docs/github-api.md)' },
  { route: 'GET /users/{username}', reads: ['type'], by: 'token.org' },
  { route: 'GET /orgs/{org}', reads: [], by: 'token.org (status, X-GitHub-SSO, message)' },
  { route: 'GET /orgs/{owner}/packages/container/{package_name}', reads: ['visibility', 'html_url', 'repository.full_name', 'owner.type'], by: 'package.info' },
  {
    route: 'GET /users/{owner}/packages/container/{package_name}',
    reads: ['visibility', 'html_url', 'repository.full_name', 'owner.type'],
    by: 'package.info',
  },
  {
    route: 'GET /user/packages/container/{package_name}',
    reads: ['visibility', 'html_url', 'repository.full_name', 'owner.type'],
    by: "package.info (the token's own package)",
  },
  {
    route: 'GET /orgs/{owner}/packages/container/{package_name}/versions',
    reads: ['[].id', '[].name', '[].metadata.container.tags'],
    by: 'push probe clean-up',
  },
  {
    route: 'GET /users/{owner}/packages/container/{package_name}/versions',
    reads: ['[].id', '[].name', '[].metadata.container.tags'],
    by: 'push probe clean-up',
  },
  { route: 'GET /user/packages/container/{package_name}/versions', reads: ['[].id', '[].name', '[].metadata.container.tags'], by: 'push probe clean-up' },
  { route: 'DELETE /orgs/{owner}/packages/container/{package_name}/versions/{version_id}', reads: [], by: 'push probe clean-up' },
  { route: 'DELETE /users/{owner}/packages/container/{package_name}/versions/{version_id}', reads: [], by: 'push probe clean-up' },
  { route: 'DELETE /user/packages/container/{package_name}/versions/{version_id}', reads: [], by: 'push probe clean-up' },
  { route: 'GET /repos/{owner}/{repo}', reads: [], by: 'repo.secret (is the repository visible?)' },
  { route: 'GET /repos/{owner}/{repo}/actions/secrets/{secret_name}', reads: ['updated_at'], by: 'repo.secret, the secret fix' },
  { route: 'GET /repos/{owner}/{repo}/actions/secrets/public-key', reads: ['key', 'key_id'], by: 'the secret fix' },
  { route: 'PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', reads: [], sends: ['encrypted_value', 'key_id'], by: 'the secret fix' },
  { route: 'GET /repos/{owner}/{repo}/actions/permissions/workflow', reads: ['default_workflow_permissions'], by: 'repo.workflow-permissions' },
];

describe("the GitHub API calls ghcr-doctor makes are in GitHub's OpenAPI description", () => {
  it.each(CALLS.map((c) => [c.route, c] as const))('%s: path, method and the fields read are documented', (_route, call) => {
    const [method, path] = call.route.split(' ') as [string, string];
    const op = findOperation(method, path);
    expect(op, `${call.route} is not in the description`).toBeDefined();
    for (const field of call.reads) expect(describesField(op!, field), `${call.route}: ${field}`).toBe(true);
    for (const field of call.sends ?? []) expect(describesField(op!, field, 'request'), `${call.route} body: ${field}`).toBe(true);
  });

  it('an undocumented field is caught (the check can fail)', () => {
    const op = findOperation('GET', '/orgs/{owner}/packages/container/{package_name}')!;
    expect(describesField(op, 'repository.full_name')).toBe(true);
    expect(describesField(op, 'repository.fullname')).toBe(false);
    expect(findOperation('GET', '/orgs/{owner}/package/container/{package_name}')).toBeUndefined();
  });

  it('every route written in src/ is in the table above', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.tsx?$/.test(f)) files.push(p);
      }
    };
    walk(new URL('../../src', import.meta.url).pathname);
    const base = [
      '/orgs/{owner}/packages/container/{package_name}',
      '/users/{owner}/packages/container/{package_name}',
      '/user/packages/container/{package_name}',
    ];
    const routes = new Set<string>();
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/(?:callGithub|githubCall|call)\((?:ctx, |conn, )?['`]((?:GET|PUT|POST|PATCH|DELETE) [^'`]+)['`]/g)) {
        const route = m[1]!;
        // `${base}` is packageRoute(ctx): one of the three package paths.
        if (route.includes('${base}')) for (const b of base) routes.add(route.replace('${base}', b));
        else routes.add(route);
      }
    }
    expect(routes.size).toBeGreaterThan(8);
    const listed = new Set(CALLS.map((c) => c.route));
    expect([...routes].filter((r) => !listed.has(r))).toEqual([]);
  });
});
