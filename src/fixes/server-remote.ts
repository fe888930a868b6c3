import { createHash } from 'node:crypto';
import type { SshSession } from '../ssh/connector.js';
import { shellQuote } from '../ssh/shell.js';
import { sanitizeText } from '../engine/sanitize.js';

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The deploy user's $HOME as a non-interactive exec sees it. */
export async function remoteHome(session: SshSession, signal?: AbortSignal): Promise<string> {
  const res = await session.exec('printf %s "$HOME"', { signal });
  const home = res.stdout.toString('utf8');
  if (res.code !== 0 || !home.startsWith('/')) throw new Error('could not read $HOME on the server');
  // A path with control characters is not written under: it could not even be shown as it is.
  if (home !== sanitizeText(home)) throw new Error(`the server's $HOME holds control characters (${sanitizeText(home)}); nothing was written`);
  return home;
}

export async function remoteUid(session: SshSession, signal?: AbortSignal): Promise<number> {
  const res = await session.exec('id -u', { signal });
  return Number(res.stdout.toString('utf8').trim());
}

/**
 * Replaces `path` with `data` so that no moment exists where the file is wider than 600: SFTP
 * creates a temp file O_EXCL with mode 600, then posix-rename puts it in place. An existing file is
 * first copied to `PATH.bak-<timestamp>` (mode 600).
 */
export async function writeRemoteSecretFile(session: SshSession, path: string, data: Buffer, now: number, signal?: AbortSignal): Promise<{ backup?: string }> {
  let backup: string | undefined;
  if (await session.stat(path)) {
    backup = `${path}.bak-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
    const res = await session.exec(`umask 077 && cp -p -- ${shellQuote(path)} ${shellQuote(backup)} && chmod 600 -- ${shellQuote(backup)}`, { signal });
    if (res.code !== 0) throw new Error(`could not back up ${path}: ${sanitizeText(res.stderr.toString('utf8').trim())}`);
  }
  const tmp = `${path}.ghcr-doctor-${Math.random().toString(36).slice(2, 10)}.tmp`;
  await session.writeFileExclusive(tmp, data, 0o600);
  try {
    await session.rename(tmp, path);
  } catch (error) {
    await session.exec(`rm -f -- ${shellQuote(tmp)}`).catch(() => undefined);
    throw error;
  }
  return { backup };
}
