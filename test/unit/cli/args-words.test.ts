import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../../src/cli/args.js';
import { helpFor } from '../../../src/cli/help.js';

const message = (argv: string[]) => {
  try {
    parseCliArgs(argv);
  } catch (error) {
    return (error as Error).message;
  }
  return 'parsed';
};

describe("usage errors in the tool's words", () => {
  it('a mistyped flag or command names the nearest one; no raw Node parser message', () => {
    expect(message(['--imgae', 'ghcr.io/a/b'])).toBe('unknown option --imgae: did you mean --image?');
    expect(message(['lnit'])).toBe('unknown command "lnit": did you mean lint?');
    expect(message(['--image'])).toBe('--image needs a value');
    expect(message(['--ci=yes'])).toBe('--ci takes no value');
    expect(message(['--zzzzzzzz'])).toBe('unknown option --zzzzzzzz');
  });

  it('help per command: demo lists its scenarios, explain says how to end a paste', async () => {
    const demo = await helpFor('demo');
    for (const name of ['push-denied-scopes', 'server-403', 'fine-grained-token', 'private-package-anonymous-pull', 'actions-token-on-server', 'healthy'])
      expect(demo).toContain(name);
    expect(await helpFor('explain')).toMatch(/end with Ctrl-D/);
  });
});
