import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localTokenFileFix, defaultTokenFile } from '../../../src/fixes/local-token-file.js';
import { nodeFileSystem } from '../../../src/io/node-fs.js';

const TOKEN = 'ghp_fileFileFileFileFileFileFileFile0001';

describe('local token file fix', () => {
  it('defaults to ~/.ghcr_token, or the --token-file path', () => {
    expect(defaultTokenFile('/home/u')).toBe('/home/u/.ghcr_token');
    expect(defaultTokenFile('/home/u', '/etc/t')).toBe('/etc/t');
  });

  it('writes the token alone, mode 600, backs up the old file, and verifies; the preview never shows the token', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tokfile-'));
    const file = path.join(dir, '.ghcr_token');
    await writeFile(file, 'ghp_old\r\n', { mode: 0o644 });
    const fix = localTokenFileFix({ fs: nodeFileSystem, file, currentToken: () => undefined });
    const preview = fix.preview({ token: TOKEN }).join('\n');
    expect(preview).toContain(`write ${file}`);
    expect(preview).toContain('mode 600');
    expect(preview).not.toContain(TOKEN);

    const { changed } = await fix.apply({ token: `${TOKEN}\n` }, new AbortController().signal);
    expect(await readFile(file, 'utf8')).toBe(TOKEN);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const backup = (await readdir(dir)).find((n) => n.startsWith('.ghcr_token.bak-'))!;
    expect(await readFile(path.join(dir, backup), 'utf8')).toBe('ghp_old\r\n');
    expect(changed).toContain(file);
    expect(await fix.verify({ token: TOKEN }, new AbortController().signal)).toEqual({ ok: true, message: `${file} holds the token (mode 600)` });
  });

  it('verify fails when the file was loosened afterwards', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tokfile-'));
    const file = path.join(dir, 't');
    const fix = localTokenFileFix({ fs: nodeFileSystem, file, currentToken: () => TOKEN });
    await fix.apply({}, new AbortController().signal);
    await (await import('node:fs/promises')).chmod(file, 0o640);
    expect(await fix.verify({}, new AbortController().signal)).toMatchObject({ ok: false, message: expect.stringContaining('mode 640') });
  });
});
