/**
 * The line shown while Ink loads: the checks the engine has started and not finished, one line that
 * never wraps (it is erased with a single carriage return and clear-line).
 */
import { describe, expect, it } from 'vitest';
import { LoadingLine } from '../../src/tui/loading-line.js';
import { startBuffered } from '../../src/tui/buffered-run.js';
import type { EngineEvent, EngineListener } from '../../src/engine/types.js';

const start = (id: string, title: string): EngineEvent => ({ type: 'check:start', id, title, at: 0 });
const done = (id: string): EngineEvent => ({ type: 'check:done', check: { id, title: id, status: 'pass', durationMs: 1, summary: '', dependsOn: [] } });

describe('the loading line before the first Ink frame', () => {
  it('names the running checks, passes every event on, and fits in width - 1 columns', () => {
    const line = new LoadingLine();
    const seen: EngineEvent[] = [];
    const listener = line.watch((e) => seen.push(e));
    for (const e of [start('a', 'GitHub status'), start('b', 'Image reference'), start('c', 'Token'), done('b')]) listener(e);
    expect(seen).toHaveLength(4);
    expect(line.text(100)).toBe('⠋ 2 checks running: GitHub status, Token');
    const narrow = line.text(20);
    expect(narrow.length).toBe(19);
    expect(narrow.endsWith('…')).toBe(true);
  });

  it('a run started before the App: events that came meanwhile are taken once, the rest follow on attach', () => {
    let emit: EngineListener = () => undefined;
    const run = startBuffered(async (listener) => {
      emit = listener;
      listener(start('a', 'A'));
    });
    emit(start('b', 'B'));
    expect(run.early.map((e) => (e.type === 'check:start' ? e.id : ''))).toEqual(['a', 'b']);
    expect(run.early).toEqual([]);
    emit(done('a'));
    const later: EngineEvent[] = [];
    run.attach((e) => later.push(e));
    emit(done('b'));
    expect(later.map((e) => e.type)).toEqual(['check:done', 'check:done']);
  });
});
