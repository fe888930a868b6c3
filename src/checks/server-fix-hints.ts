import type { DiagnosisContext } from '../diagnosis/context.js';
import { fix } from '../engine/findings.js';
import type { Fix } from '../engine/types.js';
import { registryUser, type ServerRuntime } from './server-facts.js';

/** Fix ids the TUI maps to src/fixes/server-*.ts actions (serverFixActions). */
export const SERVER_FIX_IDS = {
  writeTokenFile: 'server.write-token-file',
  loginPersistent: 'server.login-persistent',
} as const;

const TOKEN_LINK = 'https://github.com/settings/tokens/new?scopes=read:packages&description=ghcr-doctor';

/**
 * How to log the deploy user in for good: the token from stdin (never argv), podman into the
 * persistent authfile (not the tmpfs one) [F4, F7, G4].
 */
export function loginFixes(ctx: DiagnosisContext, runtimes: ServerRuntime[]): Fix[] {
  const host = ctx.inputs.image?.registry ?? 'ghcr.io';
  const user = registryUser(ctx);
  const commands = runtimes.map((r) =>
    r === 'podman'
      ? `podman login --authfile ~/.config/containers/auth.json ${host} -u ${user} --password-stdin < ~/.ghcr_token`
      : `docker login ${host} -u ${user} --password-stdin < ~/.ghcr_token`,
  );
  return [
    fix(SERVER_FIX_IDS.writeTokenFile, 'Store a classic PAT (read:packages) in ~/.ghcr_token on the server, mode 600', { kind: 'automatic', links: [TOKEN_LINK] }),
    fix(SERVER_FIX_IDS.loginPersistent, 'Log the deploy user in persistently, token on stdin', { kind: 'automatic', commands, links: [TOKEN_LINK] }),
  ];
}
