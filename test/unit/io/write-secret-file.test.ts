import { afterEach, describe, expect, it, vi } from 'vitest';
import { promises as fsp } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { writeSecretFileAtomic } from '../../../src/io/node-fs.js';
import { tempDirWith, type TempDir } from '../../helpers/temp-dir.js';

let dir: TempDir | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await dir?.cleanup();
});

describe('writeSecretFileAtomic on a full disk', () => {
  it('ENOSPC while writing: the error reaches the caller, no temp file is left, the old file is untouched', async () => {
    dir = await tempDirWith('ghcr-doctor-enospc-', { '.ghcr_token': 'old\n' });
    const realOpen = fsp.open.bind(fsp);
    vi.spyOn(fsp, 'open').mockImplementation(async (...args: Parameters<typeof fsp.open>) => {
      const handle = await realOpen(...args);
      handle.writeFile = async () => {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      };
      return handle;
    });
    await expect(writeSecretFileAtomic(`${dir.dir}/.ghcr_token`, 'new\n')).rejects.toThrow(/ENOSPC/);
    const left = (await readdir(dir.dir)).filter((f) => f.endsWith('.tmp'));
    expect(left).toEqual([]);
    expect(await fsp.readFile(`${dir.dir}/.ghcr_token`, 'utf8')).toBe('old\n');
  });
});

describe('writeSecretFileAtomic: the backup of the old file', () => {
  it('is mode 600 from its creation, whatever the old file was (never a copy of a 644 file waiting for a chmod)', async () => {
    dir = await tempDirWith('ghcr-doctor-backup-', { '.ghcr_token': 'old\n' });
    const target = `${dir.dir}/.ghcr_token`;
    await fsp.chmod(target, 0o644);
    // A chmod that fails (a filesystem that refuses it) must not leave a world-readable copy of the token.
    vi.spyOn(fsp, 'chmod').mockRejectedValue(Object.assign(new Error('EPERM: operation not permitted, chmod'), { code: 'EPERM' }));
    const { backup } = await writeSecretFileAtomic(target, 'new\n');
    expect(backup).toBeDefined();
    expect((await fsp.stat(backup!)).mode & 0o777).toBe(0o600);
    expect(await fsp.readFile(backup!, 'utf8')).toBe('old\n');
    expect((await fsp.stat(target)).mode & 0o777).toBe(0o600);
    expect(await fsp.readFile(target, 'utf8')).toBe('new\n');
  });

  it('a full disk while writing the backup: the error reaches the caller, no backup is left, the old file is untouched', async () => {
    dir = await tempDirWith('ghcr-doctor-backup-enospc-', { '.ghcr_token': 'old\n' });
    const realOpen = fsp.open.bind(fsp);
    vi.spyOn(fsp, 'open').mockImplementation(async (...args: Parameters<typeof fsp.open>) => {
      const handle = await realOpen(...args);
      if (String(args[0]).includes('.bak-')) {
        handle.writeFile = async () => {
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        };
      }
      return handle;
    });
    await expect(writeSecretFileAtomic(`${dir.dir}/.ghcr_token`, 'new\n')).rejects.toThrow(/ENOSPC/);
    expect(await readdir(dir.dir)).toEqual(['.ghcr_token']);
    expect(await fsp.readFile(`${dir.dir}/.ghcr_token`, 'utf8')).toBe('old\n');
  });
});
