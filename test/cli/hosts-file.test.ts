import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { ensureBuilt } from '../helpers/built-cli.js';
import { closedPort, runCli, tempDir } from './diagnose-harness.js';

ensureBuilt();

/** Exit 2, exactly one line on stderr, nothing on stdout. */
function expectOneLine(res: { code: number | null; stdout: string; stderr: string }, pattern: RegExp) {
  expect(res.code).toBe(2);
  expect(res.stderr.trimEnd().split('\n'), res.stderr).toEqual([expect.stringMatching(pattern)]);
  expect(res.stdout).toBe('');
}

describe('built CLI --hosts FILE', () => {
  it('an Ansible inventory group: every selected host is a server of the run (target.servers, ssh.connect each)', async () => {
    const [p1, p2] = [await closedPort(), await closedPort()];
    const inv = `[web]\nweb1 ansible_host=127.0.0.1 ansible_port=${p1}\nweb2 ansible_host=127.0.0.1 ansible_port=${p2}\n[db]\ndb1 ansible_host=127.0.0.9\n[all:vars]\nansible_user=deploy\n`;
    const home = await tempDir({ 'inventory.ini': inv });
    try {
      const res = await runCli(
        [
          '--ci',
          '--json',
          '--image',
          `127.0.0.1:${await closedPort()}/acme/api`,
          '--no-status',
          '--hosts',
          path.join(home.dir, 'inventory.ini'),
          '--host-pattern',
          'web',
          '--timeout',
          '20',
        ],
        { cwd: home.dir },
      );
      const report = JSON.parse(res.stdout) as { target: { servers: string[] }; checks: Array<{ id: string; server?: string }> };
      expect(report.target.servers).toEqual([`deploy@127.0.0.1:${p1}`, `deploy@127.0.0.1:${p2}`]);
      expect(
        report.checks
          .filter((c) => c.id === 'ssh.connect')
          .map((c) => c.server)
          .sort(),
      ).toEqual([...report.target.servers].sort());
    } finally {
      await home.cleanup();
    }
  });

  it('a missing file, a bad line, no match, --host-pattern alone: exit 2 with one line', async () => {
    const home = await tempDir({ 'list.txt': 'deploy@web1\ndeploy@web2:70000\n', 'ok.txt': 'deploy@web1\n' });
    try {
      const base = ['--ci', '--image', 'ghcr.io/acme/api'];
      expectOneLine(
        await runCli([...base, '--hosts', path.join(home.dir, 'nope.txt')], { cwd: home.dir }),
        /^ghcr-doctor: cannot read --hosts .*nope\.txt: no such file$/,
      );
      expectOneLine(
        await runCli([...base, '--hosts', path.join(home.dir, 'list.txt')], { cwd: home.dir }),
        /^ghcr-doctor: --hosts .*list\.txt line 2: port 70000 is out of range$/,
      );
      expectOneLine(
        await runCli([...base, '--hosts', path.join(home.dir, 'ok.txt'), '--host-pattern', 'db*'], { cwd: home.dir }),
        /no host matches --host-pattern db\*$/,
      );
      expectOneLine(
        await runCli([...base, '--host-pattern', 'web-*'], { cwd: home.dir }),
        /^ghcr-doctor: --host-pattern selects hosts of a --hosts file: pass --hosts FILE too$/,
      );
    } finally {
      await home.cleanup();
    }
  });
});
