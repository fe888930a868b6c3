import type { ServerFactKey, ServerFacts } from '../checks/server-facts.js';
import type { PullSecretMeta } from '../ghcr/pull-secret.js';

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
}

export interface PackageFacts {
  exists: boolean;
  visibility?: 'public' | 'private' | 'internal';
  repository?: string | null;
  ownerType?: 'User' | 'Organization';
}

/**
 * What checks learn and later checks use (docs/architecture.md, "Facts"). Each fact has one writer, the check
 * that lists it in `writes`; a check reads only facts written by a check it depends on (`dependsOn`/`after`,
 * transitively). test/unit/checks/facts.test.ts runs the real check list over the sandbox worlds and holds both.
 */
export interface Facts {
  token?: TokenFacts;
  identity?: IdentityFacts;
  ownerType?: 'User' | 'Organization';
  registry?: RegistryFacts;
  /** Bearer token for pull,push as granted (a subset may be granted); never printed. */
  registryBearer?: string;
  package?: PackageFacts;
  /** The deploy server's own facts (src/checks/server-facts.ts); each server of a run has its own. */
  server?: ServerFacts;
  apiRateLimited?: boolean;
  /** With --pull-secret: the Secret's name and namespace, for the fixes. */
  pullSecret?: PullSecretMeta;
}

/** A fact a check may declare in `writes`: a field of Facts, or of the deploy server's facts. */
export type FactKey = keyof Facts | `server.${ServerFactKey}`;
