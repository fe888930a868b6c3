import { describe, expect, it } from 'vitest';
import { FIX_IDS, fix, fixAction } from '../../../src/engine/fixes.js';

const GHES = { apiUrl: 'https://ghe.corp/api/v3' };

describe('the fix table', () => {
  it('ids are unique, dotted and lowercase; the merged synonyms are gone', () => {
    for (const id of FIX_IDS) expect(id).toMatch(/^[a-z0-9]+\.[a-z0-9-]+$/);
    for (const gone of ['token.regenerate', 'token.rotate', 'server.ntp', 'registry.sync-clock', 'org.package-creation']) expect(FIX_IDS).not.toContain(gone);
  });

  it('links follow --api-url: a GHES user gets the new-token page on their own host', () => {
    expect(fix('token.create-classic', GHES, { scopes: ['write:packages'] }).links).toEqual([
      'https://ghe.corp/settings/tokens/new?scopes=write:packages&description=ghcr-doctor',
    ]);
    expect(fix('server.write-token-file', GHES).links).toEqual(['https://ghe.corp/settings/tokens/new?scopes=read:packages&description=ghcr-doctor']);
    expect(fix('package.allow-creation', GHES, { owner: 'Acme' }).links).toEqual(['https://ghe.corp/organizations/acme/settings/packages']);
  });

  it('runOn: local commands say local, commands on the machine a finding is about name it, web fixes have none', () => {
    const server = { apiUrl: GHES.apiUrl, target: 'deploy@203.0.113.7:22' };
    expect(fix('server.enable-ntp', server).runOn).toBe('deploy@203.0.113.7:22');
    expect(fix('server.enable-ntp', { ...server, target: 'local' }).runOn).toBe('local');
    expect(fix('ssh.pin-host-key', server, { where: 'deploy@203.0.113.7:22', fingerprint: 'SHA256:x' }).runOn).toBe('local');
    expect(fix('package.make-public', server, { settingsUrls: ['https://x'] })).not.toHaveProperty('runOn');
    expect(fix('server.enable-ntp', GHES)).not.toHaveProperty('runOn');
  });

  it('every podman login a fix prints names the persistent --authfile (the default, $XDG_RUNTIME_DIR, is lost at reboot)', () => {
    const relogin = fix('registry.relogin', GHES, { registry: 'ghcr.io', user: 'octocat', fromFile: true });
    const podman = relogin.commands.filter((c) => c.includes('podman login'));
    expect(podman).toHaveLength(1);
    for (const c of podman) expect(c).toContain('--authfile ~/.config/containers/auth.json');
  });

  it('what the tool can do itself is named in the table', () => {
    expect(fixAction('token.create-classic')).toBe('new-token');
    expect(fixAction('server.login-persistent')).toBe('server-login');
    expect(fixAction('server.enable-ntp')).toBeUndefined();
  });
});

describe('outside words on a fix command line are quoted', () => {
  it('a login from the API or a user name from the server cannot end the command (registry.relogin, server.chmod-token-file)', () => {
    for (const fromFile of [true, false]) {
      for (const command of fix('registry.relogin', GHES, { registry: 'ghcr.io', user: 'x;touch pwned', fromFile }).commands) {
        expect(command).toContain("-u 'x;touch pwned' --password-stdin");
      }
    }
    expect(fix('registry.relogin', GHES, { registry: 'ghcr.io', user: 'octocat', fromFile: true }).commands[0]).toBe(
      'docker login ghcr.io -u octocat --password-stdin < ~/.ghcr_token',
    );
    expect(fix('server.chmod-token-file', GHES, { path: "'/home/d/.ghcr_token'", chownTo: 'd$(id)' }).commands).toEqual([
      "sudo chown 'd$(id)' '/home/d/.ghcr_token' && chmod 600 '/home/d/.ghcr_token'",
    ]);
  });
});

describe('the README', () => {
  it('lists every fix id, and no other', async () => {
    const { readFile } = await import('node:fs/promises');
    const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Fix ids'), readme.indexOf('\n## ', readme.indexOf('## Fix ids') + 1));
    const listed = [...section.matchAll(/^\| `([a-z0-9]+\.[a-z0-9-]+)` \|/gm)].map((m) => m[1]);
    expect([...listed].sort()).toEqual([...FIX_IDS].sort());
  });
});
