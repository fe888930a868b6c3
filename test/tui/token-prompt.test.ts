import { describe, expect, it } from 'vitest';
import { askVerifiedToken } from '../../src/tui/token-prompt.js';
import type { Prompter } from '../../src/tui/prompts.js';
import { Redactor } from '../../src/engine/redact.js';
import { fakeFetch } from '../helpers/fake-fetch.js';

const GOOD = 'ghp_' + 'G00dT0kenAbCdEfGhIjKlMnOpQrStUvWxYz';
const BAD = 'ghp_' + 'BadT0kenAbCdEfGhIjKlMnOpQrStUvWxYz0';
const READ = 'ghp_' + 'ReadT0kenAbCdEfGhIjKlMnOpQrStUvWxY';

const api = fakeFetch([
  {
    method: 'GET',
    url: 'https://api.github.com/user',
    reply: (req) => {
      const auth = req.headers.get('authorization');
      if (auth === `token ${GOOD}`) return { body: { login: 'octo' }, headers: { 'x-oauth-scopes': 'write:packages, repo' } };
      if (auth === `token ${READ}`) return { body: { login: 'octo' }, headers: { 'x-oauth-scopes': 'read:packages' } };
      return { status: 401, body: { message: 'Bad credentials' } };
    },
  },
]);

/** Types each answer in turn into the prompt, as inquirer does: a validation message keeps it open. */
function typing(answers: string[]): Prompter & { shown: string[] } {
  const shown: string[] = [];
  const password: Prompter['password'] = async (q) => {
    for (const a of answers) {
      const verdict = (await q.validate?.(a)) ?? true;
      if (verdict === true) return a;
      shown.push(verdict);
    }
    throw new Error('ran out of answers');
  };
  return { shown, password, input: password, select: (async () => '') as Prompter['select'] };
}

const check = (redactor = new Redactor()) => ({
  apiUrl: 'https://api.github.com',
  fetch: api,
  scopes: ['write:packages'],
  redactor,
  signal: new AbortController().signal,
});

describe('askVerifiedToken', () => {
  it('a rejected token keeps the prompt open with the reason; the next paste is verified and described (type, login, scopes)', async () => {
    const prompter = typing([BAD, `github_pat_${'x'.repeat(40)}`, READ, GOOD]);
    const redactor = new Redactor();
    const got = await askVerifiedToken(prompter, 'local', check(redactor));
    expect(prompter.shown[0]).toMatch(/401 Bad credentials.*Ctrl-U clears it: paste another token/);
    expect(prompter.shown[1]).toMatch(/fine-grained/);
    expect(prompter.shown[2]).toMatch(/lacks write:packages \(it has read:packages\)/);
    expect(got).toEqual({ value: GOOD, about: 'classic token of octo with write:packages, repo' });
    for (const line of prompter.shown) expect(line).not.toMatch(/ghp_[A-Za-z0-9]{5}|\[[A-H]\d+\]/);
    expect(redactor.redact(BAD)).toBe('ghp_****');
  });

  it('an empty answer gives up: nothing comes back', async () => {
    expect(await askVerifiedToken(typing(['']), 'server', check())).toBeUndefined();
  });
});
