import type { DiagnosisContext } from '../diagnosis/context.js';
import { fix } from '../engine/fixes.js';
import type { Fix } from '../engine/types.js';
import { serverFixEnv } from './fix-env.js';
import { serverRegistryUser, type ServerRuntime } from './server-facts.js';

/**
 * How to log the deploy user in for good: the token from stdin (never argv), podman into the
 * persistent authfile (not the tmpfs one). In a terminal both are automatic (src/fixes/server-fixes.ts).
 */
export function loginFixes(ctx: DiagnosisContext, runtimes: ServerRuntime[]): Fix[] {
  const host = ctx.inputs.image?.registry ?? 'ghcr.io';
  const user = serverRegistryUser(ctx);
  const commands = runtimes.map((r) =>
    r === 'podman'
      ? `podman login --authfile ~/.config/containers/auth.json ${host} -u ${user} --password-stdin < ~/.ghcr_token`
      : `docker login ${host} -u ${user} --password-stdin < ~/.ghcr_token`,
  );
  const env = serverFixEnv(ctx);
  return [fix('server.write-token-file', env), fix('server.login-persistent', env, { commands })];
}
