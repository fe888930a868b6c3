import type { SshTargetInput } from '../diagnosis/inputs.js';
import { expandHome } from '../io/expand-home.js';

/** Where to connect, after ~/.ssh/config has had its say. */
export interface SshTarget {
  /** The name the user gave (`--ssh`, SERVER_HOST); the report and known_hosts alias use it. */
  alias: string;
  /** What we actually connect to (ssh_config HostName, else the alias). */
  hostName: string;
  port: number;
  user: string;
  /** IdentityFile entries from ssh_config, `~` expanded. */
  identityFiles: string[];
  /** ssh_config HostKeyAlias: the name known_hosts is searched under instead of HostName. */
  hostKeyAlias?: string;
  /** ssh_config UserKnownHostsFile (first entry), unless it is /dev/null (checking disabled). */
  userKnownHostsFile?: string;
  /** Which values came from ssh_config, for messages. */
  fromConfig: string[];
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export { expandHome };

/** What ~/.ssh/config says for one host (`HostName`, `User`, …; a list where a key may repeat). */
export type SshConfigValues = Record<string, string | string[]>;

/**
 * ~/.ssh/config's values for `host`. Called only when there is a config (`text` not empty): the parser
 * is imported here, not at the top, because it loads node:child_process (for `Match exec`), which a run
 * without ~/.ssh/config (the demo, most CI runners) never needs at start-up.
 */
export async function sshConfigFor(text: string, host: string): Promise<SshConfigValues> {
  const { default: SSHConfig } = await import('ssh-config');
  return SSHConfig.parse(text).compute(host);
}

/**
 * Flag/env values win over ssh_config (as `ssh -p` and `user@` do); ssh_config (`computed`, from
 * sshConfigFor; {} without a config) fills the rest; the user defaults to the local login name and the
 * port to 22, as OpenSSH does.
 */
export function resolveSshTarget(input: SshTargetInput, computed: SshConfigValues, homedir: string, localUser: string): SshTarget {
  const fromConfig: string[] = [];
  const cfgHostName = first(computed.HostName);
  const cfgUser = first(computed.User);
  const cfgPort = first(computed.Port);
  const hostName = cfgHostName ? cfgHostName.replace(/%h/g, input.host) : input.host;
  if (cfgHostName) fromConfig.push('HostName');
  let user = input.user;
  if (!user && cfgUser) {
    user = cfgUser;
    fromConfig.push('User');
  }
  let port = input.port;
  if (port === undefined && cfgPort && /^\d+$/.test(cfgPort)) {
    port = Number(cfgPort);
    fromConfig.push('Port');
  }
  const idRaw = computed.IdentityFile;
  const identityFiles = (Array.isArray(idRaw) ? idRaw : idRaw ? [idRaw] : []).map((p) => expandHome(p.replace(/^"|"$/g, ''), homedir));
  if (identityFiles.length) fromConfig.push('IdentityFile');
  const hostKeyAlias = first(computed.HostKeyAlias);
  const ukhRaw = first(computed.UserKnownHostsFile)?.split(/\s+/)[0];
  // /dev/null there means "trust anything": ghcr-doctor never does, so the default file is used instead.
  const userKnownHostsFile = ukhRaw && ukhRaw !== '/dev/null' ? expandHome(ukhRaw, homedir) : undefined;
  return {
    alias: input.host,
    hostName,
    port: port ?? 22,
    user: user ?? localUser,
    identityFiles,
    fromConfig,
    ...(hostKeyAlias ? { hostKeyAlias } : {}),
    ...(userKnownHostsFile ? { userKnownHostsFile } : {}),
  };
}

/** `USER@HOST:PORT`, the port always written (the contract's `target.server`). */
export function describeTarget(t: Pick<SshTarget, 'user' | 'alias' | 'port'>): string {
  const host = t.alias.includes(':') ? `[${t.alias}]` : t.alias;
  return `${t.user}@${host}:${t.port}`;
}
