import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';
import type { Intent, ProbeMode } from '../diagnosis/inputs.js';
import { errorLine } from '../engine/text.js';

/** The longest --timeout Node's timers can hold (2^31-1 ms), in seconds. */
const MAX_TIMEOUT_SECONDS = Math.floor(0x7fffffff / 1000);

export type Command = 'diagnose' | 'explain' | 'lint' | 'learn' | 'demo';

/** Flags as typed on the command line; environment and defaults are applied in config.ts. */
export interface ParsedArgs {
  command: Command;
  positionals: string[];
  help: boolean;
  version: boolean;
  ci: boolean;
  json: boolean;
  verbose: boolean;
  noColor: boolean;
  image?: string;
  user?: string;
  tokenFile?: string;
  tokenStdin: boolean;
  pullSecret?: string;
  apiUrl?: string;
  statusUrl?: string;
  noStatus: boolean;
  repo?: string;
  secretName?: string;
  workflows?: string;
  /** Every `--ssh` given, in order (empty when none). */
  ssh: string[];
  parallel?: number;
  hosts?: string;
  hostPattern?: string;
  sshKey?: string;
  knownHosts?: string;
  /** Every `--host-key` given: `SHA256:…` for every server, `HOST=…` / `HOST:PORT=…` for some (empty when none). */
  hostKey: string[];
  deployPath?: string;
  probe?: ProbeMode;
  intent?: Intent;
  timeoutSeconds?: number;
  strict: boolean;
  expectPublic: boolean;
  scenario?: string;
  demo: boolean;
}

const COMMANDS = new Set<Command>(['explain', 'lint', 'learn', 'demo']);

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  ci: { type: 'boolean' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  image: { type: 'string' },
  user: { type: 'string' },
  'token-file': { type: 'string' },
  'token-stdin': { type: 'boolean' },
  'pull-secret': { type: 'string' },
  'api-url': { type: 'string' },
  'status-url': { type: 'string' },
  'no-status': { type: 'boolean' },
  repo: { type: 'string' },
  'secret-name': { type: 'string' },
  workflows: { type: 'string' },
  ssh: { type: 'string', multiple: true },
  parallel: { type: 'string' },
  hosts: { type: 'string' },
  'host-pattern': { type: 'string' },
  'ssh-key': { type: 'string' },
  'known-hosts': { type: 'string' },
  'host-key': { type: 'string', multiple: true },
  'deploy-path': { type: 'string' },
  probe: { type: 'string' },
  intent: { type: 'string' },
  timeout: { type: 'string' },
  strict: { type: 'boolean' },
  'expect-public': { type: 'boolean' },
  scenario: { type: 'string' },
  demo: { type: 'boolean' },
} as const;

/** Flags that would put a secret on the command line; refused with a pointer to the safe way. */
const SECRET_FLAGS = ['--token', '--password', '-p', '--pat'];

export function parseCliArgs(argv: string[]): ParsedArgs {
  for (const arg of argv) {
    const name = arg.split('=')[0]!;
    if (SECRET_FLAGS.includes(name)) {
      throw new UsageError(`${name} is not supported: a token on the command line is visible in ps`, [
        'use --token-file PATH, --token-stdin, or the GHCR_TOKEN environment variable',
      ]);
    }
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(parserMessage(errorLine(error)), ['see ghcr-doctor --help']);
  }
  const v = parsed.values;
  const positionals = [...parsed.positionals];
  let command: Command = 'diagnose';
  // `ghcr-doctor help [COMMAND]`, as gh, docker and kubectl take it: the same as --help.
  let helpCommand = false;
  if (positionals[0] === 'help') {
    helpCommand = true;
    positionals.shift();
  }
  if (positionals.length > 0 && COMMANDS.has(positionals[0] as Command)) {
    command = positionals.shift() as Command;
  } else if (positionals.length > 0) {
    const near = nearest(positionals[0]!, [...COMMANDS]);
    throw new UsageError(`unknown command "${positionals[0]}"${near ? `: did you mean ${near}?` : ''}`, [
      'commands: explain, lint, learn, demo; see ghcr-doctor --help',
    ]);
  }
  if ((command === 'diagnose' || command === 'learn' || command === 'demo') && positionals.length > 0) {
    throw new UsageError(`unexpected argument "${positionals[0]}"`, ['see ghcr-doctor --help']);
  }

  let probe: ProbeMode | undefined;
  if (v.probe !== undefined) {
    if (v.probe !== 'none' && v.probe !== 'session' && v.probe !== 'push') {
      throw new UsageError(`--probe must be none, session or push, not "${v.probe}"`);
    }
    probe = v.probe;
  }
  const intent = v.intent === undefined ? undefined : parseIntent(v.intent, '--intent');
  let timeoutSeconds: number | undefined;
  if (v.timeout !== undefined) {
    timeoutSeconds = Number(v.timeout);
    if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
      throw new UsageError(`--timeout must be a positive number of seconds, not "${v.timeout}"`);
    }
    // Node's timers stop at 2^31-1 ms (about 24 days): a longer budget means "no budget", so it is that.
    timeoutSeconds = Math.min(timeoutSeconds, MAX_TIMEOUT_SECONDS);
  }
  let parallel: number | undefined;
  if (v.parallel !== undefined) {
    parallel = Number(v.parallel);
    if (!Number.isInteger(parallel) || parallel < 1) {
      throw new UsageError(`--parallel must be a whole number of servers (1 or more), not "${v.parallel}"`);
    }
  }
  if (v['host-pattern'] !== undefined && v.hosts === undefined) {
    throw new UsageError('--host-pattern selects hosts of a --hosts file: pass --hosts FILE too');
  }
  if (v['token-file'] !== undefined && v['token-stdin']) {
    throw new UsageError('--token-file and --token-stdin cannot be used together');
  }
  for (const [flag, value] of Object.entries(v)) {
    const values = Array.isArray(value) ? value : [value];
    if (values.some((x) => typeof x === 'string' && x.trim() === '')) throw new UsageError(`--${flag} needs a value`);
  }

  return {
    command,
    positionals,
    help: helpCommand || (v.help ?? false),
    version: v.version ?? false,
    ci: v.ci ?? false,
    json: v.json ?? false,
    verbose: v.verbose ?? false,
    noColor: v['no-color'] ?? false,
    image: v.image,
    user: v.user,
    tokenFile: v['token-file'],
    tokenStdin: v['token-stdin'] ?? false,
    pullSecret: v['pull-secret'],
    apiUrl: v['api-url'],
    statusUrl: v['status-url'],
    noStatus: v['no-status'] ?? false,
    repo: v.repo,
    secretName: v['secret-name'],
    workflows: v.workflows,
    ssh: v.ssh ?? [],
    parallel,
    hosts: v.hosts,
    hostPattern: v['host-pattern'],
    sshKey: v['ssh-key'],
    knownHosts: v['known-hosts'],
    hostKey: v['host-key'] ?? [],
    deployPath: v['deploy-path'],
    probe,
    intent,
    timeoutSeconds,
    strict: v.strict ?? false,
    expectPublic: v['expect-public'] ?? false,
    scenario: v.scenario,
    demo: v.demo ?? false,
  };
}

/** `push` or `pull`, from --intent or GHCR_DOCTOR_INTENT; anything else is bad usage (exit 2). */
export function parseIntent(raw: string, source: string): Intent {
  const v = raw.trim().toLowerCase();
  if (v === 'push' || v === 'pull') return v;
  throw new UsageError(`${source} must be push or pull, not "${raw}" (pull: a server or cluster that only pulls)`);
}

/** Node's parser messages in the words of this tool, with the nearest known flag for a typo. */
function parserMessage(raw: string): string {
  const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(raw);
  if (unknown) {
    const flag = unknown[1]!;
    const near = nearest(flag.replace(/^-+/, ''), Object.keys(OPTIONS));
    return `unknown option ${flag}${near ? `: did you mean --${near}?` : ''}`;
  }
  const missing = /Option '(-{1,2}[^ ']+)[^']*' argument missing/.exec(raw);
  if (missing) return `${missing[1]} needs a value`;
  // `--image --ci`: Node calls the next flag an ambiguous value; almost always the value was forgotten.
  const ambiguous = /Option '(-{1,2}[^ ']+)[^']*' argument is ambiguous/.exec(raw);
  if (ambiguous) return `${ambiguous[1]} needs a value (a value that starts with - is written ${ambiguous[1]}=VALUE)`;
  const unexpected = /Option '(-{1,2}[^ ']+)[^']*' does not take an argument/.exec(raw);
  if (unexpected) return `${unexpected[1]} takes no value`;
  return raw.replace(/^TypeError \[[A-Z_]+\]: /, '').replace(/\. To specify a positional argument.*$/, '');
}

/** The candidate within two edits of `word` (a typo), if there is one. */
export function nearest(word: string, candidates: string[]): string | undefined {
  let best: { c: string; d: number } | undefined;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c);
    if (d <= 2 && (!best || d < best.d)) best = { c, d };
  }
  return best?.c;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}
