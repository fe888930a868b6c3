import type { KeyCandidate } from './keys.js';
import type { SshTarget } from './target.js';

/** Result of one remote command. Output is raw bytes so file contents survive intact. */
export interface ExecResult {
  code: number | null;
  signal?: string;
  stdout: Buffer;
  stderr: Buffer;
}

export interface ExecOptions {
  /** Written to the command's stdin, then closed: the only way a secret reaches the server. */
  stdin?: string | Buffer;
  /**
   * Keep stdin open while the command runs (and write nothing to it): the command learns from its end
   * of file that ghcr-doctor is gone or gave up (OpenSSH ignores the SSH "signal" request).
   */
  holdStdin?: boolean;
  signal?: AbortSignal;
}

export interface RemoteStat {
  mode: number;
  uid: number;
  size: number;
}

/** One open, authenticated connection. Every remote action goes through it. */
export interface SshSession {
  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
  /** SFTP: create `path` with `mode` from the start (never a window with wider permissions). */
  writeFileExclusive(path: string, data: Buffer, mode: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  stat(path: string): Promise<RemoteStat | undefined>;
  readFile(path: string): Promise<Buffer>;
  close(): void;
}

export interface HostTrust {
  /** Parsed known_hosts (or empty). */
  knownHostsText?: string;
  /** `--host-key SHA256:…` / SERVER_HOST_KEY. */
  pin?: string;
  /**
   * Asked when the key is unknown (TUI only). Resolves true to trust it for this run. In --ci it is
   * absent and an unknown key is refused.
   */
  confirmUnknown?: (fingerprint: string) => Promise<boolean>;
}

export interface ConnectRequest {
  target: SshTarget;
  trust: HostTrust;
  keys: KeyCandidate[];
  /** SSH_AUTH_SOCK, when set. */
  agentSocket?: string;
  /** Passphrase for an encrypted key (TUI hook); absent in --ci, so encrypted keys are skipped. */
  askPassphrase?: (keyLabel: string) => Promise<string | undefined>;
  /** Budget for TCP connect plus handshake, in network time: a prompt being answered pauses it. */
  timeoutMs: number;
  signal?: AbortSignal;
}

/** What was offered, for ssh.auth-failed evidence: paths and fingerprints, never key material. */
export interface OfferedKey {
  source: 'agent' | 'file';
  label: string;
  fingerprint?: string;
}

export interface SkippedKey {
  label: string;
  reason: string;
}

export type UnreachableKind = 'dns' | 'refused' | 'timeout' | 'connect';

export class SshUnreachableError extends Error {
  constructor(
    readonly kind: UnreachableKind,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export class SshHostKeyError extends Error {
  constructor(
    readonly verdict: 'unknown' | 'mismatch',
    readonly fingerprint: string,
    readonly keyType: string | undefined,
    /** For a mismatch: the pin, or the fingerprints known_hosts has for the host. */
    readonly expected: string[],
    readonly reason: string,
  ) {
    super(reason);
  }
}

export class SshAuthError extends Error {
  constructor(
    readonly offered: OfferedKey[],
    readonly skipped: SkippedKey[],
    message: string,
  ) {
    super(message);
  }
}

export interface Connected {
  session: SshSession;
  hostKeyFingerprint: string;
  /** How the host key was trusted: `known_hosts line N`, `--host-key pin`, `confirmed on screen`. */
  trustedBy: string;
  authenticatedWith: OfferedKey;
}

/** The port the checks and fixes use; unit tests and the demo supply a fake. */
export interface SshConnector {
  connect(request: ConnectRequest): Promise<Connected>;
}
