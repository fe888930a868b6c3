import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, symlink } from 'node:fs/promises';
import path from 'node:path';
import { ensureBuilt } from '../helpers/built-cli.js';
import { runCli, tempDir } from './diagnose-harness.js';

/**
 * `$GITHUB_STEP_SUMMARY` is appended to only when it is a regular file (or missing: then created). A FIFO
 * nobody reads used to hang the open, and with it the run, forever; a device or a directory is refused too.
 * Either way the report is printed, the exit code is the verdict's and one line on stderr says why.
 */
let home: { dir: string; cleanup(): Promise<void> };
beforeAll(async () => {
  ensureBuilt();
  home = await tempDir();
});
afterAll(async () => {
  await home?.cleanup();
});

function demo(summary: string, json: boolean) {
  return runCli(['demo', '--ci', ...(json ? ['--json'] : []), '--scenario', 'healthy'], {
    cwd: home.dir,
    env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
    killAfterMs: 20_000,
  });
}

function summaryLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.includes('GITHUB_STEP_SUMMARY'));
}

describe('GITHUB_STEP_SUMMARY that is not a regular file', () => {
  it.each([
    ['a FIFO nobody reads', 'summary.fifo', async (p: string) => execFileSync('mkfifo', [p]), /it is a FIFO, not a regular file/],
    [
      'a symlink to a FIFO',
      'summary-link',
      async (p: string) => {
        execFileSync('mkfifo', [`${p}.target`]);
        await symlink(`${p}.target`, p);
      },
      /it is a FIFO, not a regular file/,
    ],
    ['a symlink to /dev/zero', 'summary-zero', async (p: string) => symlink('/dev/zero', p), /it is a device, not a regular file/],
    ['a directory', 'summary-dir', async (p: string) => mkdir(p), /it is a directory, not a regular file/],
  ])('%s: the run ends with its report and exit code, one line says why', async (_name, rel, make, reason) => {
    const file = path.join(home.dir, rel);
    await make(file);
    for (const json of [false, true]) {
      const res = await demo(file, json);
      expect(res.code, res.stderr).toBe(0);
      if (json) expect(JSON.parse(res.stdout)).toMatchObject({ outcome: 'healthy', exitCode: 0 });
      else expect(res.stdout).toMatch(/healthy/);
      expect(summaryLines(res.stderr)).toEqual([expect.stringMatching(reason)]);
    }
  });

  it('a path holding escape sequences is shown escaped in that line', async () => {
    const dir = path.join(home.dir, 'evil\x1b]52;c;cHduZWQ=\x07\x1b[2J');
    await mkdir(dir);
    const res = await demo(dir, true);
    expect(res.code).toBe(0);
    expect(res.stderr.includes('\x1b') || res.stderr.includes('\x07')).toBe(false);
    expect(summaryLines(res.stderr)).toEqual([expect.stringContaining('evil\\x1b]52;c;cHduZWQ=\\x07\\x1b[2J')]);
  });

  it('a missing file is created and holds the summary; a regular file is appended to', async () => {
    const file = path.join(home.dir, 'summary.md');
    expect((await demo(file, false)).code).toBe(0);
    const first = await readFile(file, 'utf8');
    expect(first).toMatch(/^## ✅ ghcr-doctor: healthy/);
    const res = await demo(file, true);
    expect(res.stderr).not.toMatch(/GITHUB_STEP_SUMMARY/);
    expect((await readFile(file, 'utf8')).length).toBeGreaterThan(first.length);
  });
});
