import { describe, expect, it } from 'vitest';
import { fixActionsFor, scopesFor, type FixEnvironment } from '../../../src/fixes/index.js';
import { isManualFix } from '../../../src/fixes/manual-links.js';
import { finding } from '../../../src/engine/findings.js';
import { fix } from '../../../src/engine/fixes.js';
import type { FixAction } from '../../../src/fixes/types.js';
import { nodeFileSystem } from '../../../src/io/node-fs.js';

const opened: string[] = [];
const ENV = { apiUrl: 'https://api.github.com', target: 'local' };
const SETTINGS = 'https://github.com/orgs/acme/packages/container/api/settings';
const env = (extra: FixAction[] = []): FixEnvironment => ({
  moreFixes: (f) => extra.filter((a) => f.fixes.some((x) => x.id === a.id)),
  apiUrl: 'https://api.github.com',
  fetch: async () => new Response('{}'),
  fs: nodeFileSystem,
  homedir: '/home/u',
  repo: { owner: 'acme', name: 'api' },
  secretName: 'GHCR_TOKEN',
  currentToken: () => undefined,
  adoptToken: () => {},
  open: async (url) => (opened.push(url), true),
});

describe('fixActionsFor', () => {
  it('token problems get a new classic token (scopes include what is missing) and saving it', () => {
    const f = finding('token.missing-scope', 'token.scopes', {
      detail: 'x',
      evidence: { missing: ['write:packages', 'delete:packages'] },
      fixes: [fix('token.edit-scopes', ENV, { scopes: ['write:packages'] }), fix('token.create-classic', ENV, { scopes: ['write:packages'] })],
    });
    expect(scopesFor(f)).toEqual(['write:packages', 'read:packages', 'delete:packages']);
    expect(scopesFor({ ...f, evidence: { missing: ['read:packages'] } }, 'pull')).toEqual(['read:packages']); // --intent pull
    expect(fixActionsFor(f, env()).map((a) => a.id)).toEqual(['token.create-classic', 'token.store-file']);
  });

  it('a missing repository secret gets the secret fix; without --repo it cannot be offered', () => {
    const f = finding('actions.secret-missing', 'repo.secret', {
      detail: 'x',
      fixes: [fix('actions.set-secret', ENV, { secret: 'GHCR_TOKEN', repo: 'acme/api' })],
    });
    expect(fixActionsFor(f, env()).map((a) => a.id)).toEqual(['actions.set-secret']);
    expect(fixActionsFor(f, { ...env(), repo: undefined })).toEqual([]);
  });

  it('fixes of other modules (the server fixes) are offered for the findings they answer', () => {
    const serverLogin: FixAction = {
      id: 'server.login-persistent',
      title: 't',
      needs: ['token'],
      preview: () => [],
      apply: async () => ({ changed: [] }),
      verify: async () => ({ ok: true, message: '' }),
      recheck: [],
    };
    const f = finding('server.not-logged-in', 'server.credentials', { detail: 'x', fixes: [fix('server.login-persistent', ENV, { commands: [] })] });
    expect(fixActionsFor(f, env([serverLogin]))).toEqual([serverLogin]);
    expect(fixActionsFor(finding('server.clock-skew', 'server.clock', { detail: 'x' }), env([serverLogin]))).toEqual([]);
  });

  it('web-only settings are manual: exact URL, opened only when applied (the user asked), then wait for done', async () => {
    const f = finding('package.not-linked', 'package.info', { detail: 'x', fixes: [fix('package.manage-actions-access', ENV, { settingsUrls: [SETTINGS] })] });
    const [action] = fixActionsFor(f, env());
    expect(action && isManualFix(action)).toBe(true);
    expect(action!.preview({})[0]).toBe('open https://github.com/orgs/acme/packages/container/api/settings in your browser');
    expect(opened).toEqual([]);
    await action!.apply({}, new AbortController().signal);
    expect(opened).toEqual(['https://github.com/orgs/acme/packages/container/api/settings']);
  });

  it('a pull denied to a workflow token offers its Read grant as a web fix (it was shown in the summary, missing from the fix menu)', () => {
    const f = finding('registry.pull-denied', 'registry.pull', { detail: 'x', fixes: [fix('package.grant-read', ENV, { settingsUrls: [SETTINGS] })] });
    const [action] = fixActionsFor(f, env());
    expect(action && isManualFix(action)).toBe(true);
    expect(action!.preview({})[0]).toBe('open https://github.com/orgs/acme/packages/container/api/settings in your browser');
  });

  it('a finding without a fix the tool can make offers nothing (the clock, a command to run by hand)', () => {
    const f = finding('server.clock-skew', 'server.clock', { detail: 'x', fixes: [fix('server.enable-ntp', ENV)] });
    expect(fixActionsFor(f, env())).toEqual([]);
  });
});
