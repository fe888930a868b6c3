import { hostTypoOf } from '../ghcr/image-ref.js';

/**
 * Which registry a line of text is about. explain only explains GHCR: a line that names another
 * registry (Docker Hub, Quay, the Red Hat registry, ECR, ACR, GitLab, any other host) is not a GHCR
 * problem, and host-less lines take the registry of the nearest line that names one.
 */

export type HostKind = 'ghcr' | 'foreign';

export interface HostMention {
  kind: HostKind;
  /** The host as written (`registry-1.docker.io`), or the registry's name when only its wording tells it. */
  host: string;
  /** What users call it (`Docker Hub`); the host itself for an unknown registry. */
  name: string;
}

/** GitHub's own hosts: the registry, GHES `containers.HOST`, the blob CDN, the API and its docs. */
const GITHUB_HOST =
  /^(?:ghcr\.io|[\w-]+\.ghcr\.io|containers\.[\w.-]+|pkg-containers\.githubusercontent\.com|docker\.pkg\.github\.com|(?:[\w-]+\.)?github\.com|[\w-]+\.githubusercontent\.com)$/;

const KNOWN_REGISTRIES: Array<[RegExp, string]> = [
  [/^(?:(?:registry-1|index|auth|registry\.hub|hub|production\.cloudflare)\.)?docker\.(?:io|com)$/, 'Docker Hub'],
  [/^quay\.io$/, 'Quay'],
  [/^registry(?:\.access|\.connect)?\.redhat\.(?:io|com)$/, 'the Red Hat registry'],
  [/^(?:k8s\.gcr\.io|registry\.k8s\.io)$/, 'the Kubernetes registry'],
  [/(?:^|\.)gcr\.io$|\.pkg\.dev$/, "Google's registry"],
  [/\.amazonaws\.com$|^public\.ecr\.aws$/, 'Amazon ECR'],
  [/\.azurecr\.io$/, 'Azure Container Registry'],
  [/^registry\.gitlab\.com$/, "GitLab's registry"],
  [/^mcr\.microsoft\.com$/, "Microsoft's registry"],
  [/^nvcr\.io$/, 'NVIDIA NGC'],
];

/** Documentation and help hosts that registries' own messages link to: not a registry named. */
const DOC_HOST = /^(?:docs\.docker\.com|www\.docker\.com|docs\.podman\.io|kubernetes\.io|stackoverflow\.com|aka\.ms|access\.redhat\.com)$/;

/** File names are not hosts even when they look like `name.tld/…`. */
const NOT_A_TLD =
  /\.(?:json|ya?ml|js|mjs|ts|sh|py|go|md|txt|log|lock|toml|conf|cfg|sock|pem|crt|key|tar|gz|tgz|zip|exe|dll|so|html?|xml|d|service|socket|timer)$/;

/** Messages only another registry prints, even with no host in the line. */
const FOREIGN_WORDING: Array<[RegExp, string]> = [
  [/you have reached your (?:unauthenticated )?pull rate limit|docker\.com\/increase-rate-limit|incorrect username or password/i, 'Docker Hub'],
  [/please login to the red hat registry|access\.redhat\.com\/registryauthentication/i, 'the Red Hat registry'],
  [/access to the requested resource is not authorized/i, 'Quay'],
  [/aka\.ms\/acr\//i, 'Azure Container Registry'],
  [/http basic: access denied/i, "GitLab's registry"],
  [/your authorization token has expired\. reauthenticate|does not exist in the registry with id '\d+'/i, 'Amazon ECR'],
  [/artifactregistry\.repositories\.|gcr\.io\/v2\/token/i, "Google's registry"],
];

/** A secret or variable named after another registry, in a login line (`-p $ALIYUN_REGISTRY_PASSWORD`). */
const FOREIGN_SECRET =
  /\b(?:login|username|password)\b.{0,300}?\$\{?\{?\s*(?:secrets\.|env\.)?\w{0,64}?(ALIYUN|DOCKERHUB|DOCKER_HUB|QUAY|ECR|ACR|GCR|GAR|HARBOR|GITLAB|NEXUS|ARTIFACTORY|JFROG)/i;
const FOREIGN_SECRET_NAMES: Record<string, string> = {
  ALIYUN: 'Alibaba Cloud registry',
  DOCKERHUB: 'Docker Hub',
  DOCKER_HUB: 'Docker Hub',
  QUAY: 'Quay',
  ECR: 'Amazon ECR',
  ACR: 'Azure Container Registry',
  GCR: "Google's registry",
  GAR: "Google's registry",
  HARBOR: 'a Harbor registry',
  GITLAB: "GitLab's registry",
  NEXUS: 'a Nexus registry',
  ARTIFACTORY: 'Artifactory',
  JFROG: 'Artifactory',
};

/** `scheme://host[:port]/path`; a URL names a registry when its path is a registry API path or its host is a known registry. */
const URL_RE = /\b(?:https?|docker|oci):\/\/([a-z0-9][a-z0-9.-]*[a-z0-9])(?::\d+)?(\/[^\s"'`)]*)?/gi;
const REGISTRY_PATH = /^\/(?:v2|v1|token|oauth2|service\/token)\b/;
/** `host.tld[:port]/name…` not inside a URL or a path: an image reference (`registry.example.com/my/app:1`). */
const IMAGE_REF_RE = /(?<![\w.\/@:-])([a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}|localhost)(:\d+)?\/[\w.-]+(?:\/[\w.-]+)*(:[\w][\w.-]*|@sha256:[0-9a-f]+)?/g;
/** `docker login HOST`, `podman logout HOST`: a login names a registry without a path. */
const LOGIN_WORD = /\b(?:login|logout|logging into|logging in to)\s/i;
const HOST_TOKEN = /^["'(\[]?([a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})(?::\d+)?["')\]]*[:,.;]?$/i;
const FLAG_WITH_VALUE = /^(?:-u|-p|--username|--password|--config|--authfile|--cert-dir|--context)$/;
/**
 * Docker Hub without a host: `pull access denied for NAME,`, `push refers to repository [NAME]` and
 * `manifest for NAME:TAG not found` (docker names the host there for any other registry).
 */
const IMPLICIT_DOCKER_HUB =
  /pull access denied for [\w-]+(?:\/[\w.-]+)?,|push refers to repository \[(?:docker\.io\/)?[\w.-]+(?:\/[\w.-]+)?\]|manifest for [\w-]+(?:\/[\w.-]+)?:[\w][\w.-]* not found/i;

/** Words without which none of the login, implicit Docker Hub, wording or secret-name tests can match. */
const RARE_GATE =
  /login|logout|logging in|pull access denied|push refers|manifest for|rate limit|incorrect username|red hat|requested resource is not authorized|aka\.ms|http basic|password|reauthenticate|registry with id|artifactregistry/i;

function loginHost(line: string): string | undefined {
  const at = LOGIN_WORD.exec(line);
  if (!at) return undefined;
  const words = line.slice(at.index + at[0].length).split(/\s+/, 12);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w.startsWith('-')) {
      if (FLAG_WITH_VALUE.test(w)) i++;
      continue;
    }
    const host = HOST_TOKEN.exec(w);
    if (host) return host[1];
    if (/^[|&;<>]/.test(w)) return undefined;
  }
  return undefined;
}

function classify(rawHost: string): HostMention | undefined {
  const host = rawHost.toLowerCase();
  if (NOT_A_TLD.test(host) || DOC_HOST.test(host)) return undefined;
  // A near miss of ghcr.io (ghrc.io) is a GHCR problem: the image was meant for GHCR.
  if (GITHUB_HOST.test(host) || hostTypoOf(host)) return { kind: 'ghcr', host, name: host };
  for (const [re, name] of KNOWN_REGISTRIES) if (re.test(host)) return { kind: 'foreign', host, name };
  return { kind: 'foreign', host, name: host };
}

function knownRegistry(host: string): boolean {
  return GITHUB_HOST.test(host) || KNOWN_REGISTRIES.some(([re]) => re.test(host));
}

/** Every registry a line names, GitHub's included, in order of appearance (at most a few per line). */
export function registriesIn(line: string): HostMention[] {
  const out: HostMention[] = [];
  const add = (m: HostMention | undefined) => {
    if (m && !out.some((o) => o.host === m.host)) out.push(m);
  };
  if (line.includes('://')) {
    for (const m of line.matchAll(URL_RE)) {
      const host = m[1]!.toLowerCase();
      if (knownRegistry(host) || REGISTRY_PATH.test(m[2] ?? '') || m[0].toLowerCase().startsWith('docker://')) add(classify(host));
    }
  }
  if (line.includes('/') && line.includes('.')) {
    for (const m of line.matchAll(IMAGE_REF_RE)) {
      // `golang.org/x/sys`, `example.com/docs` are not images: an unknown host counts with a tag, digest or port.
      if (knownRegistry(m[1]!.toLowerCase()) || hostTypoOf(m[1]!) || m[2] || m[3]) add(classify(m[1]!));
    }
  }
  // The rest is rare wording: one cheap test first keeps a long log fast.
  if (!RARE_GATE.test(line)) return out;
  const login = loginHost(line);
  if (login) add(classify(login));
  if (IMPLICIT_DOCKER_HUB.test(line) && !out.some((o) => o.kind === 'ghcr')) add({ kind: 'foreign', host: 'docker.io', name: 'Docker Hub' });
  for (const [re, name] of FOREIGN_WORDING) if (re.test(line)) add({ kind: 'foreign', host: name, name });
  const secret = FOREIGN_SECRET.exec(line);
  if (secret) {
    const name = FOREIGN_SECRET_NAMES[secret[1]!.toUpperCase()]!;
    add({ kind: 'foreign', host: name, name });
  }
  return out;
}

/** The other registry a line is about: one it names while naming no GitHub host. */
export function foreignRegistryOf(line: string): HostMention | undefined {
  const all = registriesIn(line);
  return all.some((m) => m.kind === 'ghcr') ? undefined : all.find((m) => m.kind === 'foreign');
}

/** Kept for callers that only need a yes/no. */
export function namesForeignRegistry(line: string): boolean {
  return foreignRegistryOf(line) !== undefined;
}
