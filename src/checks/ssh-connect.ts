import path from 'node:path';
import type { Finding } from '../engine/types.js';
import type { DiagnosisCheck, DiagnosisContext } from '../diagnosis/context.js';
import { finding } from '../engine/findings.js';
import { fix, type FixEnv } from '../engine/fixes.js';
import { SshAuthError, SshHostKeyError, SshUnreachableError } from '../ssh/connector.js';
import { loadKeyCandidates } from '../ssh/keys.js';
import { describeTarget, expandHome, resolveSshTarget, sshConfigFor, type SshTarget } from '../ssh/target.js';
import { knownHostsName } from '../ssh/known-hosts.js';
import { pinFor } from '../ssh/host-key-pins.js';
import { ServerConnection, type ServerFacts } from './server-facts.js';
import { RegistryProbe } from './server-registry.js';

async function readOptional(ctx: DiagnosisContext, file: string): Promise<string | undefined> {
  try {
    return (await ctx.io.fs.readFile(file)).toString('utf8');
  } catch {
    return undefined;
  }
}

const CONNECT_TIMEOUT_MS = 15_000;
const PROMPT_TIMEOUT_MS = 300_000;
const GLOBAL_KNOWN_HOSTS = '/etc/ssh/ssh_known_hosts';

/**
 * Connects to the deploy server once: ~/.ssh/config, host trust (known_hosts incl. hashed and
 * `[host]:port`, or a --host-key pin) before any user authentication, then agent/keys. Everything
 * the server.* checks do runs over this connection.
 *
 * Decisions: an encrypted key in --ci is not an exit 2 but `ssh.auth-failed` whose evidence
 * `skipped` says why (the report still shows everything else, and the agent may hold a key that
 * works). A --ssh-key / SERVER_SSH_KEY path that cannot be read is refused earlier, as bad input (exit 2). Interactive runs get the passphrase and
 * unknown-host-key prompts through the run's prompt port (ctx.ports.prompts), which only the TUI supplies;
 * the connection comes from ctx.ports.ssh (ssh2, the demo's server, a test's fake).
 */
export const sshConnectCheck: DiagnosisCheck = {
  id: 'ssh.connect',
  title: 'SSH to the deploy server',
  dependsOn: [],
  writes: ['server'],
  timeoutMs: CONNECT_TIMEOUT_MS + 5_000,
  // A person answering a host-key or passphrase prompt needs longer than a network handshake.
  askingTimeoutMs: PROMPT_TIMEOUT_MS,
  waitsOn: 'the deploy server (SSH)',
  async run(ctx, signal) {
    const input = ctx.inputs.ssh;
    if (!input) return { status: 'skip', summary: 'no deploy server given (--ssh or SERVER_HOST)' };
    const { io } = ctx;
    const home = io.homedir;
    const sshConfig = await readOptional(ctx, path.join(home, '.ssh', 'config'));
    const localUser = io.env.USER ?? io.env.LOGNAME ?? 'root';
    const target = resolveSshTarget(input, sshConfig ? await sshConfigFor(sshConfig, input.host) : {}, home, localUser);
    const where = describeTarget(target);

    // As OpenSSH: the user file (--known-hosts, else ssh_config UserKnownHostsFile, else
    // ~/.ssh/known_hosts) plus the system-wide /etc/ssh/ssh_known_hosts unless --known-hosts is given.
    const knownHostsPath = ctx.inputs.knownHosts
      ? expandHome(ctx.inputs.knownHosts, home)
      : (target.userKnownHostsFile ?? path.join(home, '.ssh', 'known_hosts'));
    const userKnownHosts = await readOptional(ctx, knownHostsPath);
    const globalKnownHosts = ctx.inputs.knownHosts ? undefined : await readOptional(ctx, GLOBAL_KNOWN_HOSTS);
    const present = [userKnownHosts, globalKnownHosts].filter((t): t is string => t !== undefined);
    const knownHostsText = present.length ? present.join('\n') : undefined;
    const { keys, missing } = await loadKeyCandidates({ explicit: ctx.inputs.sshKey, identityFiles: target.identityFiles, homedir: home }, io.fs);
    const explicitMissing = ctx.inputs.sshKey && keys.length === 0 ? missing : [];
    const agentSocket = ctx.inputs.sshKey ? undefined : io.env.SSH_AUTH_SOCK || undefined;

    const connector = ctx.ports.ssh;
    const prompts = ctx.inputs.interactive ? ctx.ports.prompts : undefined;
    const confirmUnknownHostKey = prompts?.confirmUnknownHostKey;
    const request = {
      target,
      keys,
      agentSocket,
      askPassphrase: rememberingAnswers(prompts?.askPassphrase),
      // Network time only (prompts pause it), inside the overall --timeout, so an unanswered port
      // is reported as ssh.unreachable (timeout) rather than as a check that ran out of time.
      timeoutMs: Math.min(CONNECT_TIMEOUT_MS, Math.max(1_000, Math.floor(ctx.inputs.timeoutMs * 0.75))),
    };
    try {
      const connected = await connector.connect({
        ...request,
        trust: {
          knownHostsText,
          // With several servers, each has its own pin (--host-key HOST[:PORT]=…) or the one for all.
          pin: pinFor(ctx.inputs, [input.host, target.hostName], target.port),
          confirmUnknown: confirmUnknownHostKey ? (fp) => confirmUnknownHostKey(fp, target) : undefined,
        },
        signal,
      });
      const facts: ServerFacts = {
        target,
        hostKeyFingerprint: connected.hostKeyFingerprint,
        connection: new ServerConnection(
          connected.session,
          async (sig) =>
            (await connector.connect({ ...request, timeoutMs: CONNECT_TIMEOUT_MS, trust: { pin: connected.hostKeyFingerprint }, signal: sig })).session,
        ),
        registry: ctx.inputs.image ? new RegistryProbe(io.fetch, ctx.inputs.image.registry, () => io.clock.now()) : undefined,
      };
      ctx.facts.server = facts;
      return {
        status: 'pass',
        summary: `${where}: host key ${connected.hostKeyFingerprint} (${connected.trustedBy}), signed in with ${connected.authenticatedWith?.label ?? 'a key'}`,
      };
    } catch (error) {
      const f = sshFinding(error, target, where, knownHostsPath, userKnownHosts !== undefined, explicitMissing, { apiUrl: ctx.inputs.apiUrl, target: where });
      if (!f) throw error;
      return { status: 'fail', summary: f.title, findings: [f] };
    }
  },
};

/**
 * A passphrase asked once per key: the reconnects of later re-checks and fixes (every run closes its
 * connections) reuse the answer instead of asking again.
 */
function rememberingAnswers(ask: ((keyLabel: string) => Promise<string | undefined>) | undefined) {
  if (!ask) return undefined;
  const answers = new Map<string, string | undefined>();
  return async (keyLabel: string) => {
    if (!answers.has(keyLabel)) answers.set(keyLabel, await ask(keyLabel));
    return answers.get(keyLabel);
  };
}

function sshFinding(
  error: unknown,
  target: SshTarget,
  where: string,
  knownHostsPath: string,
  knownHostsExists: boolean,
  explicitMissing: string[],
  fixEnv: FixEnv,
): Finding | undefined {
  const check = 'ssh.connect';
  if (error instanceof SshUnreachableError) {
    const what = { dns: 'the name does not resolve', refused: 'the connection was refused', timeout: 'no answer in time', connect: 'the connection failed' }[
      error.kind
    ];
    return finding('ssh.unreachable', check, {
      title: `Cannot reach ${target.hostName}:${target.port}: ${what}`,
      detail: `${where} could not be reached (${error.message}). Nothing on the server could be judged. Check the host name, the port (SERVER_PORT), a firewall or security group, and that sshd runs.`,
      evidence: { kind: error.kind, host: target.hostName, port: target.port, ...(error.code ? { code: error.code } : {}) },
    });
  }
  if (error instanceof SshHostKeyError) {
    const name = knownHostsName(target.hostKeyAlias ?? target.hostName, target.port);
    if (error.verdict === 'unknown') {
      return finding('ssh.host-key-unknown', check, {
        title: `${name} is not a known host`,
        detail: `The server presented ${error.fingerprint}, but ${knownHostsExists ? knownHostsPath : `${knownHostsPath} (missing)`} has no entry for ${name} and no --host-key pin was given, so no credentials were sent. Compare the fingerprint with the one printed on the server itself, then pin it.`,
        evidence: { fingerprint: error.fingerprint, host: name, knownHosts: knownHostsPath, ...(error.keyType ? { keyType: error.keyType } : {}) },
        fixes: [fix('ssh.verify-host-key', fixEnv), fix('ssh.pin-host-key', fixEnv, { where, fingerprint: error.fingerprint })],
      });
    }
    return finding('ssh.host-key-mismatch', check, {
      title: `The host key of ${name} has changed`,
      detail: `The server presented ${error.fingerprint}; expected ${error.expected.join(' or ')} (${error.reason}). This can be a reinstalled server or a machine in the middle: nothing was sent to it. Verify the new key on the server console before replacing the old one.`,
      evidence: {
        fingerprint: error.fingerprint,
        expected: error.expected[0] ?? '',
        ...(error.expected.length > 1 ? { expectedAll: error.expected } : {}),
        host: name,
        knownHosts: knownHostsPath,
      },
      fixes: [fix('ssh.verify-host-key', fixEnv)],
    });
  }
  if (error instanceof SshAuthError) {
    const offered = error.offered.map((k) => ({ source: k.source, key: k.label, ...(k.fingerprint ? { fingerprint: k.fingerprint } : {}) }));
    const skipped = [...error.skipped.map((s) => ({ key: s.label, reason: s.reason })), ...explicitMissing.map((p) => ({ key: p, reason: 'cannot be read' }))];
    return finding('ssh.auth-failed', check, {
      title: offered.length ? `${target.user}@${target.hostName} refused every key offered` : `No usable SSH key for ${target.user}@${target.hostName}`,
      detail: offered.length
        ? `The server did not accept ${offered.map((k) => k.fingerprint ?? k.key).join(', ')} for user ${target.user}. Add the deploy key's public half to ~${target.user}/.ssh/authorized_keys, or pass the right key with --ssh-key / SERVER_SSH_KEY.`
        : `Nothing could be offered to ${where}${skipped.length ? `: ${skipped.map((s) => `${s.key} (${s.reason})`).join('; ')}` : ''}. Pass a key with --ssh-key / SERVER_SSH_KEY or start ssh-agent.`,
      evidence: { user: target.user, offered, ...(skipped.length ? { skipped } : {}) },
    });
  }
  return undefined;
}
