import { sanitizeDeep } from '../engine/sanitize.js';
import type { DiagnosisCheck, DiagnosisContext } from '../diagnosis/context.js';
import { finding } from '../engine/findings.js';
import { innermostReason } from '../ghcr/github-call.js';

/** Statuspage component ids: matched by id, since names changed over the years. */
export const WATCHED_COMPONENTS: Record<string, string> = {
  st3j38cctv9l: 'Packages',
  brv1bkgrwx7q: 'API Requests',
  br0l2tvcx85d: 'Actions',
};

interface StatusComponent {
  id: string;
  name: string;
  status: string;
}

interface StatusIncident {
  name: string;
  status: string;
  impact?: string;
  url?: string;
  /** Names of the components the incident lists; absent when it lists none. */
  components?: string[];
}

export interface StatusSummary {
  indicator?: string;
  degraded: StatusComponent[];
  /** Open incidents on Packages, API Requests or Actions, or that list no components. */
  incidents: StatusIncident[];
  /** Open incidents that list only other components (Copilot, Pages…): an info line, never a warning. */
  otherIncidents: StatusIncident[];
}

/** The incident's components, or undefined when it lists none (then it may touch anything). */
function incidentComponents(list: unknown): Array<{ id?: string; name?: string }> | undefined {
  if (!Array.isArray(list)) return undefined;
  const out = list
    .filter((c): c is Record<string, unknown> => !!c && typeof c === 'object')
    .map((c) => ({
      ...(typeof c.id === 'string' ? { id: c.id } : {}),
      ...(typeof c.name === 'string' ? { name: c.name } : {}),
    }));
  return out.length ? out : undefined;
}

/** Reads a Statuspage `summary.json`; throws a one-line reason when it is not one. */
export function parseStatusSummary(json: unknown): StatusSummary {
  if (!json || typeof json !== 'object') throw new Error('the answer is not a JSON object');
  const doc = json as { status?: { indicator?: unknown }; components?: unknown; incidents?: unknown };
  if (!Array.isArray(doc.components)) throw new Error('the answer has no components list');
  const degraded: StatusComponent[] = [];
  for (const c of doc.components as Array<Record<string, unknown>>) {
    if (!c || typeof c.id !== 'string' || typeof c.status !== 'string') continue;
    // The "Visit www.githubstatus.com for more information" pseudo-component is never a service.
    if (typeof c.name === 'string' && /^visit www\.githubstatus\.com/i.test(c.name)) continue;
    if (!(c.id in WATCHED_COMPONENTS) || c.status === 'operational') continue;
    degraded.push({ id: c.id, name: typeof c.name === 'string' ? c.name : WATCHED_COMPONENTS[c.id]!, status: c.status });
  }
  const incidents: StatusIncident[] = [];
  const otherIncidents: StatusIncident[] = [];
  for (const i of Array.isArray(doc.incidents) ? (doc.incidents as Array<Record<string, unknown>>) : []) {
    if (!i || typeof i.status !== 'string' || i.status === 'resolved' || i.status === 'postmortem') continue;
    const components = incidentComponents(i.components);
    const incident: StatusIncident = {
      name: typeof i.name === 'string' ? i.name : '(unnamed incident)',
      status: i.status,
      ...(typeof i.impact === 'string' ? { impact: i.impact } : {}),
      ...(typeof i.shortlink === 'string' ? { url: i.shortlink } : {}),
      ...(components ? { components: components.map((c) => c.name ?? (c.id && WATCHED_COMPONENTS[c.id]) ?? c.id ?? '?') } : {}),
    };
    // An incident that lists components concerns ghcr-doctor only through Packages, API Requests or Actions.
    const watched = !components || components.some((c) => c.id !== undefined && c.id in WATCHED_COMPONENTS);
    (watched ? incidents : otherIncidents).push(incident);
  }
  const indicator = typeof doc.status?.indicator === 'string' ? doc.status.indicator : undefined;
  return { indicator, degraded, incidents, otherIncidents };
}

/** How long the status page may take before it counts as unreachable. */
export const STATUS_FETCH_TIMEOUT_MS = 5000;

/** GitHub's own status page: informative only, nothing depends on it. */
export const statusCheck: DiagnosisCheck = {
  id: 'status.github',
  title: 'GitHub status',
  dependsOn: [],
  writes: [],
  timeoutMs: 8000,
  waitsOn: 'githubstatus.com',
  async run(ctx, signal) {
    const base = ctx.inputs.statusUrl;
    if (base === null) return { status: 'skip', summary: '--no-status' };
    const url = `${base.replace(/\/+$/, '')}/api/v2/summary.json`;
    let summary: StatusSummary;
    // A slow status page is "unreachable" (info), well before the runner would call the check an error.
    const slow = new AbortController();
    const timer = setTimeout(() => slow.abort(Object.assign(new Error('timed out'), { name: 'TimeoutError' })), STATUS_FETCH_TIMEOUT_MS);
    try {
      summary = await readSummary(ctx, url, AbortSignal.any([signal, slow.signal]));
    } catch (error) {
      if (signal.aborted) throw error;
      const reason = innermostReason(error);
      return {
        status: 'warn',
        summary: `could not read the status page: ${reason}`,
        findings: [
          finding('status.unreachable', this.id, {
            title: 'GitHub status page could not be read',
            detail: `${url}: ${reason}. This does not affect the diagnosis.`,
            evidence: { url, reason },
          }),
        ],
      };
    } finally {
      clearTimeout(timer);
    }
    const others = summary.otherIncidents.map((i) => `incident "${i.name}" (${i.status}) on ${i.components?.join(', ')} only`);
    if (summary.degraded.length === 0 && summary.incidents.length === 0) {
      if (others.length) return { status: 'pass', summary: `Packages, API Requests and Actions operational; ${others.join('; ')}` };
      return { status: 'pass', summary: 'Packages, API Requests and Actions operational; no open incident' };
    }
    const parts = [
      ...summary.degraded.map((c) => `${c.name}: ${c.status.replace(/_/g, ' ')}`),
      ...summary.incidents.map((i) => `incident "${i.name}" (${i.status})`),
    ];
    return {
      status: 'warn',
      summary: parts.join('; '),
      findings: [
        finding('status.degraded', this.id, {
          title: 'GitHub reports a problem that may explain failures',
          detail: `${parts.join('; ')}. Errors below may come from GitHub's side; check again once it is resolved.`,
          evidence: { components: summary.degraded, incidents: summary.incidents, ...(summary.indicator ? { indicator: summary.indicator } : {}) },
        }),
      ],
    };
  },
};

async function readSummary(ctx: DiagnosisContext, url: string, signal: AbortSignal): Promise<StatusSummary> {
  const res = await ctx.io.fetch(url, { signal, headers: { accept: 'application/json' } });
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const type = res.headers.get('content-type') ?? '';
  if (/<html|<!doctype/i.test(text.slice(0, 512))) throw new Error(`an HTML page instead of JSON (${type || 'no content type'})`);
  let json: unknown;
  try {
    // Component and incident names are the status page's words: sanitised once, here.
    json = sanitizeDeep(JSON.parse(text) as unknown);
  } catch {
    throw new Error('the answer is not JSON');
  }
  return parseStatusSummary(json);
}
