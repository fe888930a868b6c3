import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface TempDir {
  dir: string;
  cleanup(): Promise<void>;
}

/**
 * A fresh folder under the system temp dir (named `prefix…`, so a leftover says which tests made
 * it) holding `files`: relative path → text, or an object written as JSON (docker config, auth.json).
 */
export async function tempDirWith(prefix: string, files: Record<string, unknown> = {}): Promise<TempDir> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
