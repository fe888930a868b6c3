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
 * Creates the file with mode 600 under a temporary name in the same directory (O_EXCL, so the mode
 * is set at creation and nobody else's file is reused), then renames it over the target. An existing
 * target is first copied to `PATH.bak-<timestamp>` with mode 600.
 */
export async function writeSecretFileAtomic(target: string, data: string): Promise<{ backup?: string }> {
  const dir = path.dirname(target);
  let backup: string | undefined;
  if (await exists(target)) {
    backup = `${target}.bak-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await fsp.copyFile(target, backup, constants.COPYFILE_EXCL);
    await fsp.chmod(backup, 0o600);
  }
  const tmp = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fsp.open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fsp.rename(tmp, target);
  } catch (error) {
    await fsp.rm(tmp, { force: true });
    throw error;
  }
  return { backup };
}

export const nodeFileSystem: FileSystem = {
  readFile: (p) => fsp.readFile(p),
  stat: (p) => fsp.stat(p),
  exists,
  writeSecretFile: writeSecretFileAtomic,
  mkdir: async (p, mode) => {
    await fsp.mkdir(p, { recursive: true, mode });
  },
  readdir: (p) => fsp.readdir(p),
};
