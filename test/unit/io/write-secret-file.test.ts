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
