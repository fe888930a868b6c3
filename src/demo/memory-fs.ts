/**
 * The demo machine's file system: an in-memory FileSystem (the Io port), so the demo never reads or
 * writes the user's real home directory. Errors carry Node's codes (ENOENT, EISDIR) because the
 * checks branch on them.
 */
import path from 'node:path';
import type { Stats } from 'node:fs';
import type { FileSystem } from '../io/types.js';

interface Entry {
  data?: Buffer;
  mode: number;
  mtimeMs: number;
}

function fsError(code: string, syscall: string, p: string): Error {
  return Object.assign(new Error(`${code}: ${syscall} '${p}'`), { code, syscall, path: p });
}

export class MemoryFileSystem implements FileSystem {
  private readonly entries = new Map<string, Entry>();

  constructor(
    files: Record<string, { content: string; mode?: number }> = {},
    private readonly now: () => number = () => Date.now(),
  ) {
    for (const [p, f] of Object.entries(files)) this.put(p, Buffer.from(f.content), f.mode ?? 0o644);
  }

  private put(p: string, data: Buffer | undefined, mode: number): void {
    const abs = path.resolve(p);
    // Parents exist implicitly, as directories.
    for (let dir = path.dirname(abs); !this.entries.has(dir); dir = path.dirname(dir)) {
      this.entries.set(dir, { mode: 0o755, mtimeMs: this.now() });
      if (dir === path.dirname(dir)) break;
    }
    this.entries.set(abs, { data, mode, mtimeMs: this.now() });
  }

  /** What a file holds now (tests and the demo's "what changed" view). */
  contents(p: string): string | undefined {
    return this.entries.get(path.resolve(p))?.data?.toString('utf8');
  }

  async readFile(p: string): Promise<Buffer> {
    const e = this.entries.get(path.resolve(p));
    if (!e) throw fsError('ENOENT', 'open', p);
    if (!e.data) throw fsError('EISDIR', 'read', p);
    return Buffer.from(e.data);
  }

  async stat(p: string): Promise<Stats> {
    const e = this.entries.get(path.resolve(p));
    if (!e) throw fsError('ENOENT', 'stat', p);
    const isFile = e.data !== undefined;
    return {
      mode: (isFile ? 0o100000 : 0o040000) | e.mode,
      size: e.data?.length ?? 4096,
      uid: 1000,
      gid: 1000,
      mtimeMs: e.mtimeMs,
      mtime: new Date(e.mtimeMs),
      isFile: () => isFile,
      isDirectory: () => !isFile,
      isSymbolicLink: () => false,
    } as unknown as Stats;
  }

  async exists(p: string): Promise<boolean> {
    return this.entries.has(path.resolve(p));
  }

  async writeSecretFile(p: string, data: string): Promise<{ backup?: string }> {
    const abs = path.resolve(p);
    const old = this.entries.get(abs);
    let backup: string | undefined;
    if (old?.data) {
      backup = `${abs}.bak-${new Date(this.now()).toISOString().replace(/[:.]/g, '-')}`;
      this.put(backup, old.data, 0o600);
    }
    this.put(abs, Buffer.from(data), 0o600);
    return { backup };
  }

  async mkdir(p: string, mode = 0o755): Promise<void> {
    const abs = path.resolve(p);
    if (this.entries.get(abs)?.data) throw fsError('EEXIST', 'mkdir', p);
    if (!this.entries.has(abs)) this.put(abs, undefined, mode);
  }

  async readdir(p: string): Promise<string[]> {
    const abs = path.resolve(p);
    const e = this.entries.get(abs);
    if (!e) throw fsError('ENOENT', 'scandir', p);
    if (e.data) throw fsError('ENOTDIR', 'scandir', p);
    return [...this.entries.keys()]
      .filter((k) => k !== abs && path.dirname(k) === abs)
      .map((k) => path.basename(k))
      .sort();
  }
}
