/**
 * Questions a check asks while the diagnosis runs (trust an unknown SSH host key, an encrypted key's
 * passphrase). Ink owns stdin then, so the Ink app answers them; this broker connects the check's
 * hook (a promise) to whatever view is subscribed. No React here.
 */
export type Question = { id: number; kind: 'confirm'; message: string; detail: string[] } | { id: number; kind: 'secret'; message: string; detail: string[] };

type Answer = boolean | string | undefined;

export class QuestionBroker {
  private next = 1;
  private readonly pending = new Map<number, { q: Question; resolve: (a: Answer) => void }>();
  private listener: ((q: Question | undefined) => void) | undefined;

  confirm(message: string, detail: string[] = []): Promise<boolean> {
    return this.ask({ id: this.next++, kind: 'confirm', message, detail }).then((a) => a === true);
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
      if (this.current()?.id === q.id) this.listener?.(q);
    });
  }
}
