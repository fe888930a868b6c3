import type { SandboxResponse } from './token-service.js';
import type { StatusComponent, World } from './world.js';

/**
 * githubstatus.com's Statuspage API, `/api/v2/summary.json`. Component ids are the real ones;
 * checks must match Packages by id `st3j38cctv9l`, not by name (it was renamed once).
 */
export const PACKAGES_COMPONENT_ID = 'st3j38cctv9l';

const DEFAULT_COMPONENTS: StatusComponent[] = [
  { id: '8l4ygp009s5s', name: 'Git Operations', status: 'operational' },
  { id: '4230lsnqdsld', name: 'Webhooks', status: 'operational' },
  { id: '0l2p9nhqnxpd', name: 'Visit www.githubstatus.com for more information', status: 'operational' },
  { id: 'brv1bkgrwx7q', name: 'API Requests', status: 'operational' },
  { id: 'br0l2tvcx85d', name: 'Actions', status: 'operational' },
  { id: PACKAGES_COMPONENT_ID, name: 'Packages', status: 'operational' },
  { id: 'vg70hn9s2tyj', name: 'Pages', status: 'operational' },
];

const INDICATOR_BY_STATE = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
} as const;

function indicatorOf(components: StatusComponent[], incidents: number): { indicator: string; description: string } {
  const worst = Math.max(0, ...components.map((c) => INDICATOR_BY_STATE[c.status]));
  if (worst === 0 && incidents === 0) return { indicator: 'none', description: 'All Systems Operational' };
  if (worst === 1) return { indicator: 'maintenance', description: 'Service Under Maintenance' };
  if (worst >= 4) return { indicator: 'major', description: 'Major System Outage' };
  if (worst === 3) return { indicator: 'major', description: 'Partial System Outage' };
  return { indicator: 'minor', description: 'Minor Service Outage' };
}

/** Answers GET `/api/v2/summary.json`; anything else on the status host is 404. */
export function handleStatusRequest(path: string, world: World, now: number): SandboxResponse {
  if (path.split('?')[0] !== '/api/v2/summary.json') {
    return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found' };
  }
  const mode = world.status?.mode ?? 'ok';
  if (mode === 'down') return { status: 503, headers: { 'content-type': 'text/html' }, body: '<html><body><h1>503 Service Unavailable</h1></body></html>' };
  if (mode === 'html') {
    // A captive portal or proxy answering in place of the real page.
    return {
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: '<html><head><title>Sign in</title></head><body>Network login required</body></html>',
    };
  }
  const overrides = world.status?.components ?? [];
  const components = DEFAULT_COMPONENTS.map((c) => {
    const o = overrides.find((x) => x.id === c.id);
    return o ? { ...c, status: o.status, name: o.name ?? c.name } : c;
  });
  const stamp = new Date(now).toISOString();
  const open = (world.status?.incidents ?? []).filter((i) => (i.status ?? 'investigating') !== 'resolved');
  const body = {
    page: { id: 'kctbh9vrtdwd', name: 'GitHub', url: 'https://www.githubstatus.com', time_zone: 'Etc/UTC', updated_at: stamp },
    components: components.map((c, i) => ({
      id: c.id,
      name: c.name,
      status: c.status,
      created_at: '2017-01-31T20:01:46.621Z',
      updated_at: stamp,
      position: i + 1,
      description: c.id === PACKAGES_COMPONENT_ID ? 'API requests and webhook delivery for GitHub Packages' : null,
      showcase: false,
      group_id: null,
      page_id: 'kctbh9vrtdwd',
      group: false,
      only_show_if_degraded: false,
    })),
    incidents: open.map((inc, i) => ({
      id: `lab${i}`,
      name: inc.name,
      status: inc.status ?? 'investigating',
      impact: inc.impact ?? 'minor',
      created_at: stamp,
      updated_at: stamp,
      shortlink: 'https://stspg.io/lab',
      components: components.filter((c) => (inc.components ?? []).includes(c.id)),
    })),
    scheduled_maintenances: [],
    status: indicatorOf(components, open.length),
  };
  return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
}
