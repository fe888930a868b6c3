import SSHConfig from 'ssh-config';
import type { SshTargetInput } from '../diagnosis/inputs.js';

/** A --hosts file that cannot be used; the CLI turns it into exit 2 with this one line. */
export class HostsFileError extends Error {}

export interface HostsFileOptions {
  /** Shown in messages and as each target's source: `--hosts ~/inventory.ini`. */
  label: string;
  /** `--host-pattern`: comma-separated globs over host aliases and (Ansible) group names. */
  pattern?: string;
  /**
   * The file is the user's own ~/.ssh/config: its aliases are kept as the host, so ssh.connect resolves
   * them there with everything else the entry says (IdentityFile, HostKeyAlias), as `ssh ALIAS` would.
   */
  isUserSshConfig?: boolean;
  /** Parses one `USER@HOST[:PORT]`; throws with a one-line reason (the CLI's own parser). */
  parseTarget: (raw: string, source: string) => SshTargetInput;
}

export type HostsFileKind = 'list' | 'ssh-config' | 'ansible-ini' | 'ansible-yaml';

/** Concrete `Host` aliases of an OpenSSH config (no wildcards or negations), in file order. */
export function sshConfigHosts(config: SSHConfig): string[] {
  const out: string[] = [];
  for (const line of config) {
    if (line.type !== SSHConfig.DIRECTIVE || line.param.toLowerCase() !== 'host') continue;
    const values = Array.isArray(line.value) ? line.value.map((v) => v.val) : String(line.value).split(/\s+/);
    for (const v of values) if (v && !/[*?!]/.test(v)) out.push(v);
  }
  return out;
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

function matcher(pattern: string | undefined): (names: string[]) => boolean {
  if (!pattern) return () => true;
  const globs = pattern
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map(globToRegExp);
  return (names) => names.some((n) => globs.some((g) => g.test(n)));
}

const meaningful = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.replace(/^\uFEFF/, '').trim())
    .filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith(';'));

/** Which format a --hosts file is in, from its first meaningful lines. */
export function hostsFileKind(text: string): HostsFileKind {
  const lines = meaningful(text);
  if (lines.some((l) => /^(Host|Match)\s+\S/i.test(l))) return 'ssh-config';
  if (lines[0] === '---' || /^[\w.-]+:\s*$/.test(lines[0] ?? '')) return 'ansible-yaml';
  if (lines.some((l) => /^\[[^\]]+\]$/.test(l) || /\bansible_\w+=/.test(l))) return 'ansible-ini';
  return 'list';
}

function portOf(value: unknown, where: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new HostsFileError(`${where}: port "${String(value)}" is not a port number`);
  return port;
}

function fromList(text: string, o: HostsFileOptions): SshTargetInput[] {
  const match = matcher(o.pattern);
  const out: SshTargetInput[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw
      .replace(/^\uFEFF/, '')
      .replace(/\s+#.*$/, '')
      .trim();
    if (line === '' || line.startsWith('#')) return;
    let target: SshTargetInput;
    try {
      target = o.parseTarget(line, `${o.label} line ${i + 1}`);
    } catch (error) {
      throw new HostsFileError(error instanceof Error ? error.message : String(error));
    }
    if (match([target.host])) out.push({ ...target, source: o.label });
  });
  return out;
}

function fromSshConfig(text: string, o: HostsFileOptions): SshTargetInput[] {
  const config = SSHConfig.parse(text);
  const match = matcher(o.pattern);
  return sshConfigHosts(config)
    .filter((alias) => match([alias]))
    .map((alias) => {
      const source = `${o.label} Host ${alias}`;
      if (o.isUserSshConfig) return { host: alias, source };
      const c = config.compute(alias) as Record<string, string | string[] | undefined>;
      const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
      const hostName = first(c.HostName)?.replace(/%h/g, alias);
      return { host: hostName ?? alias, user: first(c.User), port: portOf(first(c.Port), source), source };
    });
}

interface AnsibleHost {
  alias: string;
  vars: Record<string, unknown>;
  groups: Set<string>;
}

function ansibleTargets(hosts: Map<string, AnsibleHost>, o: HostsFileOptions): SshTargetInput[] {
  const match = matcher(o.pattern);
  return [...hosts.values()]
    .filter((h) => match([h.alias, ...h.groups]))
    .map((h) => {
      const source = `${o.label} host ${h.alias}`;
      const host = typeof h.vars.ansible_host === 'string' && h.vars.ansible_host ? h.vars.ansible_host : h.alias;
      const user = h.vars.ansible_user ?? h.vars.ansible_ssh_user;
      return { host, user: typeof user === 'string' && user ? user : undefined, port: portOf(h.vars.ansible_port ?? h.vars.ansible_ssh_port, source), source };
    });
}

/** `key=value key2="v 2"` after a host name in an INI inventory. */
function iniVars(rest: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const m of rest.matchAll(/\b(\w+)=("([^"]*)"|'([^']*)'|\S+)/g)) vars[m[1]!] = m[3] ?? m[4] ?? m[2]!;
  return vars;
}

/** Ansible INI: `[group]` host lines with vars, `[group:vars]`, `[group:children]`. */
function fromAnsibleIni(text: string, o: HostsFileOptions): SshTargetInput[] {
  const hosts = new Map<string, AnsibleHost>();
  const groupVars = new Map<string, Record<string, string>>();
  const children = new Map<string, string[]>();
  let section = 'ungrouped';
  let mode: 'hosts' | 'vars' | 'children' = 'hosts';
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/^\uFEFF/, '').trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const header = /^\[([^\]:]+)(?::(vars|children))?\]$/.exec(line);
    if (header) {
      section = header[1]!;
      mode = (header[2] as 'vars' | 'children' | undefined) ?? 'hosts';
      return;
    }
    if (mode === 'vars') {
      const kv = /^(\w+)\s*=\s*(.*)$/.exec(line);
      if (kv) groupVars.set(section, { ...groupVars.get(section), [kv[1]!]: kv[2]!.replace(/^["']|["']$/g, '') });
      return;
    }
    if (mode === 'children') {
      children.set(section, [...(children.get(section) ?? []), line.split(/\s+/)[0]!]);
      return;
    }
    const [alias, ...rest] = line.split(/\s+/);
    if (/\[[^\]]*:[^\]]*\]/.test(alias!))
      throw new HostsFileError(`${o.label} line ${i + 1}: host ranges like ${alias} are not supported; list the hosts one per line`);
    const h = hosts.get(alias!) ?? { alias: alias!, vars: {}, groups: new Set<string>() };
    h.vars = { ...h.vars, ...iniVars(rest.join(' ')) };
    h.groups.add(section);
    hosts.set(alias!, h);
  });
  // A group's children make their hosts members of it too (transitively); group vars fill what a host lacks.
  const parentsOf = (group: string, seen = new Set<string>()): string[] => {
    const direct = [...children.entries()].filter(([, kids]) => kids.includes(group)).map(([parent]) => parent);
    return direct.flatMap((p) => (seen.has(p) ? [] : (seen.add(p), [p, ...parentsOf(p, seen)])));
  };
  for (const h of hosts.values()) {
    const groups = [...h.groups].flatMap((g) => [g, ...parentsOf(g)]);
    for (const g of groups) h.groups.add(g);
    const inherited = Object.assign({}, groupVars.get('all'), ...groups.reverse().map((g) => groupVars.get(g) ?? {}));
    h.vars = { ...inherited, ...h.vars };
  }
  return ansibleTargets(hosts, o);
}

/** Ansible YAML: `all: {hosts: {NAME: {ansible_host: …}}, vars: …, children: {GROUP: {hosts, vars, children}}}`. */
async function fromAnsibleYaml(text: string, o: HostsFileOptions): Promise<SshTargetInput[]> {
  const { parse } = await import('yaml');
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: 100 });
  } catch {
    throw new HostsFileError(`${o.label} is not valid YAML`);
  }
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObj(doc)) throw new HostsFileError(`${o.label} is not an Ansible inventory`);
  const hosts = new Map<string, AnsibleHost>();
  const walk = (name: string, group: unknown, inherited: Record<string, unknown>, path: string[], depth: number) => {
    if (!isObj(group) || depth > 20) return;
    const vars = { ...inherited, ...(isObj(group.vars) ? group.vars : {}) };
    const groups = [...path, name];
    if (isObj(group.hosts)) {
      for (const [alias, hv] of Object.entries(group.hosts)) {
        const h = hosts.get(alias) ?? { alias, vars: {}, groups: new Set<string>() };
        h.vars = { ...h.vars, ...vars, ...(isObj(hv) ? hv : {}) };
        for (const g of groups) h.groups.add(g);
        hosts.set(alias, h);
      }
    }
    if (isObj(group.children)) for (const [child, cg] of Object.entries(group.children)) walk(child, cg, vars, groups, depth + 1);
  };
  for (const [name, group] of Object.entries(doc)) walk(name, group, {}, [], 0);
  return ansibleTargets(hosts, o);
}

/**
 * Deploy targets from `--hosts FILE`: one `USER@HOST[:PORT]` per line (# comments, blank lines), an
 * OpenSSH config's concrete `Host` aliases, or an Ansible inventory (INI or YAML: ansible_host,
 * ansible_user, ansible_port; group vars and children). `--host-pattern` selects by alias or group.
 */
export async function readHostsFile(text: string, o: HostsFileOptions): Promise<{ kind: HostsFileKind; servers: SshTargetInput[] }> {
  const kind = hostsFileKind(text);
  const servers =
    kind === 'ssh-config'
      ? fromSshConfig(text, o)
      : kind === 'ansible-ini'
        ? fromAnsibleIni(text, o)
        : kind === 'ansible-yaml'
          ? await fromAnsibleYaml(text, o)
          : fromList(text, o);
  if (servers.length === 0) {
    throw new HostsFileError(o.pattern ? `${o.label}: no host matches --host-pattern ${o.pattern}` : `${o.label} names no server`);
  }
  return { kind, servers };
}
