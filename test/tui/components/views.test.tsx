import { afterEach, describe, expect, it } from 'vitest';
import { Box } from 'ink';
import { cleanup } from 'ink-testing-library';
import { CheckRow } from '../../../src/tui/components/CheckRow.js';
import { Summary } from '../../../src/tui/components/Summary.js';
import { Menu } from '../../../src/tui/components/Menu.js';
import { FixPreview } from '../../../src/tui/components/FixPreview.js';
import { LearnPage } from '../../../src/tui/components/LearnPage.js';
import { learnTextFor } from '../../../src/learn/texts.js';
import { FIX_MODES } from '../../../src/tui/App.js';
import { found } from '../fixtures.js';
import { renderPlain } from '../ink-harness.js';

afterEach(() => cleanup());

describe('CheckRow (running view)', () => {
  it('a running step shows a spinner and its elapsed time, and after 3 s what it waits on', () => {
    const row = { id: 'registry.login', title: 'Registry login', status: 'running' as const, dependsOn: [], startedAt: 0, waitsOn: 'ghcr.io/token' };
    const early = renderPlain(<CheckRow row={row} now={1200} />);
    expect(early.lastFrame()).toContain('Registry login');
    expect(early.lastFrame()).toContain('1.2s');
    expect(early.lastFrame()).not.toContain('waiting on');
    const late = renderPlain(<CheckRow row={row} now={3500} />);
    expect(late.lastFrame()).toContain('still waiting on ghcr.io/token');
  });

  it('a finished step shows its glyph, duration and one-line result; a skipped one its reason', () => {
    const failed = renderPlain(
      <CheckRow row={{ id: 't', title: 'Token scopes', status: 'fail', dependsOn: [], durationMs: 250, summary: 'lacks write:packages' }} now={0} />,
    );
    expect(failed.lastFrame()).toMatch(/✖ Token scopes +250ms/);
    expect(failed.lastFrame()).toContain('lacks write:packages');
    const skipped = renderPlain(
      <CheckRow row={{ id: 'p', title: 'Push access', status: 'skip', dependsOn: [], durationMs: 0, summary: 'skipped: depends on Registry login' }} now={0} />,
    );
    expect(skipped.lastFrame()).toContain('○ Push access');
    expect(skipped.lastFrame()).toContain('skipped: depends on Registry login');
  });

  it('fits 80 columns', () => {
    const long = 'x'.repeat(200);
    const f = renderPlain(
      <CheckRow row={{ id: 't', title: long, status: 'pass', dependsOn: [], durationMs: 5, summary: 'ok' }} now={0} width={80} />,
    ).lastFrame()!;
    for (const line of f.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });
});

describe('Summary (finished view)', () => {
  it('lists findings numbered in the given order with ids, and the keys', () => {
    const f = renderPlain(
      <Summary
        findings={[found('token.missing-scope', 'token.scopes', 'lacks write:packages'), found('package.private', 'package.info')]}
        exitCode={1}
        fixCount={2}
        results={[]}
      />,
    ).lastFrame()!;
    expect(f).toContain('Problems found. Fix them in this order:');
    expect(f.indexOf('[token.missing-scope]')).toBeLessThan(f.indexOf('[package.private]'));
    expect(f).toContain('1.');
    expect(f).toContain('f fix (2 available)');
    expect(f).toContain('q quit');
  });

  it('a wrapped line starts at its own indent, not one column right of it (80 columns)', () => {
    const pkg = { ...found('package.private', 'package.info'), title: '127.0.0.1:43525/octocat/api:latest needs credentials to pull' };
    const scope = found('token.missing-scope', 'token.scopes');
    scope.fixes = [
      {
        id: 'token.create-classic',
        title: 'Create a personal access token (classic) with write:packages; update every stored copy (CI secrets, servers)',
        kind: 'manual',
        commands: [],
        links: ['https://github.com/settings/tokens/new?scopes=write:packages&description=ghcr-doctor'],
      },
    ];
    const lines = renderPlain(
      <Box width={80}>
        <Summary findings={[scope, pkg]} exitCode={1} fixCount={1} results={[]} width={80} />
      </Box>,
    )
      .lastFrame()!
      .split('\n');
    expect(lines.find((l) => l.includes('[package.private]'))).toMatch(/^\[package\.private\]|^2\. /);
    expect(lines.find((l) => l.includes('stored copy'))).toMatch(/^ {4}\S/);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
  });

  it('says when nothing blocks, but not without naming steps that could not finish', () => {
    const f = renderPlain(<Summary findings={[]} exitCode={0} fixCount={0} results={[]} unfinished={['Package']} />).lastFrame()!;
    expect(f).toContain('Nothing blocks pulls or pushes.');
    expect(f).toContain('1 step(s) could not finish: Package');
    expect(f).not.toContain('f fix');
  });
});

describe('Menu (fix offer)', () => {
  it('marks the selected mode', () => {
    const f = renderPlain(<Menu title="How?" items={FIX_MODES} index={1} />).lastFrame()!;
    expect(f).toContain('❯ Fix errors only');
    expect(f).toContain('  Fix everything');
    expect(f).toContain('  Choose one by one');
  });

  it('a label that wraps keeps the marker and its space (60 columns, with a hint)', () => {
    const items = [
      { key: 'a', label: 'Grant the repository (Manage Actions access) or the user Read on the package', hint: '(error: registry.pull-denied)' },
      { key: 'b', label: 'Create a classic token with write:packages, read:packages', hint: '(warning: token.app-installation)' },
    ];
    const lines = renderPlain(
      <Box width={60}>
        <Menu title="Which fix?" items={items} index={0} />
      </Box>,
    )
      .lastFrame()!
      .split('\n');
    expect(lines.find((l) => l.includes('Grant'))).toMatch(/^❯ Grant/);
    expect(lines.find((l) => l.includes('Create'))).toMatch(/^ {2}Create/);
  });
});

describe('CheckRow result', () => {
  it('a wrapped result keeps its two-column indent (80 columns)', () => {
    const summary = 'octocat (scopes: repo, read:packages, write:packages, delete:packages, expires 2099-01-01)';
    const lines = renderPlain(<CheckRow row={{ id: 't', title: 'Token identity', status: 'pass', dependsOn: [], durationMs: 5, summary }} now={0} width={80} />)
      .lastFrame()!
      .split('\n');
    expect(lines[1]).toMatch(/^ {2}octocat/);
    expect(lines[2]).toMatch(/^ {2}\S/);
    expect(lines.slice(1).join(' ').replace(/\s+/g, ' ').trim()).toBe(summary);
  });
});

describe('CheckRow while running', () => {
  it("never shows a negative duration when the tick is older than the check's start", () => {
    const f = renderPlain(<CheckRow row={{ id: 't', title: 'Token scopes', status: 'running', dependsOn: [], startedAt: 1000 }} now={977} />).lastFrame()!;
    expect(f).not.toMatch(/-\d+ms/);
    expect(f).toContain('0ms');
  });
});

describe('FixPreview', () => {
  it('shows exactly what will change and asks', () => {
    const f = renderPlain(
      <FixPreview
        title="Save the token"
        findingTitle="token.invalid (error)"
        lines={['write /home/u/.ghcr_token', 'mode 600']}
        needsToken
        stage="preview"
        spinner="-"
        url="https://github.com/settings/tokens/new"
      />,
    ).lastFrame()!;
    expect(f).toContain('• write /home/u/.ghcr_token');
    expect(f).toContain('• mode 600');
    expect(f).toContain('Paste the token now? (y/N) y yes · any other key no · o open the link');
    expect(f).toContain('paste a token (hidden)');
    const ready = renderPlain(
      <FixPreview
        title="Save the token"
        findingTitle="token.invalid (error)"
        lines={['write /home/u/.ghcr_token']}
        needsToken={false}
        tokenAbout="classic token of octo with write:packages"
        stage="preview"
        spinner="-"
      />,
    ).lastFrame()!;
    expect(ready).toContain('Apply this fix? (y/N) y yes · any other key no');
    expect(ready).toContain('token: classic token of octo with write:packages (verified just now)');
  });

  it('a link in a preview line is on its own line at the left edge (no border, no indent), so it stays copyable when it wraps', () => {
    const url = 'https://github.com/settings/tokens/new?scopes=write:packages&description=ghcr-doctor';
    const f = renderPlain(
      <FixPreview title="New token" findingTitle="token.missing-scope (error)" lines={[`open ${url}`]} needsToken={false} stage="preview" spinner="-" />,
    ).lastFrame()!;
    const lines = f.split('\n');
    const at = lines.findIndex((l) => l.startsWith('https://github.com/settings/tokens/new'));
    expect(at, f).toBeGreaterThan(0);
    expect(lines.slice(at, at + 2).join('')).toContain(url);
    expect(f).not.toMatch(/[│╭╰]/);
  });

  it('a manual fix waits for the user before re-checking', () => {
    const f = renderPlain(
      <FixPreview
        title="Make public"
        findingTitle="package.private"
        lines={['open https://x']}
        needsToken={false}
        stage="wait-user"
        spinner="-"
        message="opened https://x"
      />,
    ).lastFrame()!;
    expect(f).toContain('Press enter when you are done');
    expect(f).not.toContain('Apply this fix?');
  });
});

describe('LearnPage', () => {
  it("fits a 60x20 terminal: the findings' details give way before the step's title scrolls off; with room they are shown", () => {
    const ok = (id: string, title: string, summary: string) => ({ id, title, status: 'pass' as const, summary, durationMs: 1, dependsOn: [] });
    const rows = [
      ok('token.discovery', 'Token', 'classic token from GHCR_TOKEN'),
      ok('token.type', 'Token type', 'personal access token (classic)'),
      ok('token.identity', 'Token identity', 'octocat'),
      { ...ok('token.scopes', 'Token scopes', 'missing write:packages (has read:packages)'), status: 'fail' as const },
      ok('token.org', 'Organization access', 'own account'),
    ];
    const detail =
      'To push, the token needs write:packages; it has read:packages. The registry answers "denied: permission_denied: The token provided does not match expected scopes." or "unauthorized".';
    const page = (maxRows?: number) =>
      renderPlain(
        <LearnPage
          step={3}
          total={11}
          rows={rows}
          text={learnTextFor('token.discovery')}
          stage="meaning"
          findings={[found('token.missing-scope', 'token.scopes', detail)]}
          now={0}
          width={60}
          maxRows={maxRows}
        />,
      ).lastFrame()!;
    const small = page(20);
    expect(small.split('\n').length).toBeLessThan(20);
    expect(small).toContain('step 3 of 11');
    expect(small).toContain('Lacks write:packages');
    expect(small).toContain('enter: next step');
    expect(small).not.toContain('To push, the token needs');
    const tall = page(40);
    expect(tall).toContain('To push, the token needs');
    // Before the run, the keys line is wider than 60 columns: folded on words, no line begins with Ink's break space.
    const status = ok('status.github', 'GitHub status', 'operational');
    const before = renderPlain(
      <LearnPage step={1} total={11} rows={[status]} text={learnTextFor(status.id)} stage="explain" findings={[]} now={0} width={60} />,
    ).lastFrame()!;
    expect(before).toContain('enter: run "GitHub status"');
    expect(before).not.toMatch(/^│ {2}\S/m);
  });

  const row = { id: 'server.credentials', title: 'Registry credentials stored on the server', status: 'pending' as const, dependsOn: [] };
  it('explains the step before it runs', () => {
    const f = renderPlain(<LearnPage step={3} total={9} rows={[row]} text={learnTextFor(row.id)} stage="explain" findings={[]} now={0} />).lastFrame()!;
    expect(f).toContain('step 3 of 9');
    expect(f).toContain('vanishes at every reboot');
    expect(f).toContain('enter: run "Registry credentials stored on the server"');
    expect(f).not.toContain('What this means for you');
  });

  it('after the step: the result and what it means, with the findings', () => {
    const done = { ...row, status: 'fail' as const, summary: 'no credential for ghcr.io', durationMs: 40 };
    const f = renderPlain(
      <LearnPage
        step={3}
        total={9}
        rows={[done]}
        text={learnTextFor(row.id)}
        stage="meaning"
        findings={[found('server.not-logged-in', row.id, 'deploy has no login')]}
        now={0}
      />,
    ).lastFrame()!;
    expect(f).toContain('What this means for you');
    expect(f).toContain('deploy has no login');
    expect(f).toContain('enter: next step');
  });

  it('a page of several checks, once run: no explanation again, passed checks on one line, what failed with its detail', () => {
    const token = { id: 'token.discovery', title: 'Token', status: 'pass' as const, summary: 'classic token from GHCR_TOKEN', durationMs: 2, dependsOn: [] };
    const scopes = { id: 'token.scopes', title: 'Token scopes', status: 'fail' as const, summary: 'missing write:packages', durationMs: 1, dependsOn: [] };
    const f = renderPlain(
      <LearnPage
        step={3}
        total={9}
        rows={[token, scopes]}
        text={learnTextFor(token.id)}
        stage="meaning"
        findings={[found('token.missing-scope', scopes.id, 'lacks write:packages')]}
        now={0}
      />,
    ).lastFrame()!;
    expect(f).not.toContain('Fine-grained');
    expect(f).not.toContain('classic token from GHCR_TOKEN');
    expect(f).toContain('missing write:packages');
    expect(f).toContain('The registry will refuse what you asked with this token');
    // An SSO refusal is not cured by a new token: the meaning does not promise one.
    const org = { id: 'token.org', title: 'Organization access', status: 'fail' as const, summary: 'acme enforces SAML SSO', durationMs: 1, dependsOn: [] };
    const sso = renderPlain(
      <LearnPage
        step={3}
        total={9}
        rows={[token, org]}
        text={learnTextFor(token.id)}
        stage="meaning"
        findings={[found('token.sso-unauthorized', org.id, 'not authorized for SSO')]}
        now={0}
      />,
    ).lastFrame()!;
    expect(sso).not.toMatch(/new classic token/);
  });

  it('learn texts match by the longest id prefix', () => {
    expect(learnTextFor('registry.push').topic).toBe('Can this token push?');
    expect(learnTextFor('registry.login').topic).toContain('token exchange');
    expect(learnTextFor('server.pull').topic).toBe('A real pull on the server');
    expect(learnTextFor('server.runtime').topic).toBe('Credentials on the server');
    expect(learnTextFor('whatever').topic).toBe('Next step');
  });
});
