import { promises as fsp, constants } from 'node:fs';

/**
 * Appends to a regular file, created when missing (as GitHub's runner makes `$GITHUB_STEP_SUMMARY`).
 * Opened non-blocking, so a FIFO nobody reads cannot hang the open (the run would never end); a FIFO,
 * a device or a directory, also behind a symlink, is refused with a reason instead of written.
 */
export async function appendToRegularFile(file: string, text: string): Promise<void> {
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NONBLOCK, 0o644);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A FIFO without a reader (ENXIO) and a directory (EISDIR) fail at the open.
    if (code === 'ENXIO') throw new Error('it is a FIFO, not a regular file');
    if (code === 'EISDIR') throw new Error('it is a directory, not a regular file');
    throw new Error(code ?? (error as Error).message);
  }
  try {
    const st = await handle.stat();
    if (!st.isFile())
      throw new Error(`it is ${st.isFIFO() ? 'a FIFO' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : 'not a regular file'}, not a regular file`);
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
}
