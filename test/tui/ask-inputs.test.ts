import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../src/cli/args.js';
import { resolveInputs } from '../../src/cli/config.js';
import { NoTtyError, CancelledError } from '../../src/cli/errors.js';
import { Redactor } from '../../src/engine/redact.js';
import { nodeFileSystem } from '../../src/io/node-fs.js';
import { askMissingInputs } from '../../src/tui/ask-inputs.js';
import { inquirerPrompter, type Prompter } from '../../src/tui/prompts.js';
import { pickTheme } from '../../src/tui/theme.js';

/** Answers from a script, recording what was asked (and refusing questions not in the script). */
function scripted(answers: Record<string, string>): Prompter & { asked: string[] } {
  const asked: string[] = [];
  const answer = async (q: { what: string; default?: string }) => {
    asked.push(q.what);
    if (!(q.what in answers)) throw new Error(`unexpected question: ${q.what}`);
    const a = answers[q.what]!;
    return a === '<default>' ? (q.default ?? '') : a;
  };
  return { asked, input: answer, password: answer, select: answer as Prompter['select'] };
}

async function setup(argv: string[], env: Record<string, string> = {}, files: Record<string, string> = {}) {
  const home = await mkdtemp(path.join(os.tmpdir(), 'ask-home-'));
  const cwd = await mkdtemp(path.join(os.tmpdir(), 'ask-cwd-'));
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(home, rel)), { recursive: true });
    await writeFile(path.join(home, rel), text);
  }
  const args = parseCliArgs(argv);
  const inputs = await resolveInputs(args, { env, cwd, interactive: true, readStdin: async () => '', requireImage: false });
  return { args, env, home, inputs };
}

describe('askMissingInputs', () => {
  it('never asks what flags or environment gave', async () => {
    const { args, env, home, inputs } = await setup(['--image', 'ghcr.io/acme/api:1', '--repo', 'acme/api', '--ssh', 'deploy@h:2222', '--intent', 'pull'], {
      GHCR_TOKEN: 'ghp_x',
    });
    const prompter = scripted({});
    const out = await askMissingInputs(inputs, { args, env, fs: nodeFileSystem, homedir: home, prompter, redactor: new Redactor() });
    expect(prompter.asked).toEqual([]);
    expect(out.ssh).toMatchObject({ user: 'deploy', host: 'h', port: 2222 });
    expect(out.intent).toBe('pull');
  });

  it('asks the image, a masked token (registered as a secret), and skips optional ones with Enter', async () => {
    const { args, env, home, inputs } = await setup([]);
    const redactor = new Redactor();
    const prompter = scripted({
      'the image': 'ghcr.io/acme/api:latest',
      'what the token is for': 'pull',
      'the token source': 'paste',
      'the token': 'ghp_pastedPastedPastedPastedPasted0001',
      'the repository': '',
      'the deploy server': '',
    });
    const out = await askMissingInputs(inputs, { args, env, fs: nodeFileSystem, homedir: home, prompter, redactor });
    expect(prompter.asked).toEqual(['the image', 'what the token is for', 'the token source', 'the token', 'the repository', 'the deploy server']);
    expect(out.image?.canonical).toBe('ghcr.io/acme/api:latest');
    expect(out.stdinToken).toBe('ghp_pastedPastedPastedPastedPasted0001');
    expect(out.intent).toBe('pull');
    expect(redactor.redact('ghp_pastedPastedPastedPastedPasted0001')).toBe('ghp_****');
    expect(out.repo).toBeUndefined();
    expect(out.ssh).toBeUndefined();
  });

  it('~/.ghcr_token counts as a token; a Host alias of ~/.ssh/config expands to its user, host name and port', async () => {
    const { args, env, home, inputs } = await setup(
      ['--image', 'ghcr.io/acme/api'],
      { GHCR_DOCTOR_INTENT: 'push' },
      {
        '.ghcr_token': 'ghp_x',
        '.ssh/config': 'Host prod\n  HostName 203.0.113.7\n  User deploy\n  Port 2202\n\nHost *\n  ServerAliveInterval 30\n',
      },
    );
    const prompter = scripted({ 'the repository': '', 'the deploy server': 'prod' });
    const out = await askMissingInputs(inputs, { args, env, fs: nodeFileSystem, homedir: home, prompter, redactor: new Redactor() });
    expect(prompter.asked).toEqual(['the repository', 'the deploy server']);
    expect(out.ssh).toMatchObject({ user: 'deploy', host: '203.0.113.7', port: 2202 });
  });
});

describe('inquirerPrompter', () => {
  it('without a terminal every question throws NoTtyError naming the flag', async () => {
    const p = inquirerPrompter({ tty: false, signal: new AbortController().signal });
    await expect(() => p.input({ message: 'Image', what: 'the image', flag: '--image REF' })).toThrow(NoTtyError);
    await expect(() => p.password({ message: 'Token', what: 'the token', flag: '--token-stdin' })).toThrow(/pass --token-stdin|cannot ask for the token/);
  });

  it('after Ctrl-C nothing more is asked', () => {
    const c = new AbortController();
    c.abort();
    const p = inquirerPrompter({ tty: true, signal: c.signal });
    expect(() => p.input({ message: 'Image', what: 'the image', flag: '--image REF' })).toThrow(CancelledError);
  });
});

describe('pickTheme', () => {
  it('no colour wins; GHCR_DOCTOR_THEME, then COLORFGBG (light background), then dark', () => {
    expect(pickTheme({ GHCR_DOCTOR_THEME: 'light' }, false).name).toBe('none');
    expect(pickTheme({ GHCR_DOCTOR_THEME: 'light' }, true).name).toBe('light');
    expect(pickTheme({ COLORFGBG: '0;15' }, true).name).toBe('light');
    expect(pickTheme({ COLORFGBG: '15;0' }, true).name).toBe('dark');
    expect(pickTheme({}, true).name).toBe('dark');
  });
});
