import { describe, expect, it, vi } from 'vitest';
import { statusCheck, STATUS_FETCH_TIMEOUT_MS } from '../../../src/checks/status.js';
import { fakeFetch, hangingFetch, networkError, type FakeReply } from '../../helpers/fake-fetch.js';
import { buildChecks } from '../../../src/checks/index.js';
import { baseInputs, ids, runCheck, testContext } from './context.js';

const URL_ = 'https://www.githubstatus.com/api/v2/summary.json';

/** Shaped like githubstatus.com's Statuspage summary (crazy-max/ghaction-github-status fixtures). */
function summary(over: { components?: Array<[string, string, string]>; incidents?: unknown[]; indicator?: string } = {}) {
  const components = over.components ?? [
    ['8l4ygp009s5s', 'Git Operations', 'operational'],
    ['brv1bkgrwx7q', 'API Requests', 'operational'],
    ['4230lsnqdsld', 'Webhooks', 'operational'],
    ['0l2p9nhqnxpd', 'Visit www.githubstatus.com for more information', 'operational'],
    ['br0l2tvcx85d', 'Actions', 'operational'],
    ['st3j38cctv9l', 'Packages', 'operational'],
    ['vg70hn9s2tyj', 'Pages', 'operational'],
  ];
  return {
    page: { id: 'kctbh9vrtdwd', name: 'GitHub', url: 'https://www.githubstatus.com', time_zone: 'Etc/UTC', updated_at: '2026-09-20T08:55:00.000Z' },
    components: components.map(([id, name, status], i) => ({
      id,
      name,
      status,
      created_at: '2017-01-31T20:05:05.370Z',
      position: i + 1,
      description: null,
      showcase: false,
      group_id: null,
      page_id: 'kctbh9vrtdwd',
      group: false,
      only_show_if_degraded: false,
    })),
    incidents: over.incidents ?? [],
    scheduled_maintenances: [],
    status: { indicator: over.indicator ?? 'none', description: 'All Systems Operational' },
  };
}

const run = (reply: FakeReply | (() => never), statusUrl: string | null = 'https://www.githubstatus.com') =>
  runCheck(statusCheck, testContext({ fetch: fakeFetch([{ url: URL_, reply: reply as FakeReply }]), inputs: { statusUrl } }));

describe('status.github', () => {
  it('all operational → pass, no finding', async () => {
    const out = await run({ body: summary() });
    expect(out.status).toBe('pass');
    expect(ids(out)).toEqual([]);
  });

  it('Packages partial outage, matched by id even when renamed → status.degraded with the component', async () => {
    const out = await run({
      body: summary({
        components: [
          ['st3j38cctv9l', 'GitHub Packages', 'partial_outage'],
          ['brv1bkgrwx7q', 'API Requests', 'operational'],
        ],
        indicator: 'minor',
      }),
    });
    expect(out.status).toBe('warn');
    expect(out.findings![0]).toMatchObject({
      id: 'status.degraded',
      severity: 'warning',
      evidence: { components: [{ id: 'st3j38cctv9l', name: 'GitHub Packages', status: 'partial_outage' }], incidents: [], indicator: 'minor' },
    });
  });

  it('other components (Pages, Webhooks) and the "Visit www.githubstatus.com" pseudo-component are ignored', async () => {
    const out = await run({
      body: summary({
        components: [
          ['vg70hn9s2tyj', 'Pages', 'major_outage'],
          ['4230lsnqdsld', 'Webhooks', 'degraded_performance'],
          ['0l2p9nhqnxpd', 'Visit www.githubstatus.com for more information', 'major_outage'],
        ],
      }),
    });
    expect(ids(out)).toEqual([]);
  });

  it('an open incident counts; resolved ones do not', async () => {
    const incident = (name: string, status: string) => ({
      id: name,
      name,
      status,
      impact: 'minor',
      shortlink: `https://stspg.io/${name}`,
      created_at: '2026-09-20T08:00:00Z',
    });
    const out = await run({ body: summary({ incidents: [incident('Disruption with some GitHub services', 'investigating'), incident('old', 'resolved')] }) });
    expect(out.findings![0]!.evidence.incidents).toEqual([
      { name: 'Disruption with some GitHub services', status: 'investigating', impact: 'minor', url: 'https://stspg.io/Disruption with some GitHub services' },
    ]);
  });

  it('an open incident that lists only other components (Copilot) is an info line in the summary, not status.degraded', async () => {
    const copilot = {
      id: 'c1',
      name: 'Disruption with Copilot',
      status: 'investigating',
      impact: 'minor',
      shortlink: 'https://stspg.io/c1',
      components: [{ id: 'pjmpxvq2cmr2', name: 'Copilot', status: 'degraded_performance' }],
    };
    const out = await run({ body: summary({ incidents: [copilot], indicator: 'minor' }) });
    expect(out.status).toBe('pass');
    expect(ids(out)).toEqual([]);
    expect(out.summary).toMatch(/Disruption with Copilot.*Copilot only/);
  });

  it('an open incident on Packages (matched by component id) or with no components listed → status.degraded', async () => {
    const pkgs = {
      id: 'p1',
      name: 'Packages delays',
      status: 'identified',
      components: [
        { id: 'st3j38cctv9l', name: 'Packages', status: 'partial_outage' },
        { id: 'pjmpxvq2cmr2', name: 'Copilot', status: 'operational' },
      ],
    };
    const none = { id: 'n1', name: 'Investigating', status: 'investigating', components: [] };
    const out = await run({ body: summary({ incidents: [pkgs, none] }) });
    expect(ids(out)).toEqual(['status.degraded']);
    expect((out.findings![0]!.evidence.incidents as Array<{ name: string }>).map((i) => i.name)).toEqual(['Packages delays', 'Investigating']);
  });

  it.each<[string, FakeReply | (() => never), RegExp]>([
    ['HTML page', { headers: { 'content-type': 'text/html' }, body: '<!DOCTYPE html><html><body>Blocked by proxy</body></html>' }, /HTML page/],
    ['garbage', { headers: { 'content-type': 'application/json' }, body: '{"components": [' }, /not JSON/],
    ['JSON without components', { body: { hello: 'world' } }, /no components/],
    ['HTTP 503', { status: 503, body: 'Service Unavailable' }, /HTTP 503/],
    ['DNS failure', () => networkError('ENOTFOUND', 'getaddrinfo ENOTFOUND www.githubstatus.com'), /ENOTFOUND/],
  ])('%s → status.unreachable (info) with a one-line reason', async (_name, reply, reason) => {
    const out = await run(reply);
    expect(out.status).toBe('warn');
    expect(out.findings).toHaveLength(1);
    const f = out.findings![0]!;
    expect(f).toMatchObject({ id: 'status.unreachable', severity: 'info' });
    expect(String(f.evidence.reason)).toMatch(reason);
    expect(String(f.evidence.reason)).not.toContain('\n');
  });

  it('--no-status (statusUrl null) → skipped without a request', async () => {
    const fetch = fakeFetch([]);
    const out = await runCheck(statusCheck, testContext({ fetch, inputs: { statusUrl: null } }));
    expect(out).toMatchObject({ status: 'skip', summary: '--no-status' });
    expect(fetch.calls).toHaveLength(0);
  });

  it('a status page slower than 5 s → status.unreachable "timed out", not a check error', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const pending = statusCheck.run(testContext({ fetch: hangingFetch }), new AbortController().signal);
      await vi.advanceTimersByTimeAsync(STATUS_FETCH_TIMEOUT_MS);
      const out = await pending;
      expect(ids(out)).toEqual(['status.unreachable']);
      expect(out.findings![0]!.evidence.reason).toBe('timed out');
    } finally {
      vi.useRealTimers();
    }
  });

  it('a hung status page ends with the check signal', async () => {
    const ctx = testContext({ fetch: hangingFetch });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('timed out after 1s')), 50);
    await expect(statusCheck.run(ctx, controller.signal)).rejects.toThrow('timed out');
  });

  it('is in the diagnosis and no check depends on it', () => {
    const checks = buildChecks(baseInputs());
    expect(checks.map((c) => c.id)).toContain('status.github');
    expect(checks.filter((c) => c.dependsOn.includes('status.github')).map((c) => c.id)).toEqual([]);
  });
});
