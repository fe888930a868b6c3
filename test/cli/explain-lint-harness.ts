import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const BIN = path.join(ROOT, 'bin', 'ghcr-doctor.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const f of readdirSync(dir)) {
    const p = path.join(dir, f);
    const s = statSync(p);
    newest = Math.max(newest, s.isDirectory() ? newestMtime(p) : s.mtimeMs);
  }
  return newest;
}

/**
 * CLI tests run the real bin against dist/ (as `npm test` builds it). When the given src/ folders
 * are newer than their dist/ output (a single-file test run), rebuild first; tsc still emits when
 * a colleague's unrelated file has a type error.
 */
export function ensureBuilt(folders: string[]): void {
  const stale = folders.some((f) => {
    const out = path.join(ROOT, 'dist', f, 'command.js');
    return !existsSync(out) || statSync(out).mtimeMs < newestMtime(path.join(ROOT, 'src', f));
  });
  if (!stale) return;
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')], { stdio: 'pipe' });
  } catch {
    // Type errors elsewhere do not stop emit; a missing output below is the real failure.
  }
  for (const f of folders) {
    if (!existsSync(path.join(ROOT, 'dist', f, 'command.js'))) throw new Error(`dist/${f}/command.js is missing: run npm run build`);
  }
}
