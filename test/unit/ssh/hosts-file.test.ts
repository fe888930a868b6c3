import { describe, expect, it } from 'vitest';
import { hostsFileKind, readHostsFile } from '../../../src/ssh/hosts-file.js';
import { parseSshTarget } from '../../../src/cli/config.js';

const read = (text: string, pattern?: string, isUserSshConfig = false) =>
  readHostsFile(text, { label: '--hosts f', pattern, isUserSshConfig, parseTarget: parseSshTarget });
const brief = (r: Awaited<ReturnType<typeof read>>) => r.servers.map((s) => `${s.user ?? ''}@${s.host}:${s.port ?? ''}`);

describe('--hosts FILE', () => {
  it('one USER@HOST[:PORT] per line, with comments and blank lines', async () => {
    const r = await read('# prod\ndeploy@web1.example.com\n\n  ops@10.0.0.2:2222   # the db\ndeploy@[2001:db8::1]:22\n');
    expect(r.kind).toBe('list');
    expect(brief(r)).toEqual(['deploy@web1.example.com:', 'ops@10.0.0.2:2222', 'deploy@2001:db8::1:22']);
    expect(r.servers[0]!.source).toBe('--hosts f');
  });

  it('a bad line names the file and line (exit 2 in the CLI)', async () => {
    await expect(read('deploy@web1\ndeploy@web2:99999\n')).rejects.toThrow(/--hosts f line 2: port 99999 is out of range/);
    await expect(read('deploy@a b\n')).rejects.toThrow(/--hosts f line 1 must be USER@HOST\[:PORT\]/);
  });

  it("an OpenSSH config: Host aliases matching --host-pattern 'web-*', HostName/User/Port resolved (wildcard blocks too)", async () => {
    const config =
      'Host web-*\n  User deploy\n\nHost web-1\n  HostName 10.0.0.1\n  Port 2222\n\nHost web-2\n  HostName 10.0.0.2\n\nHost db\n  HostName 10.0.0.9\n  User postgres\n';
    const r = await read(config, 'web-*');
    expect(r.kind).toBe('ssh-config');
    expect(brief(r)).toEqual(['deploy@10.0.0.1:2222', 'deploy@10.0.0.2:']);
    expect(brief(await read(config))).toHaveLength(3);
    // The user's own ~/.ssh/config: the alias stays, ssh.connect resolves it (IdentityFile and all).
    expect((await read(config, 'db', true)).servers).toEqual([{ host: 'db', source: '--hosts f Host db' }]);
  });

  it('an Ansible INI inventory: ansible_host/user/port, group vars, children, a group as --host-pattern', async () => {
    const ini = [
      'bastion ansible_host=203.0.113.1',
      '[web]',
      'web1 ansible_host=10.0.1.1 ansible_port=2201',
      'web2 ansible_host=10.0.1.2 ansible_user=root',
      '[db]',
      'db1 ansible_host=10.0.2.1',
      '[web:vars]',
      'ansible_user=deploy',
      '[prod:children]',
      'web',
      'db',
      '[prod:vars]',
      'ansible_user=ops',
    ].join('\n');
    expect(hostsFileKind(ini)).toBe('ansible-ini');
    expect(brief(await read(ini, 'web'))).toEqual(['deploy@10.0.1.1:2201', 'root@10.0.1.2:']);
    expect(brief(await read(ini, 'prod'))).toEqual(['deploy@10.0.1.1:2201', 'root@10.0.1.2:', 'ops@10.0.2.1:']);
    expect(brief(await read(ini, 'db1,bastion'))).toEqual(['@203.0.113.1:', 'ops@10.0.2.1:']);
    await expect(read('[web]\nweb[01:10] ansible_user=x\n')).rejects.toThrow(/host ranges like web\[01:10\] are not supported/);
  });

  it('an Ansible YAML inventory: hosts, vars and children, a group as --host-pattern', async () => {
    const yaml = `all:
  vars:
    ansible_user: deploy
  hosts:
    bastion:
      ansible_host: 203.0.113.1
  children:
    web:
      hosts:
        web1:
          ansible_host: 10.0.1.1
          ansible_port: 2201
        web2:
          ansible_host: 10.0.1.2
          ansible_user: root
    db:
      vars:
        ansible_user: postgres
      hosts:
        db1:
          ansible_host: 10.0.2.1
`;
    const all = await read(yaml);
    expect(all.kind).toBe('ansible-yaml');
    expect(brief(all)).toEqual(['deploy@203.0.113.1:', 'deploy@10.0.1.1:2201', 'root@10.0.1.2:', 'postgres@10.0.2.1:']);
    expect(brief(await read(yaml, 'web'))).toEqual(['deploy@10.0.1.1:2201', 'root@10.0.1.2:']);
  });

  it('nothing selected, or nothing at all: one clear line', async () => {
    await expect(read('deploy@web1\n', 'db*')).rejects.toThrow('--hosts f: no host matches --host-pattern db*');
    await expect(read('# nothing here\n')).rejects.toThrow('--hosts f names no server');
  });
});
