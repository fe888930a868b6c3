/**
 * The line a terminal shows while Ink and React load (a few hundred KiB to parse): the checks that
 * already run, so the screen answers at once. It is one line without a newline, written where Ink's
 * first frame will go and erased just before it. No React here.
 */
import type { EngineEvent, EngineListener } from '../engine/types.js';

/** Ink's first spinner glyph (CheckRow), so the line reads as the same view starting. */
const SPINNER = '⠋';

export class LoadingLine {
  private readonly running = new Map<string, string>();

  /** Wraps the run's listener: notes which checks are running. */
  watch(listener: EngineListener): EngineListener {
    return (event: EngineEvent) => {
      if (event.type === 'check:start') this.running.set(event.id, event.title);
      else if (event.type === 'check:done' || event.type === 'check:skipped') this.running.delete(event.check.id);
      listener(event);
    };
  }

  /** The line, at most `width - 1` columns (a full-width line would wrap and leave a row behind). */
  text(width: number): string {
    const titles = [...this.running.values()];
    const line = `${SPINNER} ${titles.length} checks running: ${titles.join(', ')}`;
    const max = Math.max(10, width - 1);
    return line.length > max ? `${line.slice(0, max - 1)}…` : line;
  }
}

/** Puts the cursor back at the start of the line and clears it. */
export const ERASE_LINE = '\r\u001b[2K';
