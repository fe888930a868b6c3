import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { parseCliArgs } from '../../../src/cli/args.js';
import type { Runtime } from '../../../src/cli/runtime.js';
import { Redactor } from '../../../src/engine/redact.js';
import { runExplain } from '../../../src/explain/command.js';

function runtime(stdinIsTty: boolean, signal = new AbortController().signal) {
  const out: string[] = [];
  const err: string[] = [];
  const redactor = new Redactor();
  const rt = {
    argv: [],
    env: { NO_COLOR: '1' },
    cwd: '/',
    io: {} as Runtime['io'],
    output: { out: (t: string) => out.push(redactor.redact(t)), err: (t: string) => err.push(redactor.redact(t)), redactor, stdoutIsTty: false, stdinIsTty },
    readStdin: () => Promise.reject(new Error('explain reads stdin as a stream')),
    signal,
  } as Runtime;
  return { rt, out, err };
}

describe('runExplain', () => {
  it('prompts on a terminal, then reads what is pasted until end of input', async () => {
    const { rt, out, err } = runtime(true);
    const code = await runExplain(parseCliArgs(['explain']), rt, Readable.from(['Error: Username and password ', 'required\n']));
    expect(code).toBe(0);
    expect(err.join('')).toMatch(/paste the error, then press Ctrl-D/i);
    expect(out.join('')).toContain('[actions.secret-missing]');
  });
  it('does not prompt when stdin is piped', async () => {
    const { rt, err } = runtime(false);
    await runExplain(parseCliArgs(['explain', '-']), rt, Readable.from(['manifest unknown\n']));
    expect(err).toEqual([]);
  });
  it('turns a stdin read error into exit 2 (unreadable input)', async () => {
    const { rt } = runtime(false);
    const broken = new Readable({
      read() {
        this.destroy(new Error('EISDIR: illegal operation on a directory, read'));
      },
    });
    await expect(runExplain(parseCliArgs(['explain']), rt, broken)).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('could not read stdin'),
    });
  });
  it('stops reading on Ctrl-C', async () => {
    const controller = new AbortController();
    const { rt } = runtime(true, controller.signal);
    const endless = new Readable({ read() {} });
    const pending = runExplain(parseCliArgs(['explain']), rt, endless);
    endless.push('denied: denied\n');
    setTimeout(() => controller.abort(), 20);
    expect(await pending).toBe(130);
  });
});
