import type { Stats } from 'node:fs';

/** Everything ghcr-doctor does to the outside goes through these, so tests can replace each one. */
export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

export interface FileSystem {
  /** Regular files only, at most `maxBytes` (default a few MiB): anything else is refused, not read. */
  readFile(path: string, maxBytes?: number): Promise<Buffer>;
  stat(path: string): Promise<Stats>;
  exists(path: string): Promise<boolean>;
  /** Writes a secret: mode 600 from creation (temp file + rename), backing up what it replaces. */
  writeSecretFile(path: string, data: string): Promise<{ backup?: string }>;
  mkdir(path: string, mode?: number): Promise<void>;
  readdir(path: string): Promise<string[]>;
}

export interface Clock {
  now(): number;
}

export interface TlsPeerInfo {
  issuer?: string;
  subject?: string;
  validTo?: string;
}

export interface Io {
  fetch: FetchLike;
  fs: FileSystem;
  clock: Clock;
  env: Record<string, string | undefined>;
  homedir: string;
  /** Looks at the certificate a host presents, to name its issuer when TLS verification fails. */
  inspectTls?(host: string, port: number, signal?: AbortSignal): Promise<TlsPeerInfo>;
}
