import type { SshConnector } from '../ssh/connector.js';
import type { SshTarget } from '../ssh/target.js';
import { lazySsh2Connector } from '../ssh/lazy-connector.js';

/**
 * Questions a run may ask a person while a check runs. Only the TUI supplies them (answered on screen);
 * --ci has none, so an unknown host key is refused and an encrypted key is skipped.
 */
export interface RunPrompts {
  /** Shows the fingerprint of an unknown host key: true trusts it for this run only. */
  confirmUnknownHostKey?: (fingerprint: string, target: SshTarget) => Promise<boolean>;
  /** An encrypted key's passphrase (masked); undefined when the person declines. */
  askPassphrase?: (keyLabel: string) => Promise<string | undefined>;
}

/**
 * What a run reaches beyond `Io`: how it opens SSH connections and how it asks a person. The front end
 * hands them to the DiagnosisSession (the real ssh2, the demo's simulated server, a test's fake); the
 * checks read them from `ctx.ports`, so no check is swapped in the list to change them.
 */
export interface RunPorts {
  ssh: SshConnector;
  prompts?: RunPrompts;
}

/** The real outside world: ssh2, loaded on the first connection; no prompts. */
export function defaultPorts(): RunPorts {
  return { ssh: lazySsh2Connector };
}
