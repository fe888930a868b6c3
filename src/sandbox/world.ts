/**
 * The sandbox World: everything the emulated GitHub (REST API, ghcr.io token service, status page)
 * decides from. Plain JSON, so scenarios live in files (test/lab/worlds/*.json) and the `demo`
 * sandbox can ship its own. The emulators mutate it (pushes create packages and versions, PUT
 * secret stores a sealed value), so a test can look at it afterwards.
 */

/** `actions` is the workflow GITHUB_TOKEN (ghs_); `app-installation` is any other App installation token. */
export const TOKEN_KINDS = ['classic', 'fine-grained', 'oauth-app', 'app-installation', 'actions'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

export const VISIBILITIES = ['public', 'private', 'internal'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export type ActionsRole = 'read' | 'write' | 'admin';

export interface WorldUser {
  login: string;
  id?: number;
}

export interface PatPolicy {
  /** "`ORG` forbids access via a personal access token (classic)…" */
  classicForbidden?: boolean;
  /** "`ORG` forbids access via a personal access token with fine-grained permissions" */
  fineGrainedForbidden?: boolean;
  /** Fine-grained tokens with a longer lifetime are refused. */
  maxLifetimeDays?: number;
}

export interface WorldOrg {
  login: string;
  id?: number;
  members: string[];
  /** Members who are org owners (they may administer every package). */
  owners?: string[];
  /** SAML SSO enforced: classic/oauth tokens need `ssoAuthorizedOrgs` to include this org. */
  ssoEnforced?: boolean;
  patPolicy?: PatPolicy;
  /** Which visibilities members (and workflows) may create packages with. Default: all allowed. */
  packageCreation?: Partial<Record<Visibility, boolean>>;
  /** Org-enforced read-only GITHUB_TOKEN default: repo-level PUT of workflow permissions → 409. */
  workflowPermissionsReadOnlyEnforced?: boolean;
}

export interface WorldToken {
  /** The secret itself. Never printed by the emulators. */
  value: string;
  /** Login of the user the token acts as (for `actions`/`app-installation`: the bot login, e.g. `github-actions[bot]`). */
  owner: string;
  kind: TokenKind;
  /** Classic/OAuth scopes as X-OAuth-Scopes lists them. Ignored for fine-grained and installation tokens. */
  scopes?: string[];
  /** ISO date; absent or null = never expires. Actions tokens expire when the job ends. */
  expiresAt?: string | null;
  /**
   * How the API writes `GitHub-Authentication-Token-Expiration`: `UTC` (default, `2026-09-30 09:00:00 UTC`)
   * or a numeric offset such as `+0900` (`2026-09-30 18:00:00 +0900`); both forms are seen.
   */
  expirationZone?: string;
  /** ISO date the token was created (fine-grained lifetime policy). */
  createdAt?: string;
  revoked?: boolean;
  /** Orgs with SSO enforcement this token was authorized for. */
  ssoAuthorizedOrgs?: string[];
  /** For `actions` tokens: OWNER/REPO whose workflow minted it. For `app-installation`: the repos it may reach. */
  repo?: string;
  /** For `actions` tokens: the job's `permissions.packages` (C1). Default `write`. */
  packagesPermission?: 'none' | 'read' | 'write';
  /** Fine-grained / installation permissions, e.g. {"secrets":"write","actions":"write"} (REST only). */
  permissions?: Record<string, 'read' | 'write'>;
}

export interface ActionsAccessEntry {
  /** OWNER/REPO */
  repo: string;
  role: ActionsRole;
}

export interface PackageVersion {
  id: number;
  /** sha256:… of the manifest as the registry stored it. */
  name: string;
  tags: string[];
  createdAt: string;
  deleted?: boolean;
}

export interface WorldPackage {
  /** User or org login. */
  owner: string;
  /** Package name; nested names allowed (`v7/backend` for ghcr.io/owner/v7/backend). */
  name: string;
  id?: number;
  visibility: Visibility;
  /** OWNER/REPO the package is linked to, or null/absent when not linked. */
  repository?: string | null;
  /** "Manage Actions access" list. The linked repository has admin implicitly. */
  actionsAccess?: ActionsAccessEntry[];
  /** Granular user access (org packages: members only). The owner user and org owners are admin. */
  access?: Array<{ login: string; role: ActionsRole }>;
  /** Role every member of the owning org has without a granular entry. Default `read`. */
  memberRole?: 'none' | ActionsRole;
  versions?: PackageVersion[];
  createdAt?: string;
}

export interface RepoSecret {
  name: string;
  /** Base64 libsodium sealed box, as PUT stores it; absent for secrets the world only names. */
  encryptedValue?: string;
  keyId?: string;
  createdAt?: string;
  updatedAt?: string;
}

export interface WorldRepo {
  /** OWNER/NAME */
  fullName: string;
  private?: boolean;
  /** Users with collaborator (write) access besides the owner / org members. */
  collaborators?: string[];
  secrets?: RepoSecret[];
  /** default_workflow_permissions. Default `read` (GitHub's default since 2023-02-02). */
  defaultWorkflowPermissions?: 'read' | 'write';
  canApprovePullRequestReviews?: boolean;
}

export type StatusComponentState = 'operational' | 'degraded_performance' | 'partial_outage' | 'major_outage' | 'under_maintenance';

export interface StatusComponent {
  id: string;
  name: string;
  status: StatusComponentState;
}

export interface StatusIncident {
  name: string;
  status?: 'investigating' | 'identified' | 'monitoring' | 'resolved';
  impact?: 'none' | 'minor' | 'major' | 'critical';
  components?: string[];
}

export interface WorldStatus {
  /** `ok` serves summary.json; `down` answers 503; `html` answers an HTML page (captive portal, proxy). */
  mode?: 'ok' | 'down' | 'html';
  /** Overrides of the default component states, by id. */
  components?: Array<Pick<StatusComponent, 'id' | 'status'> & { name?: string }>;
  incidents?: StatusIncident[];
}

export interface World {
  users: WorldUser[];
  orgs: WorldOrg[];
  tokens: WorldToken[];
  packages: WorldPackage[];
  repos: WorldRepo[];
  status?: WorldStatus;
  /** Remaining REST calls for the rate-limit headers (403 + x-ratelimit-remaining: 0 at 0). */
  rateLimitRemaining?: number;
}

export class WorldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorldError';
  }
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function arr(o: Obj, key: string, where: string, required = true): unknown[] {
  const v = o[key];
  if (v === undefined && !required) return [];
  if (!Array.isArray(v)) throw new WorldError(`${where}.${key} must be an array`);
  return v;
}

function str(o: Obj, key: string, where: string, required = true): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) {
    if (required) throw new WorldError(`${where}.${key} is required (a string)`);
    return undefined;
  }
  if (typeof v !== 'string' || v === '') throw new WorldError(`${where}.${key} must be a non-empty string`);
  return v;
}

function oneOf<T extends string>(o: Obj, key: string, where: string, allowed: readonly T[], required = true): T | undefined {
  const v = str(o, key, where, required);
  if (v === undefined) return undefined;
  if (!allowed.includes(v as T)) throw new WorldError(`${where}.${key} is "${v}"; expected one of ${allowed.join(', ')}`);
  return v as T;
}

function date(o: Obj, key: string, where: string): void {
  const v = o[key];
  if (v === undefined || v === null) return;
  if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) throw new WorldError(`${where}.${key} must be an ISO date`);
}

function fullName(o: Obj, key: string, where: string, required = true): void {
  const v = str(o, key, where, required);
  if (v !== undefined && !/^[^/\s]+\/[^/\s]+$/.test(v)) throw new WorldError(`${where}.${key} must be OWNER/REPO, got "${v}"`);
}

/**
 * Validates a World (parsed JSON or a JSON string) and returns it typed. Errors name the exact
 * path (`tokens[2].kind …`) so a hand-written world file is quick to fix.
 */
export function loadWorld(json: unknown): World {
  const raw = typeof json === 'string' ? (JSON.parse(json) as unknown) : json;
  if (!isObj(raw)) throw new WorldError('world must be a JSON object');
  const users = arr(raw, 'users', 'world');
  const orgs = arr(raw, 'orgs', 'world', false);
  const tokens = arr(raw, 'tokens', 'world');
  const packages = arr(raw, 'packages', 'world', false);
  const repos = arr(raw, 'repos', 'world', false);

  const logins = new Set<string>();
  users.forEach((u, i) => {
    const w = `users[${i}]`;
    if (!isObj(u)) throw new WorldError(`${w} must be an object`);
    const login = str(u, 'login', w)!;
    if (logins.has(login.toLowerCase())) throw new WorldError(`${w}.login "${login}" is defined twice`);
    logins.add(login.toLowerCase());
  });
  orgs.forEach((o, i) => {
    const w = `orgs[${i}]`;
    if (!isObj(o)) throw new WorldError(`${w} must be an object`);
    const login = str(o, 'login', w)!;
    if (logins.has(login.toLowerCase())) throw new WorldError(`${w}.login "${login}" is already a user or org`);
    logins.add(login.toLowerCase());
    for (const [k, list] of [
      ['members', arr(o, 'members', w)],
      ['owners', arr(o, 'owners', w, false)],
    ] as const) {
      list.forEach((m, j) => {
        if (typeof m !== 'string') throw new WorldError(`${w}.${k}[${j}] must be a login`);
      });
    }
  });
  const known = (login: string) => logins.has(login.toLowerCase());
  const values = new Set<string>();
  tokens.forEach((t, i) => {
    const w = `tokens[${i}]`;
    if (!isObj(t)) throw new WorldError(`${w} must be an object`);
    const value = str(t, 'value', w)!;
    if (values.has(value)) throw new WorldError(`${w}.value is the same as another token's`);
    values.add(value);
    str(t, 'owner', w);
    const kind = oneOf(t, 'kind', w, TOKEN_KINDS)!;
    if (t.scopes !== undefined)
      arr(t, 'scopes', w).forEach((s, j) => {
        if (typeof s !== 'string') throw new WorldError(`${w}.scopes[${j}] must be a string`);
      });
    date(t, 'expiresAt', w);
    date(t, 'createdAt', w);
    const zone = str(t, 'expirationZone', w, false);
    if (zone !== undefined && !/^(UTC|[+-](0\d|1[0-4])[0-5]\d)$/.test(zone))
      throw new WorldError(`${w}.expirationZone must be UTC or an offset like +0900, got "${zone}"`);
    if (kind === 'actions') fullName(t, 'repo', w);
    oneOf(t, 'packagesPermission', w, ['none', 'read', 'write'] as const, false);
  });
  packages.forEach((p, i) => {
    const w = `packages[${i}]`;
    if (!isObj(p)) throw new WorldError(`${w} must be an object`);
    const owner = str(p, 'owner', w)!;
    if (!known(owner)) throw new WorldError(`${w}.owner "${owner}" is neither a user nor an org of this world`);
    const name = str(p, 'name', w)!;
    if (name !== name.toLowerCase()) throw new WorldError(`${w}.name "${name}" must be lowercase (registries reject uppercase)`);
    oneOf(p, 'visibility', w, VISIBILITIES);
    if (p.repository !== null) fullName(p, 'repository', w, false);
    arr(p, 'actionsAccess', w, false).forEach((a, j) => {
      if (!isObj(a)) throw new WorldError(`${w}.actionsAccess[${j}] must be {repo, role}`);
      fullName(a, 'repo', `${w}.actionsAccess[${j}]`);
      oneOf(a, 'role', `${w}.actionsAccess[${j}]`, ['read', 'write', 'admin'] as const);
    });
    arr(p, 'versions', w, false).forEach((v, j) => {
      if (!isObj(v) || typeof v.id !== 'number' || typeof v.name !== 'string' || !Array.isArray(v.tags))
        throw new WorldError(`${w}.versions[${j}] must be {id: number, name: "sha256:…", tags: [], createdAt}`);
    });
  });
  repos.forEach((r, i) => {
    const w = `repos[${i}]`;
    if (!isObj(r)) throw new WorldError(`${w} must be an object`);
    fullName(r, 'fullName', w);
    oneOf(r, 'defaultWorkflowPermissions', w, ['read', 'write'] as const, false);
    arr(r, 'secrets', w, false).forEach((s, j) => {
      if (!isObj(s)) throw new WorldError(`${w}.secrets[${j}] must be an object`);
      str(s, 'name', `${w}.secrets[${j}]`);
    });
  });
  if (raw.status !== undefined) {
    if (!isObj(raw.status)) throw new WorldError('world.status must be an object');
    oneOf(raw.status, 'mode', 'status', ['ok', 'down', 'html'] as const, false);
  }
  return {
    users: users as WorldUser[],
    orgs: orgs as WorldOrg[],
    tokens: tokens as WorldToken[],
    packages: packages as WorldPackage[],
    repos: repos as WorldRepo[],
    ...(raw.status !== undefined ? { status: raw.status as WorldStatus } : {}),
    ...(typeof raw.rateLimitRemaining === 'number' ? { rateLimitRemaining: raw.rateLimitRemaining } : {}),
  };
}

/* ---------- lookups shared by the emulators ---------- */

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function findToken(world: World, value: string): WorldToken | undefined {
  return world.tokens.find((t) => t.value === value);
}

export function findOrg(world: World, login: string): WorldOrg | undefined {
  return world.orgs.find((o) => eq(o.login, login));
}

export function findUser(world: World, login: string): WorldUser | undefined {
  return world.users.find((u) => eq(u.login, login));
}

export function findPackage(world: World, owner: string, name: string): WorldPackage | undefined {
  return world.packages.find((p) => eq(p.owner, owner) && p.name === name);
}

export function findRepo(world: World, fullName: string): WorldRepo | undefined {
  return world.repos.find((r) => eq(r.fullName, fullName));
}

export function isOrgMember(org: WorldOrg, login: string): boolean {
  return org.members.some((m) => eq(m, login)) || (org.owners ?? []).some((m) => eq(m, login));
}

export type TokenValidity = 'valid' | 'unknown' | 'revoked' | 'expired';

export function tokenValidity(token: WorldToken | undefined, now: number): TokenValidity {
  if (!token) return 'unknown';
  if (token.revoked) return 'revoked';
  if (token.expiresAt && Date.parse(token.expiresAt) <= now) return 'expired';
  return 'valid';
}

/** Whether a classic/OAuth token may touch an SSO-enforcing org's resources. */
export function ssoBlocks(world: World, token: WorldToken, orgLogin: string): boolean {
  const org = findOrg(world, orgLogin);
  if (!org?.ssoEnforced) return false;
  if (token.kind !== 'classic' && token.kind !== 'oauth-app') return false;
  return !(token.ssoAuthorizedOrgs ?? []).some((o) => eq(o, orgLogin));
}

/** Stable numeric ids for objects the world file left without one. */
export function stableId(s: string): number {
  let h = 2166136261;
  for (const c of s) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return (h % 90_000_000) + 10_000_000;
}
