/**
 * The width the UI lays itself out in: the terminal's, capped for reading (long lines of prose are hard
 * to follow past ~120 columns) and never below 40; and its height. Both follow a resize.
 */
import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

export const MAX_WIDTH = 120;
export const MIN_WIDTH = 40;

/** Columns to lay out in, from the terminal's (80 when unknown). */
export function layoutWidth(columns: number | undefined): number {
  return Math.max(MIN_WIDTH, Math.min(columns || 80, MAX_WIDTH));
}

export function useTerminalSize(): { width: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ width: layoutWidth(stdout?.columns), rows: stdout?.rows || Number.MAX_SAFE_INTEGER });
  const [size, setSize] = useState(read);
  // biome-ignore lint/correctness/useExhaustiveDependencies: read only reads stdout
  useEffect(() => {
    if (!stdout) return;
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
