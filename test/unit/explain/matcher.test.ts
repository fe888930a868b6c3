import { describe, expect, it } from 'vitest';
import { ExplainMatcher, explainText, maskPasswordArgs } from '../../../src/explain/matcher.js';
import { normalizeLogLine } from '../../../src/explain/normalize.js';
import { readLines } from '../../../src/explain/read-lines.js';
import { imageHintOf } from '../../../src/explain/image-hint.js';
import { PATTERNS } from '../../../src/explain/knowledge.js';
import { FINDING_IDS } from '../../../src/engine/catalog.js';
import { MATCHING } from './corpus.js';

describe('normalizeLogLine', () => {
  it('strips GitHub Actions timestamps, ##[error] markers and ANSI colours', () => {
    const raw = '2026-11-30T10:00:00.1234567Z ##[error]\u001b[31mdenied:\u001b[0m installation not allowed to Write organization package';
    expect(normalizeLogLine(raw)).toBe('denied: installation not allowed to Write organization package');
  });
  it('strips syslog prefixes and unescapes JSON-captured quotes', () => {
    expect(normalizeLogLine('Nov 30 10:00:00 web1 podman[812]: Error: not logged into ghcr.io')).toBe('Error: not logged into ghcr.io');
    expect(normalizeLogLine('{"log":"Get \\"https://ghcr.io/v2/\\": denied: denied"}')).toBe('{"log":"Get "https://ghcr.io/v2/": denied: denied"}');
  });
});

describe('ExplainMatcher', () => {
  it('matches with and without the "Error response from daemon:" prefix dexidp/dex#2672', () => {
    const bare = 'Head "https://ghcr.io/v2/dexidp/dex/manifests/v2.30.2": denied: denied';
    expect(explainText(bare).matches[0]!.id).toBe('token.stale-stored');
    expect(explainText(`Error response from daemon: ${bare}`).matches[0]!.id).toBe('token.stale-stored');
  });

  it('names each id once, at its best line, and reports the line number', () => {
    const log = [
      'Step 1/3 : FROM node:20',
      'Error response from daemon: denied: denied',
      'denied: permission_denied: The token provided does not match expected scopes.',
      'Error response from daemon: denied: denied',
    ].join('\n');
    const { matches } = explainText(log);
    const ids = matches.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(matches[0]).toMatchObject({ id: 'token.missing-scope', confidence: 'high', line: 3 });
    // `denied: denied` is generic wording and nothing here mentions GHCR: one level lower than medium
    expect(matches.find((m) => m.id === 'token.stale-stored')).toMatchObject({ line: 2, confidence: 'low' });
  });

  it('joins a message the seed runbook split over two lines seed 001', () => {
    const log =
      'Error: initializing source docker://ghcr.io/hellocplusplus0/v7/backend:latest: \nRequesting bearer token: invalid status code from registry 403 (Forbidden)';
    const { matches } = explainText(log);
    expect(matches[0]).toMatchObject({ id: 'token.stale-stored', confidence: 'high', line: 2 });
    // the image from line 1 names the confirm command
    expect(matches[0]!.confirm[0]).toBe('ghcr-doctor --ci --image ghcr.io/hellocplusplus0/v7/backend:latest');
  });

  it('lowers confidence of generic wording when nothing mentions GHCR', () => {
    expect(explainText('manifest unknown').matches[0]).toMatchObject({ id: 'registry.tag-missing', confidence: 'medium' });
    expect(explainText('pulling ghcr.io/acme/api:v9\nmanifest unknown').matches[0]).toMatchObject({ confidence: 'high' });
  });

  it('skips generic wording on lines that name another registry', () => {
    expect(explainText('Error response from daemon: Head "https://registry-1.docker.io/v2/library/nginx/manifests/x": unauthorized').matches).toEqual([]);
  });

  it('puts the image of the line into confirm commands and settings links', () => {
    const m = explainText(
      'Error: writing blob: initiating layer upload to /v2/tuna-os/flounder-sid/blobs/uploads/ in ghcr.io: denied: permission_denied: write_package',
    ).matches;
    const notLinked = m.find((x) => x.id === 'package.not-linked')!;
    expect(notLinked.fixes[0]!.links).toContain('https://github.com/orgs/tuna-os/packages/container/flounder-sid/settings');
    expect(notLinked.confirm[0]).toContain('--repo OWNER/REPO');
  });

  it('says nothing rather than guessing on unrelated text', () => {
    const r = explainText('hello world\nall good');
    expect(r.matches).toEqual([]);
    expect(r.linesRead).toBe(2);
  });

  it('explains each line once and keeps a tell-apart note where several modes match', () => {
    const line = 'denied: installation not allowed to Write organization package';
    const r = explainText(Array(500).fill(line).join('\n'));
    expect(r.explanations).toHaveLength(1);
    expect(r.explanations[0]!.tellApart).toMatch(/Manage Actions access/);
    expect(r.explanations[0]!.line).toBe(1);
  });

  it('tells a user-owned package (write_package) from an organization package (installation not allowed)', () => {
    const user = explainText('denied: permission_denied: write_package').explanations[0]!;
    const org = explainText('denied: installation not allowed to Write organization package').explanations[0]!;
    expect(user.tellApart).toMatch(/owned by a user/);
    expect(org.tellApart).toMatch(/organization-package wording/);
    expect(explainText('denied: permission_denied: write_package').matches[0]!.id).toBe('package.not-linked');
    expect(explainText('denied: installation not allowed to Write organization package').matches[0]!.id).toBe('workflow.missing-packages-write');
  });

  it('treats CR-rewritten progress lines as separate messages', () => {
    const m = new ExplainMatcher();
    m.feed('Pushing 10%\rPushing 50%\rdenied: permission_denied: write_package');
    expect(m.result().matches[0]).toMatchObject({ id: 'package.not-linked', line: 1 });
  });

  it('masks a password given as an argument in a login command', () => {
    expect(maskPasswordArgs('docker login ghcr.io -u me -p s3cr3tvalue')).toBe('docker login ghcr.io -u me -p ****');
    expect(maskPasswordArgs('podman login --password="abc def" ghcr.io')).toBe('podman login --password=**** ghcr.io');
    const m = explainText('docker login ghcr.io -u me -p s3cr3tvalue').matches[0]!;
    expect(m.id).toBe('workflow.token-in-command-line');
    expect(m.text).not.toContain('s3cr3tvalue');
  });

  it('cuts very long lines down to an excerpt around the match', () => {
    const long = `${'x'.repeat(5000)} denied: permission_denied: write_package ${'y'.repeat(5000)}`;
    const m = explainText(long).matches[0]!;
    expect(m.text.length).toBeLessThan(410);
    expect(m.text).toContain('write_package');
  });
});

describe('manifest for NAME:TAG not found', () => {
  it('is Docker Hub when the name has no host: no GHCR finding, a note instead', () => {
    const r = explainText('Error response from daemon: manifest for ivangabriele/dockfish:latest not found: manifest unknown: manifest unknown');
    expect(r.matches).toEqual([]);
    expect(r.notGhcr.map((n) => n.registry)).toContain('Docker Hub');
  });
  it('is still a missing GHCR tag when the name starts with ghcr.io', () => {
    const r = explainText('Error response from daemon: manifest for ghcr.io/acme/app:v9 not found: manifest unknown: manifest unknown');
    expect(r.matches[0]!.id).toBe('registry.tag-missing');
  });
});

describe('knowledge base', () => {
  it('only names ids from the catalog and gives every mode a cause', () => {
    for (const p of PATTERNS) {
      expect(p.modes.length).toBeGreaterThan(0);
      for (const m of p.modes) {
        expect(FINDING_IDS).toContain(m.id);
        expect(m.causes.length).toBeGreaterThan(0);
      }
      expect(p.re.flags.includes('g')).toBe(false); // a global regex would carry lastIndex between lines
    }
  });
  it('gates every pattern with lowercase needles that each corpus line it can match contains', () => {
    for (const p of PATTERNS) {
      expect(p.needles.length).toBeGreaterThan(0);
      for (const n of p.needles) expect(n).toBe(n.toLowerCase());
      for (const c of MATCHING) {
        const line = normalizeLogLine(c.line);
        if (p.re.test(line))
          expect(
            p.needles.some((n) => line.toLowerCase().includes(n)),
            `${p.key} on ${c.line}`,
          ).toBe(true);
      }
    }
  });
  it('has unique pattern keys', () => {
    const keys = PATTERNS.map((p) => p.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('imageHintOf', () => {
  it('reads the image from registry URLs and plain references', () => {
    expect(imageHintOf('Head "https://ghcr.io/v2/acme/team/api/manifests/v1.2": denied')).toEqual({
      ref: 'ghcr.io/acme/team/api:v1.2',
      owner: 'acme',
      name: 'team/api',
    });
    expect(imageHintOf('pulling ghcr.io/acme/api:latest.')).toEqual({ ref: 'ghcr.io/acme/api:latest', owner: 'acme', name: 'api' });
    expect(imageHintOf('Get "https://ghcr.io/v2/": denied')).toBeUndefined();
  });
});

describe('readLines', () => {
  async function* chunks(...parts: Array<string | Buffer>) {
    for (const p of parts) yield typeof p === 'string' ? Buffer.from(p) : p;
  }
  it('splits across chunk boundaries, drops CRLF endings and keeps multi-byte characters whole', async () => {
    const euro = Buffer.from('€');
    const out: string[] = [];
    for await (const l of readLines(chunks('one\r\ntw', 'o\n', Buffer.concat([Buffer.from('th'), euro.subarray(0, 1)]), euro.subarray(1), 'ree'))) out.push(l);
    expect(out).toEqual(['one', 'two', 'th€ree']);
  });
  it('propagates stream errors', async () => {
    async function* failing() {
      yield Buffer.from('a\n');
      throw new Error('EIO: i/o error');
    }
    await expect(async () => {
      for await (const _ of readLines(failing())) void _;
    }).rejects.toThrow('EIO');
  });
});
