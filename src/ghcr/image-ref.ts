/** A parsed `HOST/OWNER/NAME[:TAG|@DIGEST]` reference. Owner and name keep the case the user typed. */
export interface ImageRef {
  registry: string;
  owner: string;
  /** Package name; nested names keep their slashes (`repo/img`). */
  name: string;
  tag?: string;
  digest?: string;
  /** The reference as given, normalised (default tag added). */
  canonical: string;
}

export class ImageRefError extends Error {
  constructor(
    message: string,
    readonly suggestion?: string,
  ) {
    super(message);
  }
}

const HOST_COMPONENT = '(?:[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])';
const HOST_RE = new RegExp(`^(?:${HOST_COMPONENT}(?:\\.${HOST_COMPONENT})*|\\[[0-9A-Fa-f:]+\\])(?::[0-9]{1,5})?$`);
const PATH_COMPONENT_RE = /^[A-Za-z0-9]+(?:(?:[._]|__|-+)[A-Za-z0-9]+)*$/;
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;

function looksLikeHost(part: string): boolean {
  return part.includes('.') || part.includes(':') || part === 'localhost' || part.startsWith('[');
}

export function parseImageRef(input: string): ImageRef {
  const raw = input.trim();
  if (raw === '') throw new ImageRefError('the image reference is empty');
  if (/\s/.test(raw)) throw new ImageRefError(`"${raw}" contains whitespace`);
  const scheme = /^[a-z]+:\/\//i.exec(raw);
  if (scheme) {
    const rest = raw.slice(scheme[0].length);
    throw new ImageRefError(`an image reference has no scheme: "${raw}"`, rest);
  }

  let remainder = raw;
  let digest: string | undefined;
  const at = remainder.indexOf('@');
  if (at >= 0) {
    digest = remainder.slice(at + 1);
    remainder = remainder.slice(0, at);
    if (!DIGEST_RE.test(digest)) throw new ImageRefError(`"${digest}" is not a valid digest (algorithm:hex)`);
  }

  const slash = remainder.indexOf('/');
  if (slash < 0 || !looksLikeHost(remainder.slice(0, slash))) {
    throw new ImageRefError(`"${raw}" has no registry host (expected HOST/OWNER/NAME[:TAG])`, `ghcr.io/${raw}`);
  }
  const registry = remainder.slice(0, slash);
  let path = remainder.slice(slash + 1);
  if (!HOST_RE.test(registry)) throw new ImageRefError(`"${registry}" is not a valid registry host`);
  const port = /:(\d+)$/.exec(registry)?.[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) throw new ImageRefError(`port ${port} of "${registry}" is out of range`);

  let tag: string | undefined;
  const lastSlash = path.lastIndexOf('/');
  const colon = path.indexOf(':', lastSlash + 1);
  if (colon >= 0) {
    tag = path.slice(colon + 1);
    path = path.slice(0, colon);
    if (!TAG_RE.test(tag)) throw new ImageRefError(`"${tag}" is not a valid tag`);
  }

  const parts = path.split('/');
  if (parts.length < 2) {
    throw new ImageRefError(`"${raw}" needs an owner and a name (HOST/OWNER/NAME)`);
  }
  for (const part of parts) {
    if (!PATH_COMPONENT_RE.test(part)) {
      throw new ImageRefError(part === '' ? `"${raw}" has an empty path component` : `"${part}" is not a valid name component`);
    }
  }
  const [owner, ...nameParts] = parts as [string, ...string[]];
  if (!tag && !digest) tag = 'latest';
  const name = nameParts.join('/');
  const canonical = `${registry}/${owner}/${name}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
  return { registry, owner, name, tag, digest, canonical };
}

/** Owner and name are lowercase in GHCR; the host is case-insensitive. */
export function lowercaseRef(ref: ImageRef): string {
  return `${ref.registry.toLowerCase()}/${ref.owner.toLowerCase()}/${ref.name.toLowerCase()}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** What a manifest request names: the digest when given, else the tag. */
export function manifestReference(ref: ImageRef): string {
  return ref.digest ?? ref.tag ?? 'latest';
}

export function repositoryPath(ref: ImageRef): string {
  return `${ref.owner}/${ref.name}`;
}

function levenshtein(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}

/** Real registries whose names are close to ghcr.io and must never be called typos. */
const REAL_REGISTRIES = [
  'gcr.io',
  'docker.io',
  'quay.io',
  'ecr.aws',
  'azurecr.io',
  'mcr.microsoft.com',
  'pkg.dev',
  // Two edits from ghcr.io, and real: IBM Cloud, NVIDIA NGC, LinuxServer.io, Oracle Cloud.
  'icr.io',
  'nvcr.io',
  'lscr.io',
  'ocir.io',
];

/** `ghrc.io`, `ghcr.com`, `gchr.io`… : a near miss of ghcr.io, which is then the suggestion. */
export function hostTypoOf(registry: string): string | undefined {
  const host = registry.toLowerCase().replace(/:\d+$/, '');
  if (host === 'ghcr.io' || REAL_REGISTRIES.some((r) => host === r || host.endsWith(`.${r}`))) return undefined;
  const known = ['ghcr.io'];
  for (const k of known) {
    if (levenshtein(host, k) <= 2) return k;
    // ghcr.com, ghcr.dev, gchr.io: the ghcr label on a bare TLD. A mirror such as ghcr.corp.example is not a typo.
    const [label, ...rest] = host.split('.');
    if ((label === 'ghcr' || levenshtein(label ?? '', 'ghcr') === 1) && /^(io|com|org|net|dev)$/.test(rest.join('.'))) return k;
  }
  return undefined;
}
