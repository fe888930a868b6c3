import type { Connected, SshConnector, SshSession } from '../ssh/connector.js';

/**
 * Every SSH connection opened through one connector, until it is closed: the DiagnosisSession gives each
 * deploy server one of these, so whatever a check, a re-check or a fix opened is closed when that server's
 * run ends (or one of its checks crashes) and, at the latest, when the session closes.
 */
export class OpenConnections {
  readonly connector: SshConnector;
  private readonly open = new Set<SshSession>();
  private ended = false;

  constructor(inner: SshConnector) {
    this.connector = {
      connect: async (request) => this.track(await inner.connect(request)),
    };
  }

  /** Closes every connection still open; later ones are tracked again (a re-check reconnects). */
  closeAll(): void {
    for (const session of [...this.open]) session.close();
  }

  /** Closes everything and refuses what connects afterwards (a connect that was still under way). */
  end(): void {
    this.ended = true;
    this.closeAll();
  }

  private track(connected: Connected): Connected {
    const inner = connected.session;
    if (this.ended) {
      inner.close();
      throw new Error('the diagnosis ended while connecting');
    }
    let closed = false;
    const session: SshSession = {
      exec: (command, options) => inner.exec(command, options),
      writeFileExclusive: (path, data, mode) => inner.writeFileExclusive(path, data, mode),
      rename: (from, to) => inner.rename(from, to),
      stat: (path) => inner.stat(path),
      readFile: (path) => inner.readFile(path),
      // Once, whoever asks first (a fix's own finally, the end of the run, the session).
      close: () => {
        if (closed) return;
        closed = true;
        this.open.delete(session);
        inner.close();
      },
    };
    this.open.add(session);
    return { ...connected, session };
  }
}
