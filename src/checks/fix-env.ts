import type { DiagnosisContext } from '../diagnosis/context.js';
import type { FixEnv } from '../engine/fixes.js';
import { describeTarget } from '../ssh/target.js';
import { serverFacts } from './server-facts.js';

/** Fixes for what a check found on this machine: their commands run here. */
export function localFixEnv(ctx: DiagnosisContext): FixEnv {
  return { apiUrl: ctx.inputs.apiUrl, target: 'local' };
}

/** Fixes for what a check found on the deploy server: their commands run there (`USER@HOST:PORT`). */
export function serverFixEnv(ctx: DiagnosisContext): FixEnv {
  const server = serverFacts(ctx);
  return { apiUrl: ctx.inputs.apiUrl, target: server ? describeTarget(server.target) : undefined };
}
