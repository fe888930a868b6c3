import { findOrg, findPackage, stableId, type PackageVersion, type World, type WorldPackage, type WorldToken } from './world.js';

/**
 * What a successful manifest push does to the package as GitHub shows it:
 * - the first push creates the package, private by default;
 * - the `org.opencontainers.image.source` label/annotation links it to a repository, read at
 *   creation only (reported, UNCONFIRMED); a command-line push is otherwise not linked;
 * - a workflow that publishes the package gets admin on it ("Repositories that publish packages
 *   using a workflow … are automatically granted admin", docs quoted in §0);
 * - a tag moves to the new version (one version per manifest digest).
 */

export interface PushRecord {
  owner: string;
  /** Package name (nested allowed). */
  name: string;
  /** The pushed reference: a tag or a digest. */
  reference: string;
  /** Digest the registry stored the manifest under. */
  digest: string;
  /** `org.opencontainers.image.source` from the index annotations or the image config labels. */
  source?: string;
  /** The credential that pushed (null: the lab admin). */
  pusher: WorldToken | null;
  /** Visibility for a package the push creates; GitHub's default is private. */
  visibility?: WorldPackage['visibility'];
}

/** `https://github.com/OWNER/REPO(.git)` → `OWNER/REPO`, only for the given web host. */
export function repositoryFromSource(source: string | undefined, webHosts: string[] = ['github.com']): string | undefined {
  if (!source) return undefined;
  try {
    const u = new URL(source);
    if (!webHosts.includes(u.host)) return undefined;
    const m = /^\/([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(u.pathname);
    return m ? `${m[1]}/${m[2]}` : undefined;
  } catch {
    return undefined;
  }
}

export function recordPush(world: World, push: PushRecord, now: number, webHosts?: string[]): { pkg: WorldPackage; version: PackageVersion; created: boolean } {
  let pkg = findPackage(world, push.owner, push.name);
  const stamp = new Date(now).toISOString().replace(/\.\d+Z$/, 'Z');
  let created = false;
  if (!pkg) {
    created = true;
    const owner = findOrg(world, push.owner)?.login ?? push.owner;
    const linked = repositoryFromSource(push.source, webHosts);
    pkg = {
      owner,
      name: push.name,
      id: stableId(`${owner}/${push.name}`),
      visibility: push.visibility ?? 'private',
      repository: linked ?? null,
      actionsAccess: push.pusher?.kind === 'actions' ? [{ repo: push.pusher.repo!, role: 'admin' }] : [],
      versions: [],
      createdAt: stamp,
    };
    world.packages.push(pkg);
  }
  pkg.versions ??= [];
  const isTag = !push.reference.startsWith('sha256:');
  if (isTag) for (const v of pkg.versions) v.tags = v.tags.filter((t) => t !== push.reference);
  let version = pkg.versions.find((v) => v.name === push.digest && !v.deleted);
  if (!version) {
    version = { id: stableId(`${pkg.owner}/${pkg.name}@${push.digest}`), name: push.digest, tags: [], createdAt: stamp };
    pkg.versions.push(version);
  }
  if (isTag && !version.tags.includes(push.reference)) version.tags.push(push.reference);
  return { pkg, version, created };
}

/** A tag whose only version was deleted through the REST API no longer resolves (`manifest unknown`). */
export function tagDeleted(world: World, owner: string, name: string, reference: string): boolean {
  const pkg = findPackage(world, owner, name);
  if (!pkg?.versions) return false;
  const match = (v: PackageVersion) => v.name === reference || v.tags.includes(reference);
  return pkg.versions.some((v) => v.deleted && match(v)) && !pkg.versions.some((v) => !v.deleted && match(v));
}
