import { promises as fsp, constants } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FileSystem } from './types.js';

async function exists(p: string): Promise<boolean> {
  try {
    await fsp.access(p, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes `data` to a new file created with mode 600 (O_EXCL: the mode is set at creation, never
 * loosened later, and nobody else's file is reused). A failed write (a full disk) leaves no file.
 */
async function createPrivateFile(file: string, data: string | Buffer, sync: boolean): Promise<void> {
  const handle = await fsp.open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    await handle.writeFile(data);
    if (sync) await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fsp.rm(file, { force: true });
    throw error;
  }
  await handle.close();
}

/**
 * Creates the file with mode 600 under a temporary name in the same directory, then renames it over
 * the target. An existing target is first copied to `PATH.bak-<timestamp>`, created with mode 600 too:
 * a copy (copyFile) took the old file's mode, 644 for a careless one, until a chmod that could fail.
 */
export async function writeSecretFileAtomic(target: string, data: string): Promise<{ backup?: string }> {
  const dir = path.dirname(target);
  let backup: string | undefined;
  if (await exists(target)) {
    backup = `${target}.bak-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await createPrivateFile(backup, await readRegularFile(target), false);
  }
  const tmp = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  // A full disk (ENOSPC) or a quota: no half-written temp file is left behind.
  await createPrivateFile(tmp, data, true);
  try {
    await fsp.rename(tmp, target);
  } catch (error) {
    await fsp.rm(tmp, { force: true });
    throw error;
  }
  return { backup };
}

/** Config, keys, workflows, tokens: nothing ghcr-doctor reads from disk is anywhere near this. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;
/** A token is about 40 to 100 characters; a token file of more is not a token file. */
export const MAX_TOKEN_BYTES = 16 * 1024;

function fileError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

/**
 * Reads a regular file of at most `limit` bytes. A FIFO, a device (`/dev/zero`, also behind a
 * symlink) or a socket is refused before any read (opened non-blocking, so a FIFO cannot hang the
 * open), and a file that is or grows larger than the limit is refused instead of read whole.
 */
export async function readRegularFile(file: string, limit = MAX_FILE_BYTES): Promise<Buffer> {
  const handle = await fsp.open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = await handle.stat();
    if (st.isDirectory()) throw fileError('EISDIR', `${file} is a directory`);
    if (!st.isFile()) throw fileError('ENOTREG', `${file} is not a regular file`);
    if (st.size > limit) throw fileError('EFBIG', `${file} is larger than ${formatBytes(limit)}`);
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      length += bytesRead;
      if (length > limit) throw fileError('EFBIG', `${file} is larger than ${formatBytes(limit)}`);
    }
    return Buffer.concat(chunks, length);
  } finally {
    await handle.close();
  }
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${n / 1024 / 1024} MiB` : `${n / 1024} KiB`;
}

export const nodeFileSystem: FileSystem = {
  readFile: (p, maxBytes) => readRegularFile(p, maxBytes),
  stat: (p) => fsp.stat(p),
  exists,
  writeSecretFile: writeSecretFileAtomic,
  mkdir: async (p, mode) => {
    await fsp.mkdir(p, { recursive: true, mode });
  },
  readdir: (p) => fsp.readdir(p),
};
