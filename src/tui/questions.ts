/**
 * Questions a check asks while the diagnosis runs (trust an unknown SSH host key, an encrypted key's
 * passphrase). Ink owns stdin then, so the Ink app answers them; this broker connects the check's
 * hook (a promise) to whatever view is subscribed. No React here.
 */
export type Question =
  | { id: number; kind: 'confirm'; message: string; detail: string[] }
  | { id: number; kind: 'secret'; message: string; detail: string[] }
  /** An SSH host key not in known_hosts: one question per host and key, whichever servers (users) sit on it. */
  | { id: number; kind: 'host-key'; message: string; detail: string[]; host: string; port: number; fingerprint: string; servers: string[] };

export type HostKeyQuestion = Extract<Question, { kind: 'host-key' }>;

export interface UnknownHostKey {
  host: string;
  port: number;
  fingerprint: string;
  /** `USER@HOST:PORT` of the server asking. */
  server: string;
}

type Answer = boolean | string | undefined;

export class QuestionBroker {
  private next = 1;
  private readonly pending = new Map<number, { q: Question; resolve: (a: Answer) => void }>();
  private listener: ((q: Question | undefined) => void) | undefined;
  /** Host keys asked about in this run (`host:port fingerprint`): the answer, or the open question. */
  private readonly hostKeys = new Map<string, Promise<boolean>>();
  private readonly openHostKeys = new Map<string, HostKeyQuestion>();
  /** Passphrases asked for in this run, by key: several servers with one deploy key ask once. */
  private readonly passphrases = new Map<string, Promise<string | undefined>>();

  confirm(message: string, detail: string[] = []): Promise<boolean> {
    return this.ask({ id: this.next++, kind: 'confirm', message, detail }).then((a) => a === true);
  }

  /**
   * Trust an unknown host key for this run? Asked once per host, port and key: several deploy users on
   * one machine share the answer (and the question while it is open, which then names them all).
   */
  confirmHostKey(key: UnknownHostKey): Promise<boolean> {
    const id = `${key.host}:${key.port} ${key.fingerprint}`;
    const open = this.openHostKeys.get(id);
    if (open && !open.servers.includes(key.server)) {
      open.servers.push(key.server);
      this.listener?.(this.current());
    }
    const known = this.hostKeys.get(id);
    if (known) return known;
    const q: HostKeyQuestion = {
      id: this.next++,
      kind: 'host-key',
      message: `Trust the SSH host key of ${key.server}?`,
      detail: [
        `It is not in known_hosts. Fingerprint: ${key.fingerprint}`,
        'Compare it on the server: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub',
        'yes trusts it for this run only; nothing is added to known_hosts',
      ],
      host: key.host,
      port: key.port,
      fingerprint: key.fingerprint,
      servers: [key.server],
    };
    this.openHostKeys.set(id, q);
    const answer = this.ask(q).then((a) => {
      this.openHostKeys.delete(id);
      return a === true;
    });
    this.hostKeys.set(id, answer);
    return answer;
  }

  /**
   * An encrypted SSH key's passphrase, asked once per key for the whole run (eight servers with one
   * deploy key are one question; a wrong one fails on each the same way, so it is never asked again).
   */
  passphrase(keyLabel: string): Promise<string | undefined> {
    let answer = this.passphrases.get(keyLabel);
    if (!answer) {
      answer = this.secret(`Passphrase for the SSH key ${keyLabel}`);
      this.passphrases.set(keyLabel, answer);
    }
    return answer;
  }

  /** Every host-key question open now, in the order asked. */
  pendingHostKeys(): HostKeyQuestion[] {
    return [...this.pending.values()].map((p) => p.q).filter((q): q is HostKeyQuestion => q.kind === 'host-key');
  }

  /** Resolves undefined when the user gives up (esc) or the run is cancelled. */
  secret(message: string, detail: string[] = []): Promise<string | undefined> {
    return this.ask({ id: this.next++, kind: 'secret', message, detail }).then((a) => (typeof a === 'string' ? a : undefined));
  }

  /** The view that shows questions; it is told the current one (or none) at once and on each change. */
  subscribe(listener: (q: Question | undefined) => void): () => void {
    this.listener = listener;
    listener(this.current());
    return () => {
      if (this.listener === listener) this.listener = undefined;
    };
  }

  answer(id: number, value: Answer): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    p.resolve(value);
    this.listener?.(this.current());
  }

  /** Ctrl-C: every open question is answered "no". */
  cancelAll(): void {
    for (const id of [...this.pending.keys()]) this.answer(id, undefined);
  }

  current(): Question | undefined {
    return this.pending.values().next().value?.q;
  }

  private ask(q: Question): Promise<Answer> {
    return new Promise((resolve) => {
      this.pending.set(q.id, { q, resolve });
      // Told of every new question: host-key questions are listed together as they come.
      this.listener?.(this.current());
    });
  }
}
