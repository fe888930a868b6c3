import ssh2 from 'ssh2';
import type { AuthenticationType, ClientChannel, ConnectConfig, SFTPWrapper } from 'ssh2';
import {
  SshAuthError,
  SshHostKeyError,
  SshUnreachableError,
  type ConnectRequest,
  type Connected,
  type ExecOptions,
  type ExecResult,
  type OfferedKey,
  type RemoteStat,
  type SkippedKey,
  type SshConnector,
  type SshSession,
  type UnreachableKind,
} from './connector.js';
import { decideHostTrust, preferredHostKeyAlgorithms } from './host-trust.js';
import { inspectKey } from './inspect-key.js';
import { sha256Fingerprint } from './fingerprint.js';
import { sanitizeText } from '../engine/sanitize.js';

/**
 * An error of the ssh library, whose message may carry the server's words (a disconnect reason, a
 * channel or SFTP failure text): the same error, its message sanitised once, here.
 */
function fromServer<E extends Error>(error: E): E {
  error.message = sanitizeText(error.message);
  return error;
}

const { Client, OpenSSHAgent } = ssh2;

function unreachableKind(error: NodeJS.ErrnoException & { level?: string }): UnreachableKind {
  if (error.level === 'client-timeout' || error.code === 'ETIMEDOUT') return 'timeout';
  if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN' || error.code === 'EAI_NONAME') return 'dns';
  if (error.code === 'ECONNREFUSED') return 'refused';
  return 'connect';
}

async function agentKeys(socket: string): Promise<OfferedKey[]> {
  return new Promise((resolve) => {
    try {
      new OpenSSHAgent(socket).getIdentities((err, keys) => {
        if (err || !keys) return resolve([{ source: 'agent', label: `ssh-agent (${socket})` }]);
        resolve(
          keys.map((entry) => {
            const k = entry as unknown as { comment?: string; type?: string; getPublicSSH(): Buffer };
            return {
              source: 'agent' as const,
              label: `ssh-agent: ${sanitizeText(k.comment || k.type || '')}`,
              fingerprint: sha256Fingerprint(k.getPublicSSH()),
            };
          }),
        );
      });
    } catch {
      resolve([{ source: 'agent', label: `ssh-agent (${socket})` }]);
    }
  });
}

/** The real connector: ssh2, with host verification before any user authentication. */
export const ssh2Connector: SshConnector = {
  async connect(req: ConnectRequest): Promise<Connected> {
    const { target, trust } = req;
    const offered: OfferedKey[] = [];
    const skipped: SkippedKey[] = [];
    const agentOffer = req.agentSocket ? await agentKeys(req.agentSocket) : [];

    // Auth plan: the agent first (as OpenSSH), then each file key; encrypted keys need a passphrase hook.
    type Step = { kind: 'agent' } | { kind: 'file'; index: number };
    const plan: Step[] = [...(req.agentSocket ? [{ kind: 'agent' as const }] : []), ...req.keys.map((_, index) => ({ kind: 'file' as const, index }))];
    for (const k of req.keys) if (k.unusable) skipped.push({ label: k.label, reason: k.unusable });

    // The handshake must finish within timeoutMs of network time; time spent on a prompt (host key,
    // passphrase) does not count, so ssh2's own readyTimeout is disabled and this clock is used.
    const clock = new HandshakeClock(req.timeoutMs);
    const prompting = async <T>(ask: () => Promise<T>): Promise<T> => {
      clock.pause();
      try {
        return await ask();
      } finally {
        clock.resume();
      }
    };
    // OpenSSH looks the key up under HostKeyAlias when set, else under the host it connects to.
    const trustName = target.hostKeyAlias ?? target.hostName;
    const client = new Client();
    let hostError: SshHostKeyError | undefined;
    let hostFingerprint = '';
    let trustedBy = '';
    let lastOffered: OfferedKey | undefined;

    const nextAuth = async (): Promise<AuthenticationType | false> => {
      while (plan.length > 0) {
        const step = plan.shift()!;
        if (step.kind === 'agent') {
          offered.push(...agentOffer);
          lastOffered = agentOffer[0];
          return { type: 'agent', username: target.user, agent: req.agentSocket! } as unknown as AuthenticationType;
        }
        const key = req.keys[step.index]!;
        if (key.unusable) continue;
        let passphrase: string | undefined;
        let fingerprint = key.fingerprint;
        if (key.encrypted) {
          const ask = req.askPassphrase;
          passphrase = ask ? await prompting(() => ask(key.label)) : undefined;
          if (passphrase === undefined) {
            skipped.push({ label: key.label, reason: 'encrypted and no passphrase can be asked for (--ci); use ssh-agent or an unencrypted deploy key' });
            continue;
          }
          const opened = inspectKey(key.label, key.material, passphrase);
          if (opened.unusable || opened.encrypted) {
            skipped.push({ label: key.label, reason: 'the passphrase did not open the key' });
            continue;
          }
          fingerprint = opened.fingerprint;
        }
        lastOffered = { source: 'file', label: key.label, fingerprint };
        offered.push(lastOffered);
        return { type: 'publickey', username: target.user, key: key.material, passphrase } as unknown as AuthenticationType;
      }
      return false;
    };

    const config: ConnectConfig = {
      host: target.hostName,
      port: target.port,
      username: target.user,
      readyTimeout: 2 ** 31 - 1,
      keepaliveInterval: 0,
      algorithms: { serverHostKey: preferredHostKeyAlgorithms(trust, trustName, target.port) as never },
      hostVerifier: ((key: Buffer, verify: (ok: boolean) => void) => {
        const decision = decideHostTrust(trust, trustName, target.port, key);
        hostFingerprint = decision.kind === 'refused' ? decision.error.fingerprint : decision.fingerprint;
        if (decision.kind === 'trusted') {
          trustedBy = decision.trustedBy;
          return verify(true);
        }
        if (decision.kind === 'refused') {
          hostError = decision.error;
          return verify(false);
        }
        const unknown = new SshHostKeyError(
          'unknown',
          decision.fingerprint,
          undefined,
          [],
          `${target.hostName} is not in known_hosts and no --host-key pin was given`,
        );
        if (!trust.confirmUnknown) {
          hostError = unknown;
          return verify(false);
        }
        const confirm = trust.confirmUnknown;
        prompting(() => confirm(decision.fingerprint)).then(
          (ok) => {
            if (ok) trustedBy = 'confirmed on screen';
            else hostError = unknown;
            verify(ok);
          },
          () => {
            hostError = unknown;
            verify(false);
          },
        );
      }) as never,
      authHandler: ((_methodsLeft: unknown, _partial: unknown, callback: (next: AuthenticationType | false) => void) => {
        nextAuth().then(callback, () => callback(false));
      }) as never,
    };

    return new Promise<Connected>((resolve, reject) => {
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clock.stop();
        req.signal?.removeEventListener('abort', onAbort);
        fn();
      };
      // destroy, not end: a server that accepted TCP and never speaks SSH would keep an ended socket open.
      const onAbort = () => {
        destroySocket(client);
        settle(() => reject(new SshUnreachableError('timeout', 'the connection attempt was cancelled')));
      };
      clock.start(() => {
        destroySocket(client);
        settle(() => reject(new SshUnreachableError('timeout', `no SSH handshake within ${Math.round(req.timeoutMs / 1000)} s`)));
      });
      req.signal?.addEventListener('abort', onAbort, { once: true });
      client.once('ready', () => {
        settle(() => resolve({ session: new Ssh2Session(client), hostKeyFingerprint: hostFingerprint, trustedBy, authenticatedWith: lastOffered! }));
      });
      client.on('error', (raw: NodeJS.ErrnoException & { level?: string }) => {
        const error = fromServer(raw);
        destroySocket(client);
        settle(() => {
          if (hostError) return reject(hostError);
          if (error.level === 'client-authentication') {
            const none = offered.length === 0 ? 'no usable key to offer' : 'the server refused every key offered';
            return reject(new SshAuthError(offered, skipped, none));
          }
          // Cut off while keys were being offered: sshd's MaxAuthTries ("Too many authentication
          // failures", an agent with many keys) disconnects instead of answering.
          if (trustedBy && offered.length > 0) return reject(new SshAuthError(offered, skipped, `the server ended authentication: ${error.message}`));
          reject(new SshUnreachableError(unreachableKind(error), error.message, error.code));
        });
      });
      client.once('close', () =>
        settle(() => {
          if (hostError) return reject(hostError);
          // Closed while keys were being offered: sshd's MaxAuthTries (an agent with many keys) does this.
          if (trustedBy && offered.length > 0)
            return reject(new SshAuthError(offered, skipped, 'the server closed the connection while keys were offered (too many keys for MaxAuthTries?)'));
          reject(new SshUnreachableError('connect', 'the server closed the connection'));
        }),
      );
      client.connect(config);
    });
  },
};

/**
 * Closes the TCP socket now. Not client.destroy(): ssh2 skips it once the socket was ended (by us or
 * by the server), and a server that never closes its side would keep the connection half-open.
 */
function destroySocket(client: InstanceType<typeof Client>): void {
  (client as unknown as { _sock?: { destroy(): void } })._sock?.destroy();
}

/** Far more than any command ghcr-doctor runs prints (a pull's progress is kilobytes). */
export const MAX_REMOTE_OUTPUT_BYTES = 4 * 1024 * 1024;

/** The server's command printed more than the cap: reading stopped, the command was killed. */
export class RemoteOutputTooLargeError extends Error {
  readonly expected = true;
  constructor(limit: number) {
    super(`the server's command printed more than ${limit / 1024 / 1024} MiB: stopped reading and ended it`);
  }
}

class Ssh2Session implements SshSession {
  private sftpPromise?: Promise<SFTPWrapper>;

  constructor(private readonly client: InstanceType<typeof Client>) {
    // Safety net: an open connection must never keep the process alive after the report is out.
    (client as unknown as { _sock?: { unref?: () => void } })._sock?.unref?.();
  }

  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    return new Promise((resolve, reject) => {
      this.client.exec(command, (err: Error | undefined, stream: ClientChannel) => {
        if (err) return reject(fromServer(err));
        const out: Buffer[] = [];
        const errOut: Buffer[] = [];
        // OpenSSH ignores the signal request: end of file on stdin, then the channel close, is what a
        // command that watches its stdin (PULL_SCRIPT) acts on.
        let stopped = false;
        const stop = () => {
          if (stopped) return;
          stopped = true;
          try {
            stream.end();
            stream.signal('KILL');
          } catch {
            /* the server may not support signals; closing the channel is enough */
          }
          stream.close();
        };
        const onAbort = () => {
          stop();
          reject(options.signal?.reason instanceof Error ? options.signal.reason : new Error('aborted'));
        };
        options.signal?.addEventListener('abort', onAbort, { once: true });
        // A command that prints without end must not take the process down: stop at the cap and say so.
        let length = 0;
        const collect = (into: Buffer[]) => (d: Buffer) => {
          length += d.length;
          if (length > MAX_REMOTE_OUTPUT_BYTES) {
            options.signal?.removeEventListener('abort', onAbort);
            stop();
            reject(new RemoteOutputTooLargeError(MAX_REMOTE_OUTPUT_BYTES));
            return;
          }
          into.push(d);
        };
        stream.on('data', collect(out));
        stream.stderr.on('data', collect(errOut));
        stream.on('close', (code: number | null, signal?: string) => {
          options.signal?.removeEventListener('abort', onAbort);
          resolve({ code: code ?? null, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(errOut) });
        });
        // Close stdin at once unless held: a command that reads it must see EOF, never hang.
        if (!options.holdStdin) stream.end(options.stdin ?? '');
      });
    });
  }

  private sftp(): Promise<SFTPWrapper> {
    this.sftpPromise ??= new Promise((resolve, reject) => this.client.sftp((err, sftp) => (err ? reject(fromServer(err)) : resolve(sftp))));
    return this.sftpPromise;
  }

  async writeFileExclusive(path: string, data: Buffer, mode: number): Promise<void> {
    const sftp = await this.sftp();
    await new Promise<void>((resolve, reject) => {
      sftp.open(path, 'wx', { mode }, (err, handle) => {
        if (err) return reject(fromServer(err));
        sftp.write(handle, data, 0, data.length, 0, (werr) => {
          sftp.close(handle, (cerr) => (werr || cerr ? reject(fromServer((werr ?? cerr)!)) : resolve()));
        });
      });
    });
  }

  async rename(from: string, to: string): Promise<void> {
    const sftp = await this.sftp();
    // posix-rename@openssh.com replaces the target atomically; plain SFTP rename refuses to.
    await new Promise<void>((resolve, reject) => sftp.ext_openssh_rename(from, to, (err) => (err ? reject(fromServer(err)) : resolve())));
  }

  async stat(path: string): Promise<RemoteStat | undefined> {
    const sftp = await this.sftp();
    return new Promise((resolve, reject) =>
      sftp.stat(path, (err, st) => {
        if (err) return (err as { code?: number }).code === 2 ? resolve(undefined) : reject(fromServer(err));
        resolve({ mode: st.mode & 0o7777, uid: st.uid, size: st.size });
      }),
    );
  }

  async readFile(path: string): Promise<Buffer> {
    const sftp = await this.sftp();
    return new Promise((resolve, reject) => sftp.readFile(path, (err: Error | undefined, data: Buffer) => (err ? reject(fromServer(err)) : resolve(data))));
  }

  /** A polite disconnect, then the socket is destroyed whatever the server does (it may never answer). */
  close(): void {
    this.client.end();
    setTimeout(() => destroySocket(this.client), 500).unref();
  }
}

/** A deadline that does not run while paused (a person answering a prompt is not the network). */
class HandshakeClock {
  private timer?: NodeJS.Timeout;
  private remaining: number;
  private startedAt = 0;
  private onExpire?: () => void;

  constructor(budgetMs: number) {
    this.remaining = budgetMs;
  }

  start(onExpire: () => void): void {
    this.onExpire = onExpire;
    this.resume();
  }

  pause(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.remaining = Math.max(0, this.remaining - (Date.now() - this.startedAt));
  }

  resume(): void {
    if (!this.onExpire || this.timer) return;
    this.startedAt = Date.now();
    this.timer = setTimeout(this.onExpire, this.remaining);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.onExpire = undefined;
  }
}
