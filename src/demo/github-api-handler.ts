/**
 * The emulated GitHub REST API (src/sandbox/github-api.ts) as an in-process request handler.
 */
import type { World } from '../sandbox/world.js';
import type { RequestHandler } from './in-process-fetch.js';

export function githubApiHandler(_world: World, _now: () => number): RequestHandler {
  // PENDING: wired to src/sandbox/github-api.ts once it lands; until then the API looks unreachable.
  return () => new Response('{"message":"emulation not available"}', { status: 503, headers: { 'content-type': 'application/json' } });
}
