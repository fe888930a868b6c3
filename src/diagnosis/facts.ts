import type { ServerFacts } from '../checks/server-facts.js';
import type { PullSecretMeta } from '../ghcr/pull-secret.js';

/** What checks learn and later checks use. Each field is written by one check (named beside it). */
export interface TokenFacts {
  /** The cleaned value; never printed. */
  value: string;
  /** Where it came from, e.g. `--token-file /path`, `GHCR_TOKEN`, `~/.docker/config.json`. */
  source: string;
  /** Username stored with the credential, for stored credentials. */
  storedUser?: string;
  kind: 'classic' | 'fine-grained' | 'oauth-app' | 'app-user' | 'app-installation' | 'refresh' | 'legacy' | 'unknown';
}

export interface IdentityFacts {
  login: string;
  /** null when the X-OAuth-Scopes header was absent (fine-grained tokens, app tokens). */
  scopes: string[] | null;
}

export interface RegistryFacts {
  realm: string;
  service: string;
  /** Bearer token for pull,push as granted (a subset may be granted); never printed. */
  bearer?: string;
}

export interface PackageFacts {
  exists: boolean;
  visibility?: 'public' | 'private' | 'internal';
  repository?: string | null;
  ownerType?: 'User' | 'Organization';
}

export interface Facts {
  token?: TokenFacts; // token.discovery
  identity?: IdentityFacts; // token.identity
  ownerType?: 'User' | 'Organization'; // token.org
  registry?: RegistryFacts; // registry.login
  package?: PackageFacts; // package.info
  server?: ServerFacts; // ssh.connect, server.* (src/checks/server-facts.ts)
  apiRateLimited?: boolean; // token.identity
  pullSecret?: PullSecretMeta; // token.discovery (with --pull-secret)
}
