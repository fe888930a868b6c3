import { readFileSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { startLab, type Lab } from './harness.js';

/** The parsed world file test/lab/worlds/NAME.json (startLab validates it). */
export function labWorld(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./worlds/${name}.json`, import.meta.url), 'utf8'));
}

/**
 * One lab for the calling describe block, as vitest hooks: started before its tests, stopped after
 * them. `ready` receives it once it runs (the test keeps it in its own variable and seeds images).
 */
export function useLab(world: unknown, ready: (lab: Lab) => Promise<void> | void, timeoutMs = 90_000): void {
  let lab: Lab | undefined;
  beforeAll(async () => {
    lab = await startLab(world);
    await ready(lab);
  }, timeoutMs);
  afterAll(async () => lab?.stop());
}
