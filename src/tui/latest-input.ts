/**
 * useInput whose keys each see the view the key before them produced. Ink hands every key to the
 * handler of the last render, but a state change from a key is rendered a moment later (React flushes
 * it in a microtask), and Ink re-subscribes the handler later still (in an effect): a second key read
 * in the same moment (a fast typist, a loaded machine, a paste) would be judged by the view before and
 * be lost or misread (Enter on a new learn page taken as "next page" again). So keys queue: the first
 * is handled at once, each next one after the previous one's update has been rendered, by the handler
 * of that render (read from a ref set during render).
 */
import { useRef } from 'react';
import { useInput, type Key } from 'ink';

export type InputHandler = (input: string, key: Key) => void;

export function useLatestInput(handler: InputHandler, options?: { isActive?: boolean }): void {
  const latest = useRef(handler);
  latest.current = handler;
  const queue = useRef<Array<[string, Key]>>([]);
  const busy = useRef(false);
  const stable = useRef<InputHandler>((input, key) => {
    queue.current.push([input, key]);
    if (busy.current) return;
    const pump = () => {
      const next = queue.current.shift();
      busy.current = next !== undefined;
      if (!next) return;
      latest.current(next[0], next[1]);
      // After the microtask in which React renders what this key changed.
      setImmediate(pump);
    };
    pump();
  });
  useInput(stable.current, options);
}
