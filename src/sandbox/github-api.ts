import { randomBytes } from 'node:crypto';
import {
  findOrg,
  findPackage,
  findRepo,
  findToken,
  findUser,
  isOrgMember,
  stableId,
  ssoBlocks,
  tokenValidity,
  type World,
  type WorldPackage,
  type WorldRepo,
  type WorldToken,
} from './world.js';
import { repoRole, userRole } from './package-access.js';
import { GITHUB_SHAPES } from './github-shapes.js';
import type { SandboxResponse } from './token-service.js';
import { loadSodium } from '../io/sodium.js';

/**
 * GitHub REST as documented: the endpoints ghcr-doctor calls, with
 * GitHub's status codes, bodies and headers. A pure request → response handler over the World.
 */

export interface SandboxRequest {
  method: string;
  /** Path and query (`/user`, `/orgs/acme/packages/container/v7%2Fbackend?x=1`) or an absolute URL. */
  url: string;
  headers: Record<string, string | undefined>;
  body?: string;
}

export interface GithubApiOptions {
  world: World;
  now: () => number;
  /** Web base for html_url and the SSO url (`https://github.com` for the real thing). */
  webUrl: string;
  /** Base for `url` fields, e.g. `https://127.0.0.1:PORT`. */
  apiUrl: string;
}

export interface SecretKeyPair {
  keyId: string;
  /** base64 (ORIGINAL variant), as GET …/public-key returns it. */
  publicKey: string;
  publicKeyBytes: Uint8Array;
  privateKeyBytes: Uint8Array;
}

export interface GithubApi {
  handle(req: SandboxRequest): Promise<SandboxResponse>;
  /** The repository's secrets key pair (tests decrypt what a fix sealed). */
  secretKeyPair(repo: string): Promise<SecretKeyPair>;
}

type Caller = { token: WorldToken } | null;

class HttpError {
  constructor(
    readonly status: number,
    readonly message: string,
    readonly headers: Record<string, string> = {},
    readonly docs = 'https://docs.github.com/rest',
  ) {}
}

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const NOT_FOUND = () => new HttpError(404, 'Not Found');
const CLASSIC_KINDS = new Set(['classic', 'oauth-app']);

/**
 * `2026-09-30 09:00:00 UTC`, the GitHub-Authentication-Token-Expiration format; with a numeric
 * `zone` (`+0900`) the same instant as local time in that offset, `2026-09-30 18:00:00 +0900`, also seen.
 */
export function expirationHeader(iso: string, zone = 'UTC'): string {
  const m = /^([+-])(\d{2})(\d{2})$/.exec(zone);
  if (!m)
    return new Date(iso)
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, ' UTC');
  const offsetMs = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
  return `${new Date(Date.parse(iso) + offsetMs)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '')} ${zone}`;
}

export function createGithubApi(opts: GithubApiOptions): GithubApi {
  const { world } = opts;
  const keyPairs = new Map<string, SecretKeyPair>();

  async function secretKeyPair(repo: string): Promise<SecretKeyPair> {
    const k = repo.toLowerCase();
    let kp = keyPairs.get(k);
    if (!kp) {
      const sodium = await loadSodium();
      const pair = sodium.crypto_box_keypair();
      kp = {
        keyId: String(stableId(`${k}:${randomBytes(4).toString('hex')}`)),
        publicKey: sodium.to_base64(pair.publicKey, sodium.base64_variants.ORIGINAL),
        publicKeyBytes: pair.publicKey,
        privateKeyBytes: pair.privateKey,
      };
      keyPairs.set(k, kp);
    }
    return kp;
  }

  const iso = () => new Date(opts.now()).toISOString();

  /**
   * One of GitHub's documented example bodies (github-shapes.ts) made this world's: its example account
   * (`octocat`, `github`), repository (`Hello-World`) and hosts become the given ones in every string.
   */
  function shaped<T>(template: T, names: { login: string; repo?: string }): T {
    const fix = (v: unknown): unknown => {
      if (typeof v === 'string') {
        const swap = (t: string) => (names.repo ? t.replace(/Hello-World/g, names.repo) : t).replace(/\b(octocat|github)\b(?!\.com)/g, names.login);
        for (const [example, here] of [
          ['https://api.github.com', opts.apiUrl],
          ['https://github.com', opts.webUrl],
        ] as const) {
          if (v.startsWith(example)) return here + swap(v.slice(example.length));
        }
        return /^[a-z]+:\/\//.test(v) ? v : swap(v);
      }
      if (Array.isArray(v)) return v.map(fix);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fix(x)]));
      return v;
    };
    return fix(template) as T;
  }

  /** `simple-user`, as owners appear inside packages and repositories: always under /users/, orgs too. */
  function ownerJson(login: string) {
    const org = findOrg(world, login);
    const canonical = org?.login ?? findUser(world, login)?.login ?? login;
    const id = org?.id ?? findUser(world, login)?.id ?? stableId(canonical);
    return {
      ...shaped(GITHUB_SHAPES.simpleUser, { login: canonical }),
      login: canonical,
      id,
      node_id: Buffer.from(`04:User${id}`).toString('base64'),
      avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
      type: org ? 'Organization' : 'User',
      site_admin: false,
    };
  }

  /** `GET /users/{login}`: `public-user` (an org answers here too, with type Organization). */
  function publicUserJson(login: string) {
    const owner = ownerJson(login);
    return {
      ...shaped(GITHUB_SHAPES.publicUser, { login: owner.login }),
      ...owner,
      name: owner.login,
      created_at: '2011-01-25T18:44:36Z',
      updated_at: '2011-01-25T18:44:36Z',
    };
  }

  /** `GET /orgs/{org}`: `organization-full` (no site_admin: that is a user field). */
  function orgJson(login: string) {
    const owner = ownerJson(login);
    return {
      ...shaped(GITHUB_SHAPES.organization, { login: owner.login }),
      login: owner.login,
      id: owner.id,
      node_id: owner.node_id,
      avatar_url: owner.avatar_url,
      type: 'Organization',
      description: null,
      name: owner.login,
    };
  }

  function repoId(fullName: string): number {
    return stableId(`repository:${fullName.toLowerCase()}`);
  }

  /** `full-repository` for GET /repos/{o}/{r}; `minimal-repository` inside a package. */
  function repoJson(fullName: string, shape: 'full' | 'minimal' = 'full') {
    const r = findRepo(world, fullName);
    const name = r?.fullName ?? fullName;
    const [owner, repoName] = name.split('/') as [string, string];
    const template = shape === 'full' ? GITHUB_SHAPES.fullRepository : GITHUB_SHAPES.minimalRepository;
    const id = repoId(name);
    return {
      ...shaped(template, { login: owner, repo: repoName }),
      id,
      node_id: Buffer.from(`010:Repository${id}`).toString('base64'),
      name: repoName,
      full_name: name,
      owner: ownerJson(owner),
      private: r?.private ?? false,
      visibility: r?.private ? 'private' : 'public',
      html_url: `${opts.webUrl}/${name}`,
    };
  }

  function packageBase(pkg: WorldPackage): string {
    const scope = findOrg(world, pkg.owner) ? 'orgs' : 'users';
    return `${scope}/${pkg.owner}/packages/container/${encodeURIComponent(pkg.name)}`;
  }

  function packageJson(pkg: WorldPackage) {
    const live = (pkg.versions ?? []).filter((v) => !v.deleted);
    const scope = findOrg(world, pkg.owner) ? 'orgs' : 'users';
    return {
      // Package ids and repository ids are different sequences on GitHub: never the same number here.
      id: pkg.id ?? stableId(`package:${pkg.owner.toLowerCase()}/${pkg.name}`),
      name: pkg.name,
      package_type: 'container',
      owner: ownerJson(pkg.owner),
      version_count: live.length,
      // The documented enum for a package's visibility is private | public; an internal package is
      // private to anyone outside the enterprise.
      visibility: pkg.visibility === 'public' ? 'public' : 'private',
      url: `${opts.apiUrl}/${packageBase(pkg)}`,
      created_at: pkg.createdAt ?? iso(),
      updated_at: live.at(-1)?.createdAt ?? pkg.createdAt ?? iso(),
      // A package linked to no repository says so with null; ghcr-doctor reads an absent key as unknown.
      repository: pkg.repository ? repoJson(pkg.repository, 'minimal') : null,
      html_url: `${opts.webUrl}/${scope}/${pkg.owner}/packages/container/package/${encodeURIComponent(pkg.name)}`,
    };
  }

  function versionJson(pkg: WorldPackage, v: NonNullable<WorldPackage['versions']>[number]) {
    return {
      id: v.id,
      name: v.name,
      url: `${opts.apiUrl}/${packageBase(pkg)}/versions/${v.id}`,
      package_html_url: packageJson(pkg).html_url,
      created_at: v.createdAt,
      updated_at: v.createdAt,
      html_url: `${packageJson(pkg).html_url}/${v.id}`,
      metadata: { package_type: 'container', container: { tags: v.tags } },
      ...(v.deleted ? { deleted_at: v.createdAt } : {}),
    };
  }

  /* ---------- authentication and policy ---------- */

  function authenticate(headers: SandboxRequest['headers']): Caller {
    const h = headers['authorization'] ?? headers['Authorization'];
    if (!h) return null;
    const m = /^(?:token|bearer)\s+(.+)$/i.exec(h.trim());
    // A malformed header or an unknown/revoked/expired token: GitHub says "Bad credentials" for all.
    const token = m ? findToken(world, m[1]!.trim()) : undefined;
    if (!token || tokenValidity(token, opts.now()) !== 'valid') throw new HttpError(401, 'Bad credentials');
    return { token };
  }

  function requireCaller(caller: Caller, docs: string): WorldToken {
    if (!caller) throw new HttpError(401, 'Requires authentication', {}, docs);
    return caller.token;
  }

  /** SSO and PAT policies on any org resource. */
  function orgGate(token: WorldToken | undefined, orgLogin: string): void {
    const org = findOrg(world, orgLogin);
    if (!org || !token) return;
    if (ssoBlocks(world, token, org.login)) {
      const what = token.kind === 'oauth-app' ? 'OAuth token' : 'personal token';
      throw new HttpError(
        403,
        `Resource protected by organization SAML enforcement. You must grant your ${what} access to this organization.`,
        { 'x-github-sso': `required; url=${opts.webUrl}/orgs/${org.login}/sso?authorization_request=${randomBytes(12).toString('hex').toUpperCase()}` },
        'https://docs.github.com/articles/authenticating-to-a-github-organization-with-saml-single-sign-on/',
      );
    }
    const policy = org.patPolicy;
    if (token.kind === 'classic' && policy?.classicForbidden) {
      throw new HttpError(
        403,
        `\`${org.login}\` forbids access via a personal access token (classic). Please use a GitHub App, OAuth App, or a personal access token with fine-grained permissions.`,
      );
    }
    if (token.kind === 'fine-grained') {
      if (policy?.fineGrainedForbidden) throw new HttpError(403, `\`${org.login}\` forbids access via a personal access token with fine-grained permissions.`);
      if (policy?.maxLifetimeDays !== undefined && lifetimeDays(token) > policy.maxLifetimeDays) {
        throw new HttpError(
          403,
          `The '${org.login}' organization forbids access via a fine-grained personal access tokens if the token's lifetime is greater than ${policy.maxLifetimeDays} days.`,
        );
      }
    }
  }

  function lifetimeDays(token: WorldToken): number {
    if (!token.expiresAt) return Number.POSITIVE_INFINITY;
    const from = token.createdAt ? Date.parse(token.createdAt) : opts.now();
    return (Date.parse(token.expiresAt) - from) / 86_400_000;
  }

  function hasScope(token: WorldToken, ...any: string[]): boolean {
    return any.some((s) => (token.scopes ?? []).includes(s));
  }

  /* ---------- packages [1.4] ---------- */

  function packagesReadGate(token: WorldToken, accepted: Record<string, string>): void {
    if (CLASSIC_KINDS.has(token.kind)) {
      accepted['x-accepted-oauth-scopes'] = 'read:packages';
      if (!hasScope(token, 'read:packages', 'write:packages', 'delete:packages'))
        throw new HttpError(403, 'You need at least read:packages scope to list packages.', {}, 'https://docs.github.com/rest/packages/packages');
    }
    // Fine-grained PATs on the packages API: documented as supported but it is not (github/docs#33900).
    if (token.kind === 'fine-grained')
      throw new HttpError(403, 'Resource not accessible by personal access token', { 'x-accepted-github-permissions': 'packages=read' });
  }

  function canSeePackage(token: WorldToken, pkg: WorldPackage, need: 'read' | 'admin'): boolean {
    const rank = { none: 0, read: 1, write: 2, admin: 3 } as const;
    if (need === 'read' && pkg.visibility === 'public') return true;
    if (token.kind === 'actions') return rank[repoRole(pkg, token.repo!)] >= rank[need];
    if (token.kind === 'app-installation') return false;
    return rank[userRole(world, pkg, token.owner)] >= rank[need];
  }

  function listPackages(token: WorldToken, owner: string | null, query: URLSearchParams, accepted: Record<string, string>) {
    if (query.get('package_type') === null) throw new HttpError(422, 'Invalid request.\n\n"package_type" wasn\'t supplied.');
    if (owner && findOrg(world, owner) && token.kind === 'actions') {
      // GITHUB_TOKEN cannot list org packages: a "known limitation" (cli/cli#9606).
      throw new HttpError(400, 'Invalid argument.');
    }
    packagesReadGate(token, accepted);
    const type = query.get('package_type');
    const visibility = query.get('visibility');
    const mine = owner === null;
    const of = mine ? token.owner : owner!;
    const list = world.packages.filter(
      (p) => eq(p.owner, of) && (type === 'container' || type === 'docker') && (!visibility || p.visibility === visibility) && canSeePackage(token, p, 'read'),
    );
    return list.map(packageJson);
  }

  function resolvePackage(
    token: WorldToken,
    scope: string,
    owner: string,
    rawName: string,
    need: 'read' | 'admin',
    accepted: Record<string, string>,
  ): WorldPackage {
    packagesReadGate(token, accepted);
    const name = decodeURIComponent(rawName);
    const isOrgScope = scope === 'orgs';
    if (isOrgScope !== Boolean(findOrg(world, owner))) throw new HttpError(404, 'Package not found.', {}, 'https://docs.github.com/rest/packages/packages');
    const pkg = findPackage(world, owner, name);
    if (!pkg || !canSeePackage(token, pkg, need === 'admin' ? 'read' : need))
      throw new HttpError(404, 'Package not found.', {}, 'https://docs.github.com/rest/packages/packages');
    if (need === 'admin' && !canSeePackage(token, pkg, 'admin')) throw new HttpError(403, 'You must be an admin of this package to perform this action.');
    return pkg;
  }

  function deleteGate(token: WorldToken, accepted: Record<string, string>): void {
    if (CLASSIC_KINDS.has(token.kind)) {
      accepted['x-accepted-oauth-scopes'] = 'delete:packages, read:packages';
      if (!hasScope(token, 'delete:packages')) throw new HttpError(403, 'You need at least delete:packages scope to delete packages.');
    }
  }

  /** A package read on the way to a delete keeps the delete's accepted scopes (the read gate would narrow them). */
  function resolveForDelete(token: WorldToken, scope: string, owner: string, rawName: string, accepted: Record<string, string>): WorldPackage {
    const scopes = accepted['x-accepted-oauth-scopes'];
    try {
      return resolvePackage(token, scope, owner, rawName, 'admin', accepted);
    } finally {
      if (scopes !== undefined) accepted['x-accepted-oauth-scopes'] = scopes;
    }
  }

  /* ---------- repositories: secrets and workflow permissions [1.5] ---------- */

  function repoGate(token: WorldToken, owner: string, name: string, permission: string, access: 'read' | 'write', accepted: Record<string, string>): WorldRepo {
    const repo = findRepo(world, `${owner}/${name}`);
    if (!repo) throw NOT_FOUND();
    if (findOrg(world, owner)) orgGate(token, owner);
    if (token.kind === 'actions' || token.kind === 'app-installation') {
      const granted = token.permissions?.[permission];
      if (!granted || (access === 'write' && granted !== 'write') || (token.repo && !eq(token.repo, repo.fullName)))
        throw new HttpError(403, 'Resource not accessible by integration', { 'x-accepted-github-permissions': `${permission}=${access}` });
      return repo;
    }
    // GitHub hides a private repository the user cannot see, and everything under it, as 404 ("404 error
    // for an existing repository"): a secret of such a repository is 404 too, never 403.
    if (repo.private && !isRepoAdmin(token.owner, repo)) throw NOT_FOUND();
    if (token.kind === 'fine-grained') {
      const granted = token.permissions?.[permission];
      if (!granted || (access === 'write' && granted !== 'write'))
        throw new HttpError(403, 'Resource not accessible by personal access token', { 'x-accepted-github-permissions': `${permission}=${access}` });
    } else {
      accepted['x-accepted-oauth-scopes'] = 'repo';
      // Classic tokens need `repo` (docs quoted in 1.5); GitHub hides what a token cannot reach as 404.
      if (!hasScope(token, 'repo')) throw NOT_FOUND();
    }
    if (!isRepoAdmin(token.owner, repo)) throw new HttpError(403, 'Must have admin rights to Repository.');
    return repo;
  }

  function isRepoAdmin(login: string, repo: WorldRepo): boolean {
    const owner = repo.fullName.split('/')[0]!;
    if (eq(owner, login)) return true;
    const org = findOrg(world, owner);
    if (org && isOrgMember(org, login)) return true;
    return (repo.collaborators ?? []).some((c) => eq(c, login));
  }

  async function secrets(
    method: string,
    token: WorldToken,
    owner: string,
    name: string,
    rest: string[],
    body: string | undefined,
    accepted: Record<string, string>,
  ): Promise<SandboxResponse | unknown> {
    if (rest.length === 0 && method === 'GET') {
      const repo = repoGate(token, owner, name, 'secrets', 'read', accepted);
      const list = (repo.secrets ?? []).map(secretJson);
      return { total_count: list.length, secrets: list };
    }
    if (rest.length === 1 && rest[0] === 'public-key' && method === 'GET') {
      const repo = repoGate(token, owner, name, 'secrets', 'read', accepted);
      const kp = await secretKeyPair(repo.fullName);
      return { key_id: kp.keyId, key: kp.publicKey };
    }
    if (rest.length !== 1) throw NOT_FOUND();
    const secretName = decodeURIComponent(rest[0]!);
    if (method === 'GET') {
      const repo = repoGate(token, owner, name, 'secrets', 'read', accepted);
      const s = (repo.secrets ?? []).find((x) => eq(x.name, secretName));
      if (!s) throw NOT_FOUND();
      return secretJson(s);
    }
    if (method === 'PUT') {
      const repo = repoGate(token, owner, name, 'secrets', 'write', accepted);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(secretName) || /^GITHUB_/i.test(secretName))
        throw new HttpError(
          422,
          'Secret names can only contain alphanumeric characters ([a-z], [A-Z], [0-9]) or underscores (_). Spaces are not allowed. Must start with a letter ([a-z], [A-Z]) or underscores (_).',
        );
      const input = parseJson(body) as { encrypted_value?: unknown; key_id?: unknown };
      const kp = await secretKeyPair(repo.fullName);
      if (typeof input.encrypted_value !== 'string' || typeof input.key_id !== 'string')
        throw new HttpError(422, 'Invalid request.\n\n"encrypted_value" and "key_id" are required.');
      if (input.key_id !== kp.keyId) throw new HttpError(422, 'Bad request - key_id is not valid');
      // GitHub decrypts the sealed box with the repository key; anything else is refused.
      const sodium = await loadSodium();
      try {
        const sealed = sodium.from_base64(input.encrypted_value, sodium.base64_variants.ORIGINAL);
        sodium.crypto_box_seal_open(sealed, kp.publicKeyBytes, kp.privateKeyBytes);
      } catch {
        throw new HttpError(422, 'Bad request - encrypted_value is not valid');
      }
      repo.secrets ??= [];
      const existing = repo.secrets.find((x) => eq(x.name, secretName));
      const stamp = new Date(opts.now()).toISOString().replace(/\.\d+Z$/, 'Z');
      if (existing) {
        Object.assign(existing, { encryptedValue: input.encrypted_value, keyId: input.key_id, updatedAt: stamp });
        return { status: 204, headers: {}, body: '' };
      }
      repo.secrets.push({ name: secretName.toUpperCase(), encryptedValue: input.encrypted_value, keyId: input.key_id, createdAt: stamp, updatedAt: stamp });
      return { status: 201, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{}' };
    }
    if (method === 'DELETE') {
      const repo = repoGate(token, owner, name, 'secrets', 'write', accepted);
      const i = (repo.secrets ?? []).findIndex((x) => eq(x.name, secretName));
      if (i < 0) throw NOT_FOUND();
      repo.secrets!.splice(i, 1);
      return { status: 204, headers: {}, body: '' };
    }
    throw NOT_FOUND();
  }

  function secretJson(s: NonNullable<WorldRepo['secrets']>[number]) {
    const stamp = new Date(opts.now()).toISOString().replace(/\.\d+Z$/, 'Z');
    return { name: s.name, created_at: s.createdAt ?? stamp, updated_at: s.updatedAt ?? s.createdAt ?? stamp };
  }

  function workflowPermissions(
    method: string,
    token: WorldToken,
    owner: string,
    name: string,
    body: string | undefined,
    accepted: Record<string, string>,
  ): SandboxResponse | unknown {
    if (method === 'GET') {
      const repo = repoGate(token, owner, name, 'administration', 'read', accepted);
      return {
        default_workflow_permissions: repo.defaultWorkflowPermissions ?? 'read',
        can_approve_pull_request_reviews: repo.canApprovePullRequestReviews ?? false,
      };
    }
    if (method === 'PUT') {
      const repo = repoGate(token, owner, name, 'administration', 'write', accepted);
      const input = parseJson(body) as { default_workflow_permissions?: unknown; can_approve_pull_request_reviews?: unknown };
      const wanted = input.default_workflow_permissions;
      if (wanted !== undefined && wanted !== 'read' && wanted !== 'write')
        throw new HttpError(422, "Invalid request.\n\nFor 'properties/default_workflow_permissions', \"" + String(wanted) + '" is not a member of enum.');
      const org = findOrg(world, owner);
      // An org that enforces read-only blocks the repo-level change (octopusreview/octopus#580).
      if (wanted === 'write' && org?.workflowPermissionsReadOnlyEnforced)
        throw new HttpError(409, 'Write permissions for workflows are disabled by the organization');
      if (wanted) repo.defaultWorkflowPermissions = wanted;
      if (typeof input.can_approve_pull_request_reviews === 'boolean') repo.canApprovePullRequestReviews = input.can_approve_pull_request_reviews;
      return { status: 204, headers: {}, body: '' };
    }
    throw NOT_FOUND();
  }

  /* ---------- router ---------- */

  async function route(req: SandboxRequest, caller: Caller, accepted: Record<string, string>): Promise<SandboxResponse | unknown> {
    const url = new URL(req.url, 'http://sandbox.invalid');
    const method = req.method.toUpperCase();
    // Split on raw slashes only: a nested package name must arrive %2F-encoded, or it does not match.
    const seg = url.pathname.split('/').filter((s) => s !== '');
    const q = url.searchParams;

    if (method === 'GET' && seg.length === 1 && seg[0] === 'rate_limit') {
      const { resource: _core, ...rate } = rateJson();
      return { ...GITHUB_SHAPES.rateLimit, resources: { ...GITHUB_SHAPES.rateLimit.resources, core: { ...rate } }, rate: { ...rate } };
    }

    if (seg[0] === 'user' && seg.length === 1 && method === 'GET') {
      const token = requireCaller(caller, 'https://docs.github.com/rest/users/users#get-the-authenticated-user');
      // Installation tokens (GITHUB_TOKEN included) cannot read /user.
      if (token.kind === 'actions' || token.kind === 'app-installation') throw new HttpError(403, 'Resource not accessible by integration');
      const pub = publicUserJson(token.owner);
      return { ...shaped(GITHUB_SHAPES.privateUser, { login: pub.login }), ...pub };
    }
    if (seg[0] === 'user' && seg[1] === 'packages') {
      const token = requireCaller(caller, 'https://docs.github.com/rest/packages/packages');
      if (seg.length === 2 && method === 'GET') return listPackages(token, null, q, accepted);
      return packageRoutes(method, token, findOrg(world, token.owner) ? 'orgs' : 'users', token.owner, seg.slice(2), q, accepted, url.pathname);
    }
    if (seg[0] === 'users' && seg.length >= 2) {
      const login = decodeURIComponent(seg[1]!);
      if (!findUser(world, login) && !findOrg(world, login)) throw NOT_FOUND();
      if (seg.length === 2 && method === 'GET') return publicUserJson(login);
      if (seg[2] === 'packages') {
        const token = requireCaller(caller, 'https://docs.github.com/rest/packages/packages');
        if (findOrg(world, login)) orgGate(token, login);
        if (seg.length === 3 && method === 'GET') return listPackages(token, login, q, accepted);
        return packageRoutes(method, token, 'users', login, seg.slice(3), q, accepted, url.pathname);
      }
      throw NOT_FOUND();
    }
    if (seg[0] === 'orgs' && seg.length >= 2) {
      const login = decodeURIComponent(seg[1]!);
      const org = findOrg(world, login);
      if (!org) throw NOT_FOUND();
      orgGate(caller?.token, login);
      if (seg.length === 2 && method === 'GET') {
        // Recorded from GitHub (@octokit/fixtures get-organization): the scopes that can read an org.
        accepted['x-accepted-oauth-scopes'] = 'admin:org, read:org, repo, user, write:org';
        return orgJson(login);
      }
      if (seg[2] === 'members' && seg.length === 4 && method === 'GET') {
        requireCaller(caller, 'https://docs.github.com/rest/orgs/members');
        if (!isOrgMember(org, decodeURIComponent(seg[3]!))) throw NOT_FOUND();
        return { status: 204, headers: {}, body: '' };
      }
      if (seg[2] === 'packages') {
        const token = requireCaller(caller, 'https://docs.github.com/rest/packages/packages');
        if (seg.length === 3 && method === 'GET') return listPackages(token, login, q, accepted);
        return packageRoutes(method, token, 'orgs', login, seg.slice(3), q, accepted, url.pathname);
      }
      throw NOT_FOUND();
    }
    if (seg[0] === 'repos' && seg.length >= 3) {
      const owner = decodeURIComponent(seg[1]!);
      const name = decodeURIComponent(seg[2]!);
      if (seg.length === 3 && method === 'GET') {
        const repo = findRepo(world, `${owner}/${name}`);
        if (!repo) throw NOT_FOUND();
        if (repo.private && !(caller && isRepoAdmin(caller.token.owner, repo))) throw NOT_FOUND();
        return repoJson(repo.fullName);
      }
      if (seg[3] === 'actions' && seg[4] === 'secrets') {
        const token = requireCaller(caller, 'https://docs.github.com/rest/actions/secrets');
        return secrets(method, token, owner, name, seg.slice(5), req.body, accepted);
      }
      if (seg[3] === 'actions' && seg[4] === 'permissions' && seg[5] === 'workflow' && seg.length === 6) {
        const token = requireCaller(caller, 'https://docs.github.com/rest/actions/permissions');
        return workflowPermissions(method, token, owner, name, req.body, accepted);
      }
    }
    throw NOT_FOUND();
  }

  function packageRoutes(
    method: string,
    token: WorldToken,
    scope: string,
    owner: string,
    rest: string[],
    q: URLSearchParams,
    accepted: Record<string, string>,
    path: string,
  ): SandboxResponse | unknown {
    if (scope === 'orgs') orgGate(token, owner);
    // rest: ['container', NAME, ...]. An unencoded nested name shifts the segments: 404 as on GitHub.
    if (rest[0] !== 'container' || rest.length < 2) throw NOT_FOUND();
    const name = rest[1]!;
    const tail = rest.slice(2);
    if (tail.length === 0) {
      if (method === 'GET') return packageJson(resolvePackage(token, scope, owner, name, 'read', accepted));
      if (method === 'DELETE') {
        deleteGate(token, accepted);
        const pkg = resolveForDelete(token, scope, owner, name, accepted);
        world.packages.splice(world.packages.indexOf(pkg), 1);
        return { status: 204, headers: {}, body: '' };
      }
      throw NOT_FOUND();
    }
    if (tail[0] !== 'versions') throw NOT_FOUND();
    if (tail.length === 1 && method === 'GET') {
      const pkg = resolvePackage(token, scope, owner, name, token.kind === 'actions' ? 'admin' : 'read', accepted);
      const state = q.get('state') ?? 'active';
      const versions = (pkg.versions ?? []).filter((v) => (state === 'deleted' ? v.deleted : !v.deleted));
      return paged(
        [...versions].reverse().map((v) => versionJson(pkg, v)),
        q,
        path,
      );
    }
    const id = Number(tail[1]);
    if (tail.length === 2 && method === 'GET') {
      const pkg = resolvePackage(token, scope, owner, name, token.kind === 'actions' ? 'admin' : 'read', accepted);
      const v = (pkg.versions ?? []).find((x) => x.id === id && !x.deleted);
      if (!v) throw NOT_FOUND();
      return versionJson(pkg, v);
    }
    if (tail.length === 2 && method === 'DELETE') {
      deleteGate(token, accepted);
      const pkg = resolveForDelete(token, scope, owner, name, accepted);
      const v = (pkg.versions ?? []).find((x) => x.id === id && !x.deleted);
      if (!v) throw NOT_FOUND();
      v.deleted = true;
      return { status: 204, headers: {}, body: '' };
    }
    if (tail.length === 3 && tail[2] === 'restore' && method === 'POST') {
      deleteGate(token, accepted);
      const pkg = resolveForDelete(token, scope, owner, name, accepted);
      const v = (pkg.versions ?? []).find((x) => x.id === id && x.deleted);
      if (!v) throw NOT_FOUND();
      v.deleted = false;
      return { status: 204, headers: {}, body: '' };
    }
    throw NOT_FOUND();
  }

  /** GitHub's pagination: per_page (default 30, at most 100) and page, with a Link header to the others. */
  function paged(items: unknown[], q: URLSearchParams, path: string): SandboxResponse {
    const perPage = Math.min(100, Math.max(1, Number(q.get('per_page')) || 30));
    const page = Math.max(1, Number(q.get('page')) || 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (p: number, rel: string) => `<${opts.apiUrl}${path}?per_page=${perPage}&page=${p}>; rel="${rel}"`;
    const rels = [...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []), ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : [])];
    return {
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8', ...(rels.length ? { link: rels.join(', ') } : {}) },
      body: JSON.stringify(items.slice((page - 1) * perPage, page * perPage)),
    };
  }

  function rateJson() {
    const remaining = world.rateLimitRemaining ?? 4999;
    return { limit: 5000, used: 5000 - remaining, remaining, reset: Math.floor(opts.now() / 1000) + 3600, resource: 'core' };
  }

  function rateHeaders(): Record<string, string> {
    const r = rateJson();
    return {
      'x-ratelimit-limit': String(r.limit),
      'x-ratelimit-remaining': String(r.remaining),
      'x-ratelimit-used': String(r.used),
      'x-ratelimit-reset': String(r.reset),
      'x-ratelimit-resource': 'core',
    };
  }

  async function handle(req: SandboxRequest): Promise<SandboxResponse> {
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      // GitHub's clock, second resolution, on every answer (the secret fix compares updated_at with it).
      date: new Date(opts.now()).toUTCString(),
      'x-github-api-version-selected': '2022-11-28',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-request-id': randomBytes(8).toString('hex').toUpperCase(),
    };
    let caller: Caller = null;
    try {
      caller = authenticate(req.headers);
      if (caller) {
        const t = caller.token;
        // X-OAuth-Scopes only for classic/OAuth tokens; absent for fine-grained and installations.
        if (CLASSIC_KINDS.has(t.kind)) {
          headers['x-oauth-scopes'] = (t.scopes ?? []).join(', ');
          // Sent empty where the endpoint names none; empty does not mean "no scope needed".
          headers['x-accepted-oauth-scopes'] = '';
        }
        if (t.expiresAt) headers['github-authentication-token-expiration'] = expirationHeader(t.expiresAt, t.expirationZone);
        if (world.rateLimitRemaining !== undefined) {
          if (world.rateLimitRemaining <= 0) {
            Object.assign(headers, rateHeaders());
            throw new HttpError(
              403,
              `API rate limit exceeded for user ID ${stableId(t.owner)}.`,
              {},
              'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
            );
          }
          world.rateLimitRemaining -= 1;
        }
      }
      Object.assign(headers, rateHeaders());
      const out = await route(req, caller, headers);
      if (isResponse(out)) return { ...out, headers: { ...headers, ...out.headers } };
      return { status: 200, headers, body: JSON.stringify(out) };
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      if (!headers['x-ratelimit-limit']) Object.assign(headers, rateHeaders());
      return {
        status: e.status,
        headers: { ...headers, ...e.headers },
        body: JSON.stringify({ message: e.message, documentation_url: e.docs, status: String(e.status) }),
      };
    }
  }

  return { handle, secretKeyPair };
}

function isResponse(v: unknown): v is SandboxResponse {
  return typeof v === 'object' && v !== null && 'status' in v && 'headers' in v && 'body' in v && typeof (v as SandboxResponse).status === 'number';
}

function parseJson(body: string | undefined): unknown {
  try {
    const v = JSON.parse(body ?? '') as unknown;
    if (typeof v === 'object' && v !== null) return v;
  } catch {
    /* fall through */
  }
  throw new HttpError(400, 'Problems parsing JSON');
}
