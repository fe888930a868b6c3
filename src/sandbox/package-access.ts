import { findOrg, findPackage, isOrgMember, ssoBlocks, type ActionsRole, type World, type WorldPackage, type WorldToken } from './world.js';

/**
 * Who may pull or push a ghcr.io package, decided from the World the way GHCR decides it, with the
 * denial text GHCR answers. Shared by the token service
 * (which grants the allowed subset) and the registry gate (which answers the denial).
 */

export type RegistryAction = 'pull' | 'push';

export interface RegistryDenial {
  status: 401 | 403;
  /** `errors[].code` of the registry's JSON body. */
  code: 'UNAUTHORIZED' | 'DENIED';
  message: string;
}

export type AccessDecision = { ok: true } | { ok: false; denial: RegistryDenial };

const OK: AccessDecision = { ok: true };
const deny = (status: 401 | 403, code: RegistryDenial['code'], message: string): AccessDecision => ({ ok: false, denial: { status, code, message } });

/** Anonymous request for something private: `{"code":"UNAUTHORIZED","message":"authentication required"}`. */
const AUTH_REQUIRED = deny(401, 'UNAUTHORIZED', 'authentication required');
/** Classic PAT without write:packages pushing. */
const SCOPES_MISMATCH = deny(403, 'DENIED', 'permission_denied: The token provided does not match expected scopes.');
/** User-owned package, no write access (C1 user-owned, C2, E3). */
const WRITE_PACKAGE = deny(403, 'DENIED', 'permission_denied: write_package');
/** No read access with a token that could otherwise read (A2, D1, C4 — index §5). */
const READ_PACKAGE = deny(403, 'DENIED', 'permission_denied: read_package');
const ORG_WRITE = deny(403, 'DENIED', 'installation not allowed to Write organization package'); // C1, C2, A6
const ORG_CREATE = deny(403, 'DENIED', 'installation not allowed to Create organization package'); // C1, B3, A6
const ORG_READ = deny(403, 'DENIED', 'installation not allowed to Read organization package'); // C4
/** Registry text for SSO-unauthorized tokens is UNCONFIRMED; users report plain `denied`. */
const PLAIN_DENIED = deny(403, 'DENIED', 'denied');

const RANK: Record<'none' | ActionsRole, number> = { none: 0, read: 1, write: 2, admin: 3 };
const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const ownerOf = (fullName: string) => fullName.split('/')[0]!;

/** A person's role on a package: owner user / org owners admin, granular entries, org member default. */
export function userRole(world: World, pkg: WorldPackage, login: string): 'none' | ActionsRole {
  if (eq(pkg.owner, login)) return 'admin';
  const org = findOrg(world, pkg.owner);
  if (org && (org.owners ?? []).some((o) => eq(o, login))) return 'admin';
  // Org packages can only be shared with members.
  if (org && !isOrgMember(org, login)) return 'none';
  const entry = (pkg.access ?? []).find((a) => eq(a.login, login));
  if (entry) return entry.role;
  return org ? (pkg.memberRole ?? 'read') : 'none';
}

/** A workflow repository's role on a package: linked repo admin, else Manage Actions access. */
export function repoRole(pkg: WorldPackage, repo: string): 'none' | ActionsRole {
  if (pkg.repository && eq(pkg.repository, repo)) return 'admin';
  const entry = (pkg.actionsAccess ?? []).find((a) => eq(a.repo, repo));
  return entry ? entry.role : 'none';
}

function scopesOf(token: WorldToken): string[] {
  return token.scopes ?? [];
}

/** `token` is null for anonymous requests; it must already be known valid (the token service checks). */
export function decideAccess(world: World, token: WorldToken | null, owner: string, name: string, action: RegistryAction): AccessDecision {
  const pkg = findPackage(world, owner, name);
  const org = findOrg(world, owner);
  if (action === 'pull') return decidePull(world, token, owner, pkg, org !== undefined);
  return decidePush(world, token, owner, pkg, org !== undefined);
}

function decidePull(world: World, token: WorldToken | null, owner: string, pkg: WorldPackage | undefined, orgOwned: boolean): AccessDecision {
  if (pkg?.visibility === 'public') return OK;
  if (!token) return AUTH_REQUIRED;
  switch (token.kind) {
    case 'classic':
    case 'oauth-app': {
      const s = scopesOf(token);
      // write:packages implies read (cli/cli#5150).
      if (!s.includes('read:packages') && !s.includes('write:packages')) return READ_PACKAGE;
      if (orgOwned && ssoBlocks(world, token, owner)) return PLAIN_DENIED;
      if (!pkg) return OK; // the registry then answers NAME_UNKNOWN / MANIFEST_UNKNOWN
      return RANK[userRole(world, pkg, token.owner)] >= RANK.read ? OK : READ_PACKAGE;
    }
    case 'actions': {
      const denial = orgOwned ? ORG_READ : READ_PACKAGE;
      if ((token.packagesPermission ?? 'write') === 'none') return denial;
      if (!pkg) return OK;
      return RANK[repoRole(pkg, token.repo!)] >= RANK.read ? OK : denial; //
    }
    case 'app-installation':
      // Reportedly denied even for repo-linked packages (jikig-ai/soleur#6073).
      return PLAIN_DENIED;
    case 'fine-grained':
      // Never reaches here: the token service rejects it at /token.
      return PLAIN_DENIED;
  }
}

function decidePush(world: World, token: WorldToken | null, owner: string, pkg: WorldPackage | undefined, orgOwned: boolean): AccessDecision {
  if (!token) return AUTH_REQUIRED;
  const creating = !pkg;
  const org = orgOwned ? findOrg(world, owner) : undefined;
  // Org "Package creation" settings: a first push creates a private package.
  const creationForbidden = creating && org !== undefined && org.packageCreation?.private === false;
  switch (token.kind) {
    case 'classic':
    case 'oauth-app': {
      if (!scopesOf(token).includes('write:packages')) return SCOPES_MISMATCH;
      if (orgOwned && ssoBlocks(world, token, owner)) return PLAIN_DENIED;
      if (pkg) return RANK[userRole(world, pkg, token.owner)] >= RANK.write ? OK : WRITE_PACKAGE; // PATs get the user wording; only installations get "installation not allowed"
      if (org) {
        if (!isOrgMember(org, token.owner)) return WRITE_PACKAGE; // E3: "the error message looks exactly the same"
        return creationForbidden ? ORG_CREATE : OK;
      }
      return eq(owner, token.owner) ? OK : WRITE_PACKAGE; // E3
    }
    case 'actions': {
      const perm = token.packagesPermission ?? 'write';
      if (pkg) {
        const denial = orgOwned ? ORG_WRITE : WRITE_PACKAGE;
        if (perm !== 'write') return denial; // C1
        return RANK[repoRole(pkg, token.repo!)] >= RANK.write ? OK : denial; // C2
      }
      if (!orgOwned) return perm === 'write' && eq(ownerOf(token.repo!), owner) ? OK : WRITE_PACKAGE;
      if (perm !== 'write' || creationForbidden) return ORG_CREATE; // C1, B3
      return eq(ownerOf(token.repo!), owner) ? OK : ORG_WRITE; // E3
    }
    case 'app-installation':
      // App installation tokens cannot create or write org packages.
      if (orgOwned) return creating ? ORG_CREATE : ORG_WRITE;
      return WRITE_PACKAGE;
    case 'fine-grained':
      return PLAIN_DENIED;
  }
}
