import type { DiagnosisContext } from '../diagnosis/context.js';
import type { FixEnv } from '../engine/fixes.js';
import { describeTarget } from '../ssh/target.js';
import { serverFacts } from './server-facts.js';

/** Fixes for what a check found on this machine: their commands run here. */
export function localFixEnv(ctx: DiagnosisContext): FixEnv {
  return { apiUrl: ctx.inputs.apiUrl, target: 'local' };
}

/**
 * Fixes for what a check found on the deploy server: their commands run there (`USER@HOST:PORT`, as
 * connected, else as the run names the server). With the table's place for each fix (engine/fixes.ts),
 * this is where `runOn` is decided: the reports and the TUI show it as the finding carries it.
 */
export function serverFixEnv(ctx: DiagnosisContext): FixEnv {
  const server = serverFacts(ctx);
  return { apiUrl: ctx.inputs.apiUrl, target: server ? describeTarget(server.target) : ctx.serverLabel };
}
