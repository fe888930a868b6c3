import type { EngineEvent, EngineListener } from '../engine/types.js';

export interface BufferedRun {
  /**
   * Events the run emitted so far and nobody took yet (at the start: every check with nothing to
   * wait for starts at once). Reading takes them.
   */
  readonly early: EngineEvent[];
  /** Hands over what came since, in order, then forwards the rest as it comes. */
  attach(listener: EngineListener): void;
}

/**
 * Starts a run before anyone listens, keeping its events: the App builds its first state from the
 * early ones, so the first frame already shows the checks running instead of an empty screen. The
 * terminal command starts it even before Ink has loaded (see tui/command.ts).
 */
export function startBuffered(run: (listener: EngineListener) => Promise<void>): BufferedRun {
  const pending: EngineEvent[] = [];
  let live: EngineListener | undefined;
  void run((event) => (live ? live(event) : pending.push(event)));
  return {
    get early() {
      return pending.splice(0);
    },
    attach(listener) {
      for (const event of pending.splice(0)) listener(event);
      live = listener;
    },
  };
}
