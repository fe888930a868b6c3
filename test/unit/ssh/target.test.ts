import { describe, expect, it } from 'vitest';
import ssh2 from 'ssh2';
import { describeTarget, resolveSshTarget, sshConfigFor } from '../../../src/ssh/target.js';
import { loadKeyCandidates } from '../../../src/ssh/keys.js';
import { inspectKey } from '../../../src/ssh/inspect-key.js';
import type { FileSystem } from '../../../src/io/types.js';

const CONFIG = `
Host prod
  HostName 203.0.113.7
  User deploy
  Port 2222
  IdentityFile ~/.ssh/deploy_ed25519
Host *
  User fallback
`;

describe('SSH target (flags, then ~/.ssh/config, then OpenSSH defaults)', () => {
  it('ssh_config fills HostName, User, Port and IdentityFile', async () => {
    const t = resolveSshTarget({ host: 'prod', source: '--ssh' }, await sshConfigFor(CONFIG, 'prod'), '/home/me', 'me');
    expect(t).toMatchObject({ alias: 'prod', hostName: '203.0.113.7', user: 'deploy', port: 2222, identityFiles: ['/home/me/.ssh/deploy_ed25519'] });
    expect(describeTarget(t)).toBe('deploy@prod:2222');
  });
  it('--ssh USER@HOST:PORT wins over ssh_config', async () => {
    const t = resolveSshTarget({ host: 'prod', user: 'ops', port: 22, source: '--ssh' }, await sshConfigFor(CONFIG, 'prod'), '/home/me', 'me');
    expect(t).toMatchObject({ user: 'ops', port: 22, hostName: '203.0.113.7' });
  });
  it('HostKeyAlias and UserKnownHostsFile are honoured, but UserKnownHostsFile /dev/null is not', async () => {
    const t = resolveSshTarget(
      { host: 'web', source: '--ssh' },
      await sshConfigFor('Host web\n  HostKeyAlias web-prod\n  UserKnownHostsFile ~/.ssh/kh_work ~/.ssh/kh2\n', 'web'),
      '/home/me',
      'me',
    );
    expect(t).toMatchObject({ hostKeyAlias: 'web-prod', userKnownHostsFile: '/home/me/.ssh/kh_work' });
    const off = resolveSshTarget(
      { host: 'web', source: '--ssh' },
      await sshConfigFor('Host web\n  UserKnownHostsFile /dev/null\n  StrictHostKeyChecking no\n', 'web'),
      '/home/me',
      'me',
    );
    expect(off.userKnownHostsFile).toBeUndefined();
  });

  it('without config: local user, port 22, and the port is always written', () => {
    const t = resolveSshTarget({ host: '198.51.100.4', source: 'SERVER_HOST' }, {}, '/home/me', 'me');
    expect(describeTarget(t)).toBe('me@198.51.100.4:22');
    expect(describeTarget({ user: 'u', alias: '2001:db8::1', port: 22 })).toBe('u@[2001:db8::1]:22');
  });
});

function memFs(files: Record<string, string>): FileSystem {
  return {
    readFile: async (p) => {
      if (!(p in files)) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return Buffer.from(files[p]!);
    },
  } as FileSystem;
}

describe('SSH keys', () => {
  const plain = ssh2.utils.generateKeyPairSync('ed25519');
  const encrypted = ssh2.utils.generateKeyPairSync('ed25519', { passphrase: 'secret', cipher: 'aes256-ctr' as const, rounds: 16 });

  it('fingerprints a key and flags an encrypted one without a passphrase', () => {
    expect(inspectKey('k', Buffer.from(plain.private)).fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    const locked = inspectKey('k', Buffer.from(encrypted.private));
    expect(locked.encrypted).toBe(true);
    expect(locked.fingerprint).toBeUndefined();
    expect(inspectKey('k', Buffer.from(encrypted.private), 'secret')).toMatchObject({ encrypted: false });
    expect(inspectKey('k', Buffer.from('not a key')).unusable).toBeTruthy();
  });
  it('an explicit key is the only file key; defaults are id_ed25519 then id_rsa after IdentityFile', async () => {
    const fs = memFs({ '/h/.ssh/id_rsa': plain.private, '/h/.ssh/cfg_key': plain.private, '/k': plain.private });
    expect((await loadKeyCandidates({ explicit: '/k', identityFiles: ['/h/.ssh/cfg_key'], homedir: '/h' }, fs)).keys.map((k) => k.label)).toEqual(['/k']);
    expect((await loadKeyCandidates({ explicit: '~/.ssh/cfg_key', identityFiles: [], homedir: '/h' }, fs)).keys.map((k) => k.label)).toEqual([
      '/h/.ssh/cfg_key',
    ]);
    const d = await loadKeyCandidates({ identityFiles: ['/h/.ssh/cfg_key'], homedir: '/h' }, fs);
    expect(d.keys.map((k) => k.label)).toEqual(['/h/.ssh/cfg_key', '/h/.ssh/id_rsa']);
    expect(d.missing).toEqual(['/h/.ssh/id_ed25519']);
  });
  it('SERVER_SSH_KEY may hold the key text itself; the label never contains it', async () => {
    const { keys } = await loadKeyCandidates({ explicit: plain.private, identityFiles: [], homedir: '/h' }, memFs({}));
    expect(keys).toHaveLength(1);
    expect(keys[0]!.label).toBe('SERVER_SSH_KEY (key text)');
    expect(keys[0]!.fingerprint).toMatch(/^SHA256:/);
  });
});
