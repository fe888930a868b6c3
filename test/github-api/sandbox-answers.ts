/**
 * Every answer the sandbox's GitHub API gives for the endpoints ghcr-doctor calls (and the few more the
 * lab uses), for every token of a world and anonymously: the material the OpenAPI suite validates.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createGithubApi } from '../../src/sandbox/github-api.js';
import { loadWorld, type World } from '../../src/sandbox/world.js';
import { SCENARIOS } from '../../src/demo/scenarios.js';
import type { RecordedAnswer } from './exceptions.js';

export const NOW = Date.parse('2026-11-30T10:00:00Z');
const WORLDS_DIR = new URL('../lab/worlds/', import.meta.url);

/** Every lab world (test/lab/worlds) and every demo scenario's world, by name. */
export function allWorlds(): Array<{ name: string; world: () => World }> {
  const lab = readdirSync(WORLDS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: `lab:${f}`, world: () => loadWorld(readFileSync(new URL(f, WORLDS_DIR), 'utf8')) }));
  const demo = SCENARIOS.map((s) => ({ name: `demo:${s.name}`, world: () => s.world(NOW) }));
  return [...lab, ...demo];
}

/** The GET requests to make in a world: every owner, package, version list, repository and secret. */
function requests(world: World): string[] {
  const out = new Set<string>(['/user', '/rate_limit', '/user/packages?package_type=container']);
  const orgs = new Set(world.orgs.map((o) => o.login));
  for (const u of world.users) out.add(`/users/${u.login}`);
  for (const o of world.orgs) {
    out.add(`/users/${o.login}`);
    out.add(`/orgs/${o.login}`);
    out.add(`/orgs/${o.login}/packages?package_type=container`);
  }
  for (const p of world.packages) {
    const name = encodeURIComponent(p.name);
    const scopes = orgs.has(p.owner) ? [`/orgs/${p.owner}`] : [`/users/${p.owner}`, '/user'];
    for (const scope of scopes) {
      out.add(`${scope}/packages/container/${name}`);
      out.add(`${scope}/packages/container/${name}/versions?per_page=100&page=1`);
    }
  }
  for (const r of world.repos) {
    out.add(`/repos/${r.fullName}`);
    out.add(`/repos/${r.fullName}/actions/secrets/public-key`);
    out.add(`/repos/${r.fullName}/actions/permissions/workflow`);
    out.add(`/repos/${r.fullName}/actions/secrets/GHCR_TOKEN`);
    for (const s of r.secrets ?? []) out.add(`/repos/${r.fullName}/actions/secrets/${s.name}`);
  }
  return [...out];
}

/** Asks the sandbox every request with every token (and none); DELETE of each version on a fresh world. */
export async function recordAnswers(make: () => World): Promise<RecordedAnswer[]> {
  const answers: RecordedAnswer[] = [];
  const world = make();
  const tokens: Array<string | undefined> = [undefined, ...world.tokens.map((t) => t.value)];
  const ask = async (w: World, method: string, url: string, token: string | undefined) => {
    const api = createGithubApi({ world: w, now: () => NOW, webUrl: 'https://github.com', apiUrl: 'https://api.github.com' });
    const res = await api.handle({ method, url, headers: token ? { authorization: `token ${token}` } : {} });
    answers.push({
      method,
      path: url.split('?')[0]!,
      status: res.status,
      headers: res.headers,
      body: res.body ? (JSON.parse(res.body) as unknown) : undefined,
    });
  };
  for (const token of tokens) for (const url of requests(world)) await ask(world, 'GET', url, token);
  for (const p of world.packages) {
    const scope = world.orgs.some((o) => o.login === p.owner) ? `/orgs/${p.owner}` : `/users/${p.owner}`;
    for (const v of p.versions ?? []) {
      for (const token of tokens) await ask(make(), 'DELETE', `${scope}/packages/container/${encodeURIComponent(p.name)}/versions/${v.id}`, token);
    }
  }
  return answers;
}
