import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { BIN, ROOT, ensureBuilt, runBuiltCliSync } from '../helpers/built-cli.js';
import { closedPort, runCli, tempDir } from './diagnose-harness.js';

/**
 * Differences between the built CLI and docs/contract found by running it as the acceptance run does
 * (CI=true, no stdin, a HOME with nothing in it, no network): each case here failed before its fix.
 */
const validateReport = new Ajv({ strict: false }).compile(JSON.parse(readFileSync(path.join(ROOT, 'schema', 'report.v1.json'), 'utf8')));

let image: string;
let home: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  ensureBuilt();
  image = `127.0.0.1:${await closedPort()}/acme/api`;
  home = await tempDir({ 'notes.txt': 'not a workflow\n' });
  await mkdir(path.join(home.dir, 'empty-dir'));
  await writeFile(path.join(home.dir, 'ci.yml'), 'on: push\njobs: {}\n');
  await writeFile(path.join(home.dir, 'empty-known-hosts'), '');
});
afterAll(async () => {
  await home?.cleanup();
});

const base = () => ['--ci', '--image', image, '--no-status', '--timeout', '10'];

/** Exit 2 with exactly one line on stderr, starting with the tool's name, and nothing on stdout. */
function expectOneLineUsageError(res: { code: number | null; stdout: string; stderr: string }, pattern: RegExp) {
  expect(res.code, res.stderr).toBe(2);
  const lines = res.stderr.trimEnd().split('\n');
  expect(lines, res.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^ghcr-doctor: /);
  expect(lines[0]).toMatch(pattern);
  expect(res.stdout).toBe('');
}

describe('contract acceptance: bad input is exit 2 with one line', () => {
  it.each([
    ['--image', '--ci'],
    ['--timeout', '-5'],
    ['--ssh', '--json'],
  ])('%s followed by %s (a flag where its value belongs) says the flag needs a value', async (flag, next) => {
    const res = await runCli([flag, next], { cwd: home.dir });
    // As for every parser error: the message, then where to look (see ghcr-doctor --help).
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr.split('\n')[0]).toBe(`ghcr-doctor: ${flag} needs a value (a value that starts with - is written ${flag}=VALUE)`);
  });

  it.each([
    ['GITHUB_API_URL', 'http://api.example.com', /^ghcr-doctor: GITHUB_API_URL must be https:\/\//],
    ['GITHUB_API_URL', 'not a url', /^ghcr-doctor: GITHUB_API_URL must be an http\(s\) URL/],
    ['GHCR_DOCTOR_STATUS_URL', 'ftp://status.example.com', /^ghcr-doctor: GHCR_DOCTOR_STATUS_URL must be an http\(s\) URL/],
  ])('a bad %s=%s is named as the variable it came from, not as a flag', async (name, value, pattern) => {
    const res = await runCli(['--ci', '--image', image], { cwd: home.dir, env: { [name]: value } });
    expectOneLineUsageError(res, pattern);
  });

  it.each([['--token-stdin'], ['--pull-secret', '-']])('%s with stdin redirected from a directory says so (not "stdin was empty")', (...flag) => {
    const dirFd = openSync(home.dir, 'r');
    try {
      const r = spawnSync(process.execPath, [BIN, '--ci', '--image', image, ...flag], {
        stdio: [dirFd, 'pipe', 'pipe'],
        env: { PATH: process.env.PATH, HOME: home.dir, CI: 'true' },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expectOneLineUsageError({ code: r.status, stdout: r.stdout, stderr: r.stderr }, /stdin is a directory, not a file or a pipe/);
    } finally {
      closeSync(dirFd);
    }
  });

  it.each([[['explain', '-']], [['explain']], [['explain', '--json']]])(
    '%j with stdin redirected from a directory says so (not "the input was empty")',
    (args) => {
      const dirFd = openSync(home.dir, 'r');
      try {
        const r = spawnSync(process.execPath, [BIN, ...args], {
          stdio: [dirFd, 'pipe', 'pipe'],
          env: { PATH: process.env.PATH, HOME: home.dir, CI: 'true' },
          encoding: 'utf8',
          timeout: 30_000,
        });
        expectOneLineUsageError({ code: r.status, stdout: r.stdout, stderr: r.stderr }, /^ghcr-doctor: explain: stdin is a directory, not a file or a pipe$/);
      } finally {
        closeSync(dirFd);
      }
    },
  );

  it('--workflows DIR that does not exist is unreadable input, as for lint', async () => {
    const res = await runCli([...base(), '--workflows', path.join(home.dir, 'no-such-dir')], { cwd: home.dir });
    expectOneLineUsageError(res, /cannot read --workflows .*no-such-dir: no such directory/);
  });

  it('--workflows naming a file that is not a workflow is unreadable input', async () => {
    const res = await runCli([...base(), '--workflows', path.join(home.dir, 'notes.txt')], { cwd: home.dir });
    expectOneLineUsageError(res, /--workflows .*notes\.txt is not a directory/);
  });

  it.each([
    ['--ssh-key', 'no-such-key', /cannot read --ssh-key .*no-such-key: no such file/],
    ['--ssh-key', 'empty-dir', /cannot read --ssh-key .*empty-dir: it is a directory, not a file/],
  ])('%s %s that cannot be read is unreadable input (it was "no usable SSH key" on every server)', async (flag, name, pattern) => {
    const res = await runCli([...base(), '--ssh', `deploy@127.0.0.1:${await closedPort()}`, flag, path.join(home.dir, name)], { cwd: home.dir });
    expectOneLineUsageError(res, pattern);
  });

  it.each([
    ['no-such-file', /cannot read --known-hosts .*no-such-file: no such file/],
    ['empty-dir', /cannot read --known-hosts .*empty-dir: it is a directory, not a file/],
  ])('--known-hosts %s that cannot be read is unreadable input (every server said host-key-unknown)', async (name, pattern) => {
    const ssh = ['--ssh', `deploy@127.0.0.1:${await closedPort()}`];
    const res = await runCli([...base(), ...ssh, '--known-hosts', path.join(home.dir, name)], { cwd: home.dir });
    expectOneLineUsageError(res, pattern);
  });

  it('an empty --known-hosts file is fine (nothing known yet)', async () => {
    const ssh = ['--ssh', `deploy@127.0.0.1:${await closedPort()}`];
    const res = await runCli([...base(), ...ssh, '--known-hosts', path.join(home.dir, 'empty-known-hosts')], { cwd: home.dir });
    expect(res.code, res.stderr).toBe(1);
  });

  it('SERVER_SSH_KEY naming a missing file is named as the variable; key text in it is not a path', async () => {
    const ssh = ['--ssh', `deploy@127.0.0.1:${await closedPort()}`];
    const missing = await runCli([...base(), ...ssh], { cwd: home.dir, env: { SERVER_SSH_KEY: '~/.ssh/deploy_key' } });
    expectOneLineUsageError(missing, /cannot read SERVER_SSH_KEY ~\/\.ssh\/deploy_key: no such file/);
    const text = await runCli([...base(), ...ssh], {
      cwd: home.dir,
      env: { SERVER_SSH_KEY: '-----BEGIN OPENSSH PRIVATE KEY-----\\nAAAA\\n-----END OPENSSH PRIVATE KEY-----' },
    });
    expect(text.code, text.stderr).not.toBe(2);
  });

  it('--workflows with an existing folder or one workflow file still runs the diagnosis', async () => {
    for (const dir of ['empty-dir', 'ci.yml']) {
      const res = await runCli([...base(), '--json', '--workflows', path.join(home.dir, dir)], { cwd: home.dir });
      expect(res.code, res.stderr).not.toBe(2);
      const report = JSON.parse(res.stdout) as { checks: Array<{ id: string; status: string }> };
      expect(report.checks.find((c) => c.id === 'workflows.lint')).toBeDefined();
    }
  });
});

describe('contract acceptance: exit 2 with --json', () => {
  it('a malformed --image is a report (schema v1): exitCode 2, the image.invalid finding and its failed check, target.image as typed', async () => {
    const res = await runCli(['--ci', '--json', '--image', 'acme/api'], { cwd: home.dir });
    expect(res.code).toBe(2);
    const report = JSON.parse(res.stdout) as Record<string, unknown> & {
      checks: Array<{ id: string; status: string }>;
      findings: Array<{ id: string; check: string }>;
    };
    expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
    expect(report).toMatchObject({ exitCode: 2, outcome: 'problems', target: { image: 'acme/api' } });
    expect(report.findings.map((f) => [f.id, f.check])).toEqual([['image.invalid', 'image.reference']]);
    // Every finding names a check of the same report.
    expect(report.checks).toEqual([expect.objectContaining({ id: 'image.reference', status: 'fail' })]);
  });

  it('other bad input with --json leaves stdout empty (the one line is on stderr)', async () => {
    const res = await runCli(['--ci', '--json', '--image', image, '--timeout', 'soon'], { cwd: home.dir });
    expectOneLineUsageError(res, /--timeout must be a positive number of seconds, not "soon"/);
  });
});

describe('contract acceptance: what the user typed is shown escaped in the exit-2 line', () => {
  it.each([
    [['--image', 'acme/\u001b[31mapi'], /"acme\/\\x1b\[31mapi" has no registry host.*expected HOST\/OWNER\/NAME/],
    [['--image', 'ghcr.io/acme/api\nmore'], /"ghcr\.io\/acme\/api\\x0amore" contains whitespace/],
    [['--image', 'ghcr.io/acme/api', '--repo', 'a\u001b]52;c;Zm9v\u0007'], /--repo must be OWNER\/NAME, not "a\\x1b\]52;c;Zm9v\\x07"/],
  ])('%j: one line, no control character, no suggestion that is itself invalid', async (args, pattern) => {
    const res = await runCli(['--ci', ...args], { cwd: home.dir });
    expectOneLineUsageError(res, pattern);
    const controls = [...res.stderr.trimEnd()].filter((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
    expect(controls).toEqual([]);
    expect(res.stderr).not.toMatch(/did you mean/);
  });
});

describe('contract acceptance: explain fixes fit where the error came from', () => {
  it('podman\'s login refusal (Error: logging into "ghcr.io": ...) gets podman logins that name the persistent --authfile', () => {
    const r = runBuiltCliSync(['explain', '--json', 'Error: logging into "ghcr.io": invalid username/password'], { env: { HOME: home.dir, CI: 'true' } });
    expect(r.code, r.stderr).toBe(0);
    const commands = (JSON.parse(r.stdout) as { matches: Array<{ fixes: Array<{ commands: string[] }> }> }).matches.flatMap((m) =>
      m.fixes.flatMap((f) => f.commands),
    );
    const logins = commands.filter((c) => / login /.test(c));
    expect(logins.length).toBeGreaterThan(0);
    for (const c of logins) expect(c).toContain('podman login --authfile ~/.config/containers/auth.json');
  });
});

describe('contract acceptance: exit codes', () => {
  // `set -o pipefail` pipelines read the exit code of ghcr-doctor even when the reader stops early.
  it.each([
    [['demo', '--ci'], 1],
    [['demo', '--ci', '--json', '--scenario', 'push-denied-scopes'], 1],
    [['demo', '--ci', '--scenario', 'healthy'], 0],
  ])('| head -1: %j still exits with the diagnosis code (%i), not 0, and quietly', (args, code) => {
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" ${args.join(' ')} | head -1`], {
      cwd: home.dir,
      env: { PATH: process.env.PATH, HOME: home.dir, CI: 'true' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).not.toMatch(/EPIPE|ERR_STREAM|\bat .*:\d+:\d+/);
    expect(r.status).toBe(code);
  });
});

describe('contract acceptance: any positive --timeout is a budget, never an internal error', () => {
  it.each([['99999999999'], ['0.0015'], ['1e-9']])('--timeout %s runs the diagnosis to a verdict', async (seconds) => {
    const res = await runCli(['--ci', '--json', '--image', image, '--no-status', '--timeout', seconds], { cwd: home.dir });
    expect(res.stderr).not.toMatch(/internal error/);
    expect([1, 3]).toContain(res.code); // no token in an empty HOME (1), or the budget ran out first (3)
    expect(JSON.parse(res.stdout)).toMatchObject({ exitCode: res.code });
  });
});

describe('contract acceptance: learn without a terminal', () => {
  // The contract's fallback (no TTY or CI=true → --ci) holds for learn, "the same diagnosis": a report
  // and the diagnosis's exit code, never a refusal with exit 2.
  it('learn --image … with stdin closed and no TTY prints the --ci report with its exit code, and says why on stderr', async () => {
    const res = await runCli(['learn', '--image', image, '--no-status', '--timeout', '10'], { cwd: home.dir });
    expect(res.code, res.stderr).toBe(1); // no token anywhere in an empty HOME
    expect(res.stdout).toMatch(/\[token\.not-found\]/);
    expect(res.stdout).toMatch(/^problems: .* exit 1$/m);
    expect(res.stderr).toMatch(/^ghcr-doctor: learn walks through the diagnosis in a terminal;/);
  });

  it('learn --json with CI=true is the JSON report, nothing else on stdout or stderr', async () => {
    const res = await runCli(['learn', '--json', '--image', image, '--no-status', '--timeout', '10'], { cwd: home.dir, env: { CI: 'true' } });
    expect(res.code, res.stderr).toBe(1);
    expect(res.stderr).toBe('');
    const report = JSON.parse(res.stdout) as { exitCode: number; outcome: string; findings: Array<{ id: string }> };
    expect(report).toMatchObject({ exitCode: 1, outcome: 'problems' });
    expect(report.findings.map((f) => f.id)).toContain('token.not-found');
  });

  it('learn --demo without a terminal is the demo report (exit 1, "demo": true)', async () => {
    const res = await runCli(['learn', '--demo', '--json'], { cwd: home.dir });
    expect(res.code, res.stderr).toBe(1);
    expect(JSON.parse(res.stdout)).toMatchObject({ demo: true, exitCode: 1, outcome: 'problems' });
  });

  it('learn with no image and no terminal is bad usage, one message (no note before it)', async () => {
    const res = await runCli(['learn'], { cwd: home.dir });
    expect(res.code).toBe(2);
    expect(res.stderr.split('\n')[0]).toBe('ghcr-doctor: no image to diagnose');
    expect(res.stdout).toBe('');
  });
});

describe('contract acceptance: file flags take ~/ as --ssh-key does', () => {
  // `--token-file=~/.ghcr_token`, a quoted path or the action's `args:` reach the program unexpanded: it said
  // "no such file" for a file that is there.
  it('--token-file, --hosts and --workflows with a literal ~/ read the file under HOME', async () => {
    const dir = await tempDir({ tok: `ghp_${'test'.repeat(9)}\n`, hosts: `deploy@127.0.0.1:${await closedPort()}\n`, 'wf/ci.yml': 'on: push\njobs: {}\n' });
    try {
      const api = `http://127.0.0.1:${await closedPort()}`;
      const res = await runCli(
        [
          '--ci',
          '--json',
          '--image',
          image,
          '--no-status',
          '--api-url',
          api,
          '--timeout',
          '10',
          '--token-file',
          '~/tok',
          '--hosts',
          '~/hosts',
          '--workflows',
          '~/wf',
        ],
        {
          cwd: dir.dir,
        },
      );
      expect(res.code, res.stderr).not.toBe(2);
      const report = JSON.parse(res.stdout) as { target: { servers: string[] }; checks: Array<{ id: string; status: string; summary: string }> };
      expect(report.checks.find((c) => c.id === 'token.discovery')?.summary).toMatch(/from --token-file ~\/tok/);
      expect(report.target.servers).toHaveLength(1);
      expect(report.checks.find((c) => c.id === 'workflows.lint')?.status).toBe('pass');
    } finally {
      await dir.cleanup();
    }
  });

  it('lint ~/DIR reads the folder under HOME', async () => {
    const dir = await tempDir({ 'repo/.github/workflows/ci.yml': 'on: push\njobs: {}\n' });
    try {
      const res = await runCli(['lint', '~/repo'], { cwd: dir.dir });
      expect(res.code, res.stderr).toBe(0);
    } finally {
      await dir.cleanup();
    }
  });
});

describe('contract acceptance: one deploy server named twice', () => {
  it('deploy@HOST and deploy@HOST:PORT that ~/.ssh/config makes the same USER@HOST:PORT are audited once (target.servers, one ssh.connect)', async () => {
    const port = await closedPort();
    const dir = await tempDir({ '.ssh/config': `Host 127.0.0.1\n  Port ${port}\n` });
    try {
      const res = await runCli(
        ['--ci', '--json', '--image', image, '--no-status', '--timeout', '10', '--ssh', 'deploy@127.0.0.1', '--ssh', `deploy@127.0.0.1:${port}`],
        {
          cwd: dir.dir,
        },
      );
      const report = JSON.parse(res.stdout) as { target: { servers: string[] }; checks: Array<{ id: string; server?: string }> };
      expect(report.target.servers).toEqual([`deploy@127.0.0.1:${port}`]);
      expect(report.checks.filter((c) => c.id === 'ssh.connect').map((c) => c.server)).toEqual([`deploy@127.0.0.1:${port}`]);
    } finally {
      await dir.cleanup();
    }
  });
});

describe('contract acceptance: GHCR_DOCTOR_INTENT in the demo', () => {
  it('GHCR_DOCTOR_INTENT=pull is the intent of a demo run as of any run (it was push): target.intent, the push check skipped', () => {
    const r = runBuiltCliSync(['demo', '--json', '--scenario', 'healthy'], { env: { HOME: home.dir, CI: 'true', GHCR_DOCTOR_INTENT: 'pull' } });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { target: { intent: string }; checks: Array<{ id: string; status: string }> };
    expect(report.target.intent).toBe('pull');
    expect(report.checks.find((c) => c.id === 'registry.push')?.status).toBe('skip');
  });

  it('a bad GHCR_DOCTOR_INTENT in the demo is one line, exit 2, before the banner', () => {
    const r = runBuiltCliSync(['demo', '--ci'], { env: { HOME: home.dir, CI: 'true', GHCR_DOCTOR_INTENT: 'both' } });
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^ghcr-doctor: GHCR_DOCTOR_INTENT must be push or pull, not "both"/)]);
  });
});

describe('contract acceptance: a huge input is handled in linear time', () => {
  // Redacting output ran a URL-credentials pattern with an unbounded scheme over every string: quadratic in a
  // run like a-a-a-…, about two minutes per string of 400 000 characters (killed here after 30 s). Now linear.
  it('an Ansible inventory line with 400 000 characters of a_a_… after its vars: the server is read (it took hours)', async () => {
    const dir = await tempDir({ 'inv.ini': `[web]\nweb1 ansible_host=127.0.0.1 ansible_port=1 ansible_user=deploy ${'a_'.repeat(200_000)}\n` });
    try {
      const api = `http://127.0.0.1:${await closedPort()}`;
      const res = await runCli(
        ['--ci', '--json', '--image', image, '--no-status', '--api-url', api, '--timeout', '10', '--hosts', path.join(dir.dir, 'inv.ini')],
        {
          cwd: dir.dir,
          killAfterMs: 30_000,
        },
      );
      expect(res.code, res.stderr.slice(0, 300)).toBe(1);
      expect((JSON.parse(res.stdout) as { target: { servers: string[] } }).target.servers).toEqual(['deploy@127.0.0.1:1']);
    } finally {
      await dir.cleanup();
    }
  });

  it('a --hosts line of 400 000 characters: the report names that server, exit 1', async () => {
    const dir = await tempDir({ hosts: `deploy@${'a-'.repeat(200_000)}x\n` });
    try {
      const api = `http://127.0.0.1:${await closedPort()}`;
      const res = await runCli(
        ['--ci', '--json', '--image', image, '--no-status', '--api-url', api, '--timeout', '10', '--hosts', path.join(dir.dir, 'hosts')],
        {
          cwd: dir.dir,
          killAfterMs: 30_000,
        },
      );
      expect(res.code, res.stderr.slice(0, 300)).toBe(1);
      const report = JSON.parse(res.stdout) as { target: { servers: string[] } };
      expect(report.target.servers[0]).toHaveLength('deploy@'.length + 400_001 + ':22'.length);
    } finally {
      await dir.cleanup();
    }
  });
});

describe('contract acceptance: a current directory that was deleted', () => {
  // It was a stack trace from process.cwd() (ENOENT, uv_cwd), whatever the command.
  it.each([
    [['--ci', '--image', 'ghcr.io/acme/api'], 2],
    [['lint'], 2],
    [['demo', '--ci', '--scenario', 'healthy'], 0],
  ])('%j: exit %i, no stack trace', async (args, code) => {
    const gone = path.join(home.dir, `gone-${code}-${args.length}`);
    await mkdir(gone);
    const r = spawnSync('bash', ['-c', 'cd "$1" && rmdir "$1" && shift && exec "$@"', 'bash', gone, process.execPath, BIN, ...args], {
      env: { PATH: process.env.PATH, HOME: home.dir, CI: 'true' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status, r.stderr).toBe(code);
    expect(r.stderr).not.toMatch(/uv_cwd|\bat .*:\d+:\d+/);
    if (code === 2) expect(r.stderr.split('\n')[0]).toBe('ghcr-doctor: the current directory no longer exists (deleted or moved away)');
  });
});

describe('contract acceptance: a report that cannot be written', () => {
  // `> /dev/full`: every write fails with ENOSPC. It was a stack trace and the verdict's exit code (0 for
  // healthy), though nobody got the report.
  it.each([[['demo', '--ci', '--scenario', 'healthy']], [['demo', '--json', '--scenario', 'healthy']], [['--version']], [['explain', 'denied: denied']]])(
    '%j > /dev/full: exit 2 and one line on stderr, no stack trace',
    (args) => {
      const full = openSync('/dev/full', 'w');
      try {
        const r = spawnSync(process.execPath, [BIN, ...args], {
          stdio: ['ignore', full, 'pipe'],
          env: { PATH: process.env.PATH, HOME: home.dir, CI: 'true' },
          encoding: 'utf8',
          timeout: 30_000,
        });
        expect(r.status, r.stderr).toBe(2);
        const ours = r.stderr.split('\n').filter((l) => l.startsWith('ghcr-doctor: '));
        expect(ours).toEqual(['ghcr-doctor: cannot write to stdout: ENOSPC']);
        expect(r.stderr).not.toMatch(/\bat .*:\d+:\d+|node:events/);
      } finally {
        closeSync(full);
      }
    },
  );

  it('stderr that cannot be written does not change the verdict (the report is on stdout)', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [BIN, 'demo', '--ci', '--scenario', 'push-denied-scopes'], {
        stdio: ['ignore', 'pipe', full],
        env: { PATH: process.env.PATH, HOME: home.dir, CI: 'true' },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/\[token\.missing-scope\]/);
    } finally {
      closeSync(full);
    }
  });
});

describe('contract acceptance: --help per command', () => {
  it.each([
    ['explain', /^ghcr-doctor explain: /],
    ['lint', /^ghcr-doctor lint: /],
    ['demo', /^ghcr-doctor demo: /],
  ])("%s --help is that command's help, exit 0, with its exit codes", (command, first) => {
    const r = runBuiltCliSync([command, '--help'], { env: { HOME: home.dir, CI: 'true' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(first);
    if (command !== 'demo') expect(r.stdout).toMatch(/Exit codes\n {2}0 /);
  });

  it.each([
    [['help'], /^ghcr-doctor: diagnose and fix/],
    [['help', 'lint'], /^ghcr-doctor lint: /],
    [['help', 'explain'], /^ghcr-doctor explain: /],
  ])('%j prints the help as gh, docker and kubectl do (it was "unknown command")', (args, first) => {
    const r = runBuiltCliSync(args, { env: { HOME: home.dir, CI: 'true' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(first);
  });

  it('help with an unknown command names that command, exit 2', () => {
    const r = runBuiltCliSync(['help', 'lnit'], { env: { HOME: home.dir, CI: 'true' } });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('ghcr-doctor: unknown command "lnit": did you mean lint?');
  });
});
