import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runBuiltCliSync } from '../helpers/built-cli.js';

function explain(args: string[], input?: string) {
  return runBuiltCliSync(['explain', ...args], { stdin: input ?? '', env: { HOME: process.env.HOME, NO_COLOR: '1', CI: 'true' } });
}

beforeAll(() => ensureBuilt());

describe('ghcr-doctor explain (built CLI)', () => {
  it('explains a TEXT argument and exits 0 tuna-os/tunaOS#642', () => {
    const r = explain(['denied: permission_denied: write_package']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('[package.not-linked]');
    expect(r.stdout).toContain('Manage Actions access');
    expect(r.stdout).toMatch(/Telling them apart/);
  });

  it('prints exactly the contract JSON shape with --json', () => {
    const r = explain(['--json', 'Error response from daemon: Head "https://ghcr.io/v2/dexidp/dex/manifests/v2.30.2": denied: denied']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc).sort()).toEqual(['matches', 'schemaVersion', 'tool']);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.tool.name).toBe('ghcr-doctor');
    expect(doc.tool.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(doc.matches[0].id).toBe('token.stale-stored');
    for (const m of doc.matches) {
      expect(Object.keys(m).sort()).toEqual(['causes', 'confidence', 'confirm', 'fixes', 'id', 'line', 'text', 'title']);
      expect(['high', 'medium', 'low']).toContain(m.confidence);
      expect(m.line).toBe(1);
      for (const f of m.fixes)
        expect(
          Object.keys(f)
            .filter((k) => k !== 'runOn')
            .sort(),
        ).toEqual(['commands', 'id', 'kind', 'links', 'title']);
    }
    const ids = doc.matches.map((m: { id: string }) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.matches[0].confirm[0]).toBe('ghcr-doctor --ci --image ghcr.io/dexidp/dex:v2.30.2');
  });

  it('reads a GitHub Actions log from stdin with "-"', () => {
    const log = [
      '2026-11-30T10:00:00.1234567Z #8 pushing layers',
      '2026-11-30T10:00:01.1234567Z \u001b[31mERROR\u001b[0m: failed to push ghcr.io/acme/api:latest: denied: installation not allowed to Write organization package',
      '2026-11-30T10:00:01.2234567Z ##[error]Process completed with exit code 1.',
    ].join('\n');
    const r = explain(['-', '--json'], log);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.matches[0]).toMatchObject({ id: 'workflow.missing-packages-write', line: 2, confidence: 'high' });
    expect(doc.matches[0].text).toBe('ERROR: failed to push ghcr.io/acme/api:latest: denied: installation not allowed to Write organization package');
  });

  it('reads stdin when TEXT is absent', () => {
    const r = explain(['--json'], 'Error: not logged into ghcr.io\n');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).matches[0].id).toBe('server.not-logged-in');
  });

  it('exits 1 and says so honestly when nothing matches', () => {
    const r = explain(['Successfully built 1a2b3c4d5e6f']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('No known GHCR failure mode');
    expect(r.stdout).toContain('ghcr-doctor --ci --image');
    const j = explain(['--json', 'Login Succeeded']);
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout).matches).toEqual([]);
  });

  it('exits 2 on empty input and on bad usage', () => {
    expect(explain([], '').code).toBe(2);
    expect(explain(['-'], '   \n\n').code).toBe(2);
    expect(explain(['--no-such-flag', 'x']).code).toBe(2);
    const both = explain(['denied', '-']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('ghcr-doctor:');
  });

  it('never prints a token pasted inside the log', () => {
    const classic = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
    const fine = 'github_pat_' + '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP';
    const plain = 'hunter2-not-a-token-shape';
    const log = [
      `+ echo ${classic} | docker login ghcr.io -u octocat --password-stdin`,
      `+ docker login ghcr.io -u octocat -p ${plain}`,
      `Using ${fine}`,
      'Error response from daemon: Get "https://ghcr.io/v2/": denied: denied',
    ].join('\n');
    for (const args of [['-'], ['-', '--json'], [log]]) {
      const r = explain(args, args[0] === '-' ? log : '');
      expect(r.code).toBe(0);
      for (const secret of [classic, fine, plain]) {
        expect(r.stdout).not.toContain(secret);
        expect(r.stderr).not.toContain(secret);
      }
    }
    const doc = JSON.parse(explain(['-', '--json'], log).stdout);
    const ids = doc.matches.map((m: { id: string }) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['registry.login-rejected', 'token.fine-grained', 'workflow.token-in-command-line']));
    expect(doc.matches.find((m: { id: string }) => m.id === 'token.fine-grained').text).toContain('github_pat_****');
  });

  it('a 100 MB line without a newline (a binary file, /dev/zero) keeps memory bounded: the next lines are still explained', () => {
    // With a 48 MB heap, holding the whole line (and joining it) ran out of memory and the process aborted.
    const log = `${'x'.repeat(100_000_000)}\ndenied: permission_denied: write_package\n`;
    const r = runBuiltCliSync(['explain', '--json', '-'], { stdin: log, nodeArgs: ['--max-old-space-size=48'], env: { HOME: process.env.HOME, CI: 'true' } });
    expect(r.code, r.stderr.slice(0, 500)).toBe(0);
    expect(JSON.parse(r.stdout).matches[0]).toMatchObject({ id: 'package.not-linked', line: 2 });
  });

  it.each([
    // "eof" is there but not ": EOF", so the pattern tried every ghcr.io/ as a start and backtracked through the rest.
    ['ghcr.io/ repeated (64 KB), then "eofx"', `${'ghcr.io/'.repeat(8_000)} eofx\nread: connection reset by peer\n`, 'registry.unreachable'],
    ['login$ repeated (1 MB)', `${'login$'.repeat(170_000)}\nread: connection reset by peer\n`, 'registry.unreachable'],
    [
      'docker-credential- repeated (1 MB)',
      `${'docker-credential-'.repeat(60_000)}\nerror getting credentials - err: exit status 1\n`,
      'server.credential-helper-broken',
    ],
  ])('a long line of %s is explained in linear time (it backtracked for minutes; killed after 30 s)', (_what, log, id) => {
    const r = runBuiltCliSync(['explain', '--json', '-'], { stdin: log, timeoutMs: 30_000, env: { HOME: process.env.HOME, CI: 'true' } });
    expect(r.code, r.stderr.slice(0, 300)).toBe(0);
    expect((JSON.parse(r.stdout) as { matches: Array<{ id: string }> }).matches.map((m) => m.id)).toContain(id);
  });
});
