import type { SshSession } from './connector.js';
import { shellQuote } from './shell.js';
import { firstLine } from '../engine/text.js';
import { sanitizeText } from '../engine/sanitize.js';

/**
 * One read-only look at the deploy user's world, as a non-interactive SSH exec sees it: identity,
 * environment, runtimes, clock, and the mode/owner/filesystem of every file a runtime reads
 * credentials from (the paths are computed on the server, from the server's own environment).
 */
export const SURVEY_SCRIPT = String.raw`
uid=$(id -u)
printf 'uid=%s\n' "$uid"
printf 'user=%s\n' "$(id -un 2>/dev/null)"
printf 'home=%s\n' "$HOME"
printf 'xdg_runtime_dir=%s\n' "\${XDG_RUNTIME_DIR:-}"
printf 'registry_auth_file=%s\n' "\${REGISTRY_AUTH_FILE:-}"
printf 'docker_config=%s\n' "\${DOCKER_CONFIG:-}"
if command -v podman >/dev/null 2>&1; then printf 'podman=%s\n' "$(podman --version 2>&1 | head -n 1)"; fi
if command -v docker >/dev/null 2>&1; then printf 'docker=%s\n' "$(docker --version 2>&1 | head -n 1)"; fi
printf 'now=%s\n' "$(date +%s)"
probe() {
  [ -n "$2" ] || return 0
  if [ -e "$2" ]; then
    st=$(stat -L -c '%a %u %s' -- "$2" 2>/dev/null)
    fs=$(stat -f -L -c '%T' -- "$2" 2>/dev/null)
    if [ -r "$2" ]; then r=1; else r=0; fi
    printf 'file\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$st" "$fs" "$r"
  else
    printf 'nofile\t%s\t%s\n' "$1" "$2"
  fi
}
run="\${XDG_RUNTIME_DIR:-/run/user/$uid}"
cfg="\${XDG_CONFIG_HOME:-$HOME/.config}"
probe podman-env "\${REGISTRY_AUTH_FILE:-}"
probe podman-runtime "$run/containers/auth.json"
probe podman-config "$cfg/containers/auth.json"
probe docker-config "\${DOCKER_CONFIG:-$HOME/.docker}/config.json"
probe token-file "$HOME/.ghcr_token"
if [ -n "\${1:-}" ]; then probe deploy-token-file "$1/.ghcr_token"; probe deploy-env "$1/.env"; fi
exit 0
`.replace(/\\\$/g, '$');

export type ServerFileRole = 'podman-env' | 'podman-runtime' | 'podman-config' | 'docker-config' | 'token-file' | 'deploy-token-file' | 'deploy-env';

export interface ServerFile {
  role: ServerFileRole;
  path: string;
  exists: boolean;
  mode?: number;
  uid?: number;
  fsType?: string;
  readable?: boolean;
  /** Bytes, to cut off anything a shell startup file printed before the content. */
  size?: number;
}

export interface ServerSurvey {
  uid: number;
  user: string;
  home: string;
  xdgRuntimeDir?: string;
  registryAuthFile?: string;
  dockerConfig?: string;
  podmanVersion?: string;
  dockerVersion?: string;
  /** Server clock, seconds since the epoch, and our clock when the answer arrived (ms). */
  serverNow?: number;
  observedAt: number;
  files: ServerFile[];
}

/**
 * The server's words (its user name, paths, versions) are shown: sanitised once, here. A path with a
 * control character is then shown, and looked at, escaped (it names no file: nothing is read there).
 */
export function parseSurvey(output: string, observedAt: number): ServerSurvey {
  const kv = new Map<string, string>();
  const files: ServerFile[] = [];
  for (const line of output.split(/\r?\n/)) {
    if (line.startsWith('file\t')) {
      const [, role, path, st, fsType, r] = line.split('\t').map(sanitizeText);
      const [mode, uid, size] = (st ?? '').split(' ');
      files.push({
        role: role as ServerFileRole,
        path: path!,
        exists: true,
        mode: mode && /^[0-7]+$/.test(mode) ? parseInt(mode, 8) : undefined,
        uid: uid && /^\d+$/.test(uid) ? Number(uid) : undefined,
        fsType: fsType || undefined,
        readable: r === '1',
        ...(size && /^\d+$/.test(size) ? { size: Number(size) } : {}),
      });
    } else if (line.startsWith('nofile\t')) {
      const [, role, path] = line.split('\t').map(sanitizeText);
      files.push({ role: role as ServerFileRole, path: path!, exists: false });
    } else {
      const eq = line.indexOf('=');
      if (eq > 0) kv.set(line.slice(0, eq), sanitizeText(line.slice(eq + 1)));
    }
  }
  const opt = (k: string) => (kv.get(k) ? kv.get(k) : undefined);
  const now = Number(kv.get('now'));
  return {
    uid: Number(kv.get('uid') ?? NaN),
    user: kv.get('user') ?? '',
    home: kv.get('home') ?? '',
    xdgRuntimeDir: opt('xdg_runtime_dir'),
    registryAuthFile: opt('registry_auth_file'),
    dockerConfig: opt('docker_config'),
    podmanVersion: opt('podman'),
    dockerVersion: opt('docker'),
    serverNow: Number.isFinite(now) && now > 0 ? now : undefined,
    observedAt,
    files,
  };
}

export async function runSurvey(session: SshSession, deployPath: string | undefined, now: () => number, signal?: AbortSignal): Promise<ServerSurvey> {
  const args = deployPath ? ` ${shellQuote(deployPath)}` : '';
  const result = await session.exec(`sh -s --${args}`, { stdin: SURVEY_SCRIPT, signal });
  if (result.code !== 0) {
    throw new Error(`the survey script failed on the server (exit ${result.code}): ${sanitizeText(firstLine(result.stderr.toString('utf8').trim()))}`);
  }
  return parseSurvey(result.stdout.toString('utf8'), now());
}

/**
 * Reads a remote file through the encrypted channel (its content never touches a command line).
 * Some servers' shell startup files print a banner even for `ssh host cmd`; it comes before the
 * command's output, so with the size from the survey only the file's own bytes are kept.
 */
export async function readRemoteFile(session: SshSession, path: string, signal?: AbortSignal, size?: number): Promise<Buffer | undefined> {
  const result = await session.exec(`cat -- ${shellQuote(path)}`, { signal });
  if (result.code !== 0) return undefined;
  return size !== undefined && result.stdout.length > size ? result.stdout.subarray(result.stdout.length - size) : result.stdout;
}
