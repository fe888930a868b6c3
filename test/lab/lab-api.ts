import type { World } from '../../src/sandbox/world.js';
import type { FetchLike } from '../../src/io/types.js';

/**
 * What `startLab(world)` hands a test. Everything is on 127.0.0.1, HTTPS with a lab CA that only
 * the child processes you point at it trust (through `env` / `certsDir`).
 */
export interface Lab {
  /** The emulated ghcr.io: `127.0.0.1:PORT` (HTTPS). Use it as the registry host of an image ref. */
  registryHost: string;
  /** The emulated pkg-containers.githubusercontent.com (`localhost:PORT`): blob GETs on the registry 307 here. */
  blobHost: string;
  /** From now on, blob downloads from the storage host wait `ms` before answering (0: at once). */
  delayBlobDownloads(ms: number): void;
  /** The User-Agent of every blob download so far (podman's says `containers/…`). */
  blobDownloads(): string[];
  /** The emulated GitHub REST API base, e.g. `https://127.0.0.1:PORT` (pass as --api-url / GITHUB_API_URL). */
  apiUrl: string;
  /** The emulated githubstatus.com base; summary at `${statusUrl}/api/v2/summary.json`. */
  statusUrl: string;
  /** PEM of the lab CA (trust it through NODE_EXTRA_CA_CERTS). */
  caFile: string;
  /** Env for a child process pointed at the lab: NODE_EXTRA_CA_CERTS, GITHUB_API_URL, GHCR_DOCTOR_STATUS_URL. */
  env: Record<string, string>;
  /** In-process fetch that trusts the lab CA (undici Agent): use it as `Io.fetch` in check tests. */
  fetch: FetchLike;
  /** A containers certs.d root: `${certsDir}/${registryHost}/ca.crt` (podman: copy under /etc/containers/certs.d or ~/.config/containers/certs.d). */
  certsDir: string;
  /** `${certsDir}/${registryHost}`: pass to `podman --cert-dir`. */
  certDir: string;
  /** The live world: tests may mutate it between requests (revoke a token, change visibility…). */
  world: World;
  /**
   * Pushes a tiny real image (one layer, linux/amd64 config) to `OWNER/NAME:TAG` as the lab admin,
   * bypassing ghcr.io permission rules. Creates the world package if missing (`visibility`, default
   * private, as GitHub does) and records the version. Accepts `OWNER/NAME:TAG` or `HOST/OWNER/NAME:TAG`.
   * `source` sets the `org.opencontainers.image.source` label, which links a package it creates.
   */
  seedImage(ref: string, opts?: { visibility?: 'public' | 'private' | 'internal'; source?: string }): Promise<{ digest: string }>;
  /** stdout+stderr of the real docker-registry so far (print it when a test fails). */
  registryLogs(): string;
  /** Stops the servers and the registry, removes the temp dir. */
  stop(): Promise<void>;
}
