import type { ImageRef } from '../ghcr/image-ref.js';
import type { PullSecretInput } from '../ghcr/pull-secret.js';
import type { HostKeyPin } from '../ssh/host-key-pins.js';

/** How the push is checked: not at all, an upload session (nothing created), or a real tiny push. */
export type ProbeMode = 'none' | 'session' | 'push';
/** What the token is for: push and pull, or pull only. */
export type Intent = 'push' | 'pull';

export interface SshTargetInput {
  user?: string;
  host: string;
  port?: number;
  /** How the target was given, for messages: `--ssh`, `SERVER_HOST`, … */
  source: string;
}

/** Everything a diagnosis needs to know, resolved from flags, then environment, then defaults. */
export interface DiagnosisInputs {
  image?: ImageRef;
  user?: string;
  /** Token handed in through --token-stdin (already read), if any. */
  stdinToken?: string;
  tokenFile?: string;
  /** `--pull-secret FILE|-` (already read, capped): its credential for the registry host is the one under test. */
  pullSecret?: PullSecretInput;
  apiUrl: string;
  /** null when --no-status. */
  statusUrl: string | null;
  repo?: { owner: string; name: string };
  secretName: string;
  workflowsDir?: string;
  /** The first deploy server (all of them are in `servers`). */
  ssh?: SshTargetInput;
  /** Every deploy server: `--ssh` repeated, `--hosts FILE`; absent or empty means `ssh` alone. */
  servers?: SshTargetInput[];
  /** At most this many servers are audited at once (`--parallel`, default 8). */
  parallel?: number;
  sshKey?: string;
  knownHosts?: string;
  /** The pin for every server without a more specific one (`--host-key SHA256:…`, SERVER_HOST_KEY). */
  hostKey?: string;
  /** Pins for some servers: `--host-key HOST=SHA256:…` / `HOST:PORT=SHA256:…`. */
  hostKeyPins?: HostKeyPin[];
  deployPath?: string;
  probe: ProbeMode;
  /** push (the default when absent): the token must push (write:packages); pull: reading is all it is for (read:packages). */
  intent?: Intent;
  timeoutMs: number;
  strict: boolean;
  expectPublic: boolean;
  /** Interactive runs may ask; --ci never does. */
  interactive: boolean;
}
