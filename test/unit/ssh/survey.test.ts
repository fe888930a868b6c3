import { describe, expect, it } from 'vitest';
import { parseSurvey } from '../../../src/ssh/survey.js';
import { shellQuote } from '../../../src/ssh/shell.js';

describe('the survey', () => {
  it('parses identity, runtimes, clock and files', () => {
    const s = parseSurvey(
      [
        'uid=1001',
        'user=deploy',
        'home=/home/deploy',
        'xdg_runtime_dir=/run/user/1001',
        'registry_auth_file=',
        'podman=podman version 4.3.1',
        'now=1796000000',
        'file\tpodman-runtime\t/run/user/1001/containers/auth.json\t600 1001 120\ttmpfs\t1',
        'file\ttoken-file\t/home/deploy/.ghcr_token\t644 0\text2/ext3\t0',
        'nofile\tpodman-config\t/home/deploy/.config/containers/auth.json',
      ].join('\n'),
      42,
    );
    expect(s).toMatchObject({
      uid: 1001,
      user: 'deploy',
      xdgRuntimeDir: '/run/user/1001',
      registryAuthFile: undefined,
      podmanVersion: 'podman version 4.3.1',
      dockerVersion: undefined,
      serverNow: 1796000000,
      observedAt: 42,
    });
    expect(s.files).toEqual([
      { role: 'podman-runtime', path: '/run/user/1001/containers/auth.json', exists: true, mode: 0o600, uid: 1001, fsType: 'tmpfs', readable: true, size: 120 },
      { role: 'token-file', path: '/home/deploy/.ghcr_token', exists: true, mode: 0o644, uid: 0, fsType: 'ext2/ext3', readable: false },
      { role: 'podman-config', path: '/home/deploy/.config/containers/auth.json', exists: false },
    ]);
  });
  it('quotes remote arguments', () => {
    expect(shellQuote('/srv/app')).toBe('/srv/app');
    expect(shellQuote("/srv/it's here")).toBe(`'/srv/it'\\''s here'`);
    expect(shellQuote('$(id)')).toBe(`'$(id)'`);
  });
});
