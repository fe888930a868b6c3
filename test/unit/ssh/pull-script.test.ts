import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PULL_SCRIPT, splitPullOutput } from '../../../src/ssh/pull-script.js';

/**
 * PULL_SCRIPT under the real /bin/sh, with a fake runtime: a shell script keeping "REF ID" lines in
 * a state dir. Its pull takes PULL_SECONDS (the image lands at the start, so a killed pull has added
 * something to clean up) and writes its pid; every call is logged.
 */
const FAKE_RUNTIME = String.raw`#!/bin/sh
state=$(dirname "$0")
echo "$*" >> "$state/calls"
touch "$state/images"
case "$1" in
  image)
    id=$(awk -v r="$5" '$1 == r { print $2 }' "$state/images")
    [ -n "$id" ] || { echo "Error: $5: image not known" >&2; exit 125; }
    echo "$id" ;;
  pull)
    echo "$$" > "$state/pull.pid"
    echo "Trying to pull $2..." >&2
    [ "$(cat "$state/pull-code" 2>/dev/null || echo 0)" = 0 ] || { echo "Error: denied" >&2; exit 125; }
    grep -v "^$2 " "$state/images" > "$state/i2"; echo "$2 $(cat "$state/new-id")" >> "$state/i2"; mv "$state/i2" "$state/images"
    sleep "$(cat "$state/pull-seconds" 2>/dev/null || echo 0)"
    cat "$state/new-id" ;;
  rmi)
    grep -q -e "^$2 " -e " $2$" "$state/images" || { echo "Error: $2: image not known" >&2; exit 1; }
    grep -v -e "^$2 " -e " $2$" "$state/images" > "$state/i2"; mv "$state/i2" "$state/images" ;;
  tag)
    grep -v "^$3 " "$state/images" > "$state/i2"; echo "$3 $2" >> "$state/i2"; mv "$state/i2" "$state/images" ;;
esac
`;

const REF = 'ghcr.io/octocat/api:latest';
let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function server(opts: { images?: string; newId?: string; pullCode?: number; pullSeconds?: number }) {
  dir = mkdtempSync(join(tmpdir(), 'pull-script-'));
  writeFileSync(join(dir, 'podman'), FAKE_RUNTIME);
  chmodSync(join(dir, 'podman'), 0o755);
  writeFileSync(join(dir, 'images'), opts.images ?? '');
  writeFileSync(join(dir, 'new-id'), opts.newId ?? 'sha256:new');
  writeFileSync(join(dir, 'pull-code'), String(opts.pullCode ?? 0));
  writeFileSync(join(dir, 'pull-seconds'), String(opts.pullSeconds ?? 0));
  const child = spawn('sh', ['-c', PULL_SCRIPT, 'ghcr-doctor-pull', join(dir, 'podman'), REF], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return {
    child,
    done,
    images: () => readFileSync(join(dir, 'images'), 'utf8'),
    calls: () => readFileSync(join(dir, 'calls'), 'utf8'),
  };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return condition();
}

describe('the pull script (real sh, fake runtime)', () => {
  it('an image the pull added is removed again; the runtime output and exit code pass through', async () => {
    const s = server({});
    const r = await s.done;
    expect(r.code).toBe(0);
    expect(splitPullOutput(r.stdout)).toEqual({ output: 'sha256:new', cleanup: 'removed again' });
    expect(r.stderr).toContain(`Trying to pull ${REF}`);
    expect(s.images()).toBe('');
  });

  it('the tag already pointed at an image and the pull moved it: the tag is put back and the new image removed', async () => {
    const s = server({ images: `${REF} sha256:old\n` });
    const r = await s.done;
    expect(splitPullOutput(r.stdout).cleanup).toBe('already present, kept (a newer image was pulled and removed; the tag points at the old one again)');
    expect(s.images()).toBe(`${REF} sha256:old\n`);
    expect(s.calls()).toContain('tag sha256:old ghcr.io/octocat/api:latest\nrmi sha256:new\n');
  });

  it('the same image already present: kept, nothing removed', async () => {
    const s = server({ images: `${REF} sha256:same\n`, newId: 'sha256:same' });
    const r = await s.done;
    expect(splitPullOutput(r.stdout).cleanup).toBe('already present, kept');
    expect(s.images()).toBe(`${REF} sha256:same\n`);
    expect(s.calls()).not.toMatch(/^rmi/m);
  });

  it("podman's pull ends with the image ID: the script takes it from there instead of asking podman again", async () => {
    const id = 'a'.repeat(64);
    const s = server({ newId: id });
    const r = await s.done;
    expect(splitPullOutput(r.stdout)).toEqual({ output: id, cleanup: 'removed again' });
    expect(
      s
        .calls()
        .split('\n')
        .filter((c) => c.startsWith('image inspect')),
    ).toHaveLength(1);
    expect(s.images()).toBe('');
  });

  it('a failed pull: its exit code, "not pulled"', async () => {
    const s = server({ pullCode: 125 });
    const r = await s.done;
    expect(r.code).toBe(125);
    expect(splitPullOutput(r.stdout).cleanup).toBe('not pulled');
    expect(r.stderr).toContain('Error: denied');
  });

  it('stdin ends while the pull runs (we timed out or are gone, pipes closed): the pull is killed and what it added is removed', async () => {
    const s = server({ pullSeconds: 60 });
    const pidFile = join(dir, 'pull.pid');
    expect(await until(() => existsSync(pidFile) && s.images().includes(REF), 10_000)).toBe(true);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    // As when the connection is gone: end of file on stdin, and nobody reads stdout/stderr any more.
    s.child.stdin.end();
    s.child.stdout.destroy();
    s.child.stderr.destroy();
    await s.done;
    // The whole process group of the pull (the fake's sleep too) is gone, and the image with it.
    expect(await until(() => !alive(-pid), 10_000)).toBe(true);
    expect(await until(() => s.images() === '', 10_000)).toBe(true);
  }, 30_000);

  it('a pull that ends by itself while we still listen is not killed', async () => {
    const s = server({ pullSeconds: 1 });
    const r = await s.done;
    expect(r.code).toBe(0);
    expect(splitPullOutput(r.stdout).cleanup).toBe('removed again');
  });
});
