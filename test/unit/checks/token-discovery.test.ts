import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { tokenDiscoveryCheck } from '../../../src/checks/token-discovery.js';
import { ids, runCheck, tempHome, testContext } from './context.js';

const T = (c: string) => `ghp_${c.repeat(36)}`;
const b64 = (s: string) => Buffer.from(s).toString('base64');
let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups) await c();
  cleanups = [];
});
async function home(files: Record<string, string | object> = {}) {
  const h = await tempHome(files);
  cleanups.push(h.cleanup);
  return h.dir;
}

describe('token.discovery: order of sources (contract "Inputs")', () => {
  const all = {
    '.ghcr_token': `${T('h')}\n`,
    'tok.txt': `${T('f')}\n`,
    '.docker/config.json': { auths: { 'ghcr.io': { auth: b64(`dockeruser:${T('d')}`) } } },
    '.config/containers/auth.json': { auths: { 'ghcr.io': { auth: b64(`podmanuser:${T('p')}`) } } },
  };
  const env = { GHCR_TOKEN: T('g'), GITHUB_TOKEN: T('a'), GH_TOKEN: T('c') };

  it('takes each source in turn as the ones before it disappear', async () => {
    const dir = await home(all);
    const steps: Array<[Partial<Parameters<typeof testContext>[0]>, string, string]> = [
      [{ inputs: { tokenFile: path.join(dir, 'tok.txt'), stdinToken: T('s') }, env }, `--token-file ~/tok.txt`, T('f')],
      [{ inputs: { stdinToken: T('s') }, env }, '--token-stdin', T('s')],
      [{ env }, 'GHCR_TOKEN', T('g')],
      [{ env: { GITHUB_TOKEN: T('a'), GH_TOKEN: T('c') } }, 'GITHUB_TOKEN', T('a')],
      [{ env: { GH_TOKEN: T('c') } }, 'GH_TOKEN', T('c')],
      [{}, '~/.ghcr_token', T('h')],
    ];
    for (const [opts, source, value] of steps) {
      const ctx = testContext({ ...opts, homedir: dir });
      const out = await runCheck(tokenDiscoveryCheck, ctx);
      expect(out.status, source).toBe('pass');
      expect(ctx.facts.token).toMatchObject({ source, value });
    }
  });

  it('falls back to docker config.json (auth = base64 user:token), then podman auth.json', async () => {
    const dir = await home({ '.docker/config.json': all['.docker/config.json'], '.config/containers/auth.json': all['.config/containers/auth.json'] });
    const ctx = testContext({ homedir: dir });
    const out = await runCheck(tokenDiscoveryCheck, ctx);
    expect(out.status).toBe('pass');
    expect(ctx.facts.token).toMatchObject({ source: '~/.docker/config.json (ghcr.io)', value: T('d'), storedUser: 'dockeruser', kind: 'classic' });
    expect(out.summary).toMatch(/; also: ~\/\.config\/containers\/auth\.json \(ghcr\.io\)$/);

    const podmanOnly = await home({ 'run/containers/auth.json': { auths: { 'https://ghcr.io': { auth: b64(`pu:${T('r')}`) } } } });
    const ctx2 = testContext({ homedir: podmanOnly, env: { XDG_RUNTIME_DIR: path.join(podmanOnly, 'run') } });
    await runCheck(tokenDiscoveryCheck, ctx2);
    expect(ctx2.facts.token).toMatchObject({ source: '~/run/containers/auth.json (https://ghcr.io)', value: T('r'), storedUser: 'pu' });
  });

  it('reads docker identitytoken entries', async () => {
    const dir = await home({ '.docker/config.json': { auths: { 'ghcr.io': { identitytoken: T('i') } } } });
    const ctx = testContext({ homedir: dir });
    await runCheck(tokenDiscoveryCheck, ctx);
    expect(ctx.facts.token).toMatchObject({ value: T('i') });
  });

  it('only uses credentials stored for the image registry host', async () => {
    const dir = await home({ '.docker/config.json': { auths: { 'docker.io': { auth: b64(`u:${T('x')}`) } } } });
    const out = await runCheck(tokenDiscoveryCheck, testContext({ homedir: dir }));
    expect(ids(out)).toEqual(['token.not-found']);
  });

  it('lists the other sources found in the summary and evidence', async () => {
    const dir = await home({ '.ghcr_token': T('h') });
    const ctx = testContext({ homedir: dir, env: { GHCR_TOKEN: T('g'), GH_TOKEN: T('c') } });
    const out = await runCheck(tokenDiscoveryCheck, ctx);
    expect(out.summary).toContain('GHCR_TOKEN');
    expect(out.summary).toMatch(/; also: GH_TOKEN, ~\/\.ghcr_token$/);
  });

  it('an empty GHCR_TOKEN is "set but empty": the next source is used and the note says so', async () => {
    const ctx = testContext({ env: { GHCR_TOKEN: '', GITHUB_TOKEN: T('a') } });
    const out = await runCheck(tokenDiscoveryCheck, ctx);
    expect(out.status).toBe('pass');
    expect(ctx.facts.token).toMatchObject({ source: 'GITHUB_TOKEN' });
    expect(out.summary).toContain('also: GHCR_TOKEN (set but empty)');
  });

  it('nothing anywhere → token.not-found (error) and dependants are blocked', async () => {
    const dir = await home();
    const out = await runCheck(tokenDiscoveryCheck, testContext({ homedir: dir, env: { GHCR_TOKEN: '  ' } }));
    expect(out.status).toBe('fail');
    expect(out.dependantsMayRun).toBeFalsy();
    const f = out.findings![0]!;
    expect(f).toMatchObject({ id: 'token.not-found', severity: 'error' });
    expect(f.evidence.notes).toEqual(['GHCR_TOKEN (set but empty)']);
    expect(f.fixes[0]!.links).toEqual(['https://github.com/settings/tokens/new?scopes=write:packages&description=ghcr-doctor']);
  });

  it('a docker credential helper is named in token.not-found (ghcr-doctor does not run helpers)', async () => {
    const dir = await home({ '.docker/config.json': { auths: { 'ghcr.io': {} }, credsStore: 'secretservice' } });
    const out = await runCheck(tokenDiscoveryCheck, testContext({ homedir: dir }));
    expect(ids(out)).toEqual(['token.not-found']);
    expect(out.findings![0]!.detail).toContain('docker-credential-secretservice');
  });

  it('an unreadable --token-file (here: a directory) is an error naming the file, not a silent fallback', async () => {
    const dir = await home({ 'd/x': 'y' });
    const ctx = testContext({ homedir: dir, inputs: { tokenFile: path.join(dir, 'd') }, env: { GHCR_TOKEN: T('g') } });
    await expect(runCheck(tokenDiscoveryCheck, ctx)).rejects.toThrow(/cannot read --token-file .*: it is a directory/);
  });
});

describe('token.discovery: hygiene', () => {
  it('a CRLF token file is token.malformed with evidence, and the cleaned value is used', async () => {
    const dir = await home({ tok: `${T('f')}\r\n` });
    const ctx = testContext({ homedir: dir, inputs: { tokenFile: path.join(dir, 'tok') } });
    const out = await runCheck(tokenDiscoveryCheck, ctx);
    expect(out.status).toBe('fail');
    expect(out.dependantsMayRun).toBe(true);
    expect(out.findings![0]).toMatchObject({ id: 'token.malformed', evidence: { problems: ['crlf'], source: '--token-file ~/tok' } });
    expect(ctx.facts.token!.value).toBe(T('f'));
  });

  it('a single trailing newline is not malformed', async () => {
    const dir = await home({ tok: `${T('f')}\n` });
    const out = await runCheck(tokenDiscoveryCheck, testContext({ homedir: dir, inputs: { tokenFile: path.join(dir, 'tok') } }));
    expect(out.status).toBe('pass');
    expect(out.findings ?? []).toEqual([]);
  });

  it('quotes and spaces in GHCR_TOKEN are reported and stripped', async () => {
    const ctx = testContext({ env: { GHCR_TOKEN: ` "${T('g')}" ` } });
    const out = await runCheck(tokenDiscoveryCheck, ctx);
    expect(out.findings![0]!.evidence.problems).toEqual(expect.arrayContaining(['quotes', 'leading-whitespace', 'trailing-whitespace']));
    expect(ctx.facts.token!.value).toBe(T('g'));
  });

  it('registers raw and cleaned values (and base64 user:token) with the redactor as soon as they are read', async () => {
    // Prefix-less legacy tokens: only the run-known registration can mask these, not the ghp_ shape rule.
    const legacyA = 'a1b2c3d4e5'.repeat(4);
    const legacyB = '0f9e8d7c6b'.repeat(4);
    const dir = await home({ '.ghcr_token': `\uFEFF${legacyA} \r\n`, '.docker/config.json': { auths: { 'ghcr.io': { auth: b64(`deploy:${legacyB}`) } } } });
    const ctx = testContext({ homedir: dir });
    await runCheck(tokenDiscoveryCheck, ctx);
    const leak = `t=${legacyA} other=${legacyB} basic=${b64(`deploy:${legacyB}`)}`;
    const red = ctx.redactor.redact(leak);
    expect(red).not.toContain(legacyA);
    expect(red).not.toContain(legacyB);
    expect(red).not.toContain(b64(`deploy:${legacyB}`));
    expect(red).toBe('t=**** other=**** basic=****');
  });
});

describe('token.discovery: the fix for a malformed file', () => {
  it('CR/quotes: a command that strips them; several lines: edit by hand (stripping would glue lines)', async () => {
    const dir = await home({ '.ghcr_token': `"${T('f')}"\r\n` });
    const a = await runCheck(tokenDiscoveryCheck, testContext({ homedir: dir }));
    expect(a.findings![0]!.fixes[0]!.commands[0]).toMatch(/^tr -d .* < ~\/\.ghcr_token /);
    const dir2 = await home({ '.ghcr_token': `octocat\n${T('f')}\n` });
    const b = await runCheck(tokenDiscoveryCheck, testContext({ homedir: dir2 }));
    expect(b.findings![0]!.evidence.problems).toEqual(['multiple-lines']);
    expect(b.findings![0]!.fixes[0]!.commands).toEqual(['${EDITOR:-vi} ~/.ghcr_token']);
  });
});

describe('token.discovery: junk values', () => {
  it('GHCR_TOKEN="" (just quotes) is skipped like an empty one, with a note', async () => {
    const ctx = testContext({ env: { GHCR_TOKEN: '""', GH_TOKEN: T('c') } });
    const out = await runCheck(tokenDiscoveryCheck, ctx);
    expect(out.status).toBe('pass');
    expect(ctx.facts.token).toMatchObject({ source: 'GH_TOKEN', value: T('c') });
    expect(out.summary).toContain('also: GHCR_TOKEN (nothing but quotes or whitespace)');
  });
});
