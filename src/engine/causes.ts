/**
 * Root causes first, one order everywhere (contract Additions): which finding is a consequence of
 * which, and the one deterministic order the JSON report, the text report and the TUI summary share.
 */
import { CATALOG, type FindingId } from './catalog.js';
import type { Finding, Severity } from './types.js';

/**
 * A consequence and the findings that explain it, most direct first. The first one present in the
 * run becomes its `causedBy`.
 */
const CAUSES: Partial<Record<FindingId, FindingId[]>> = {
  'registry.login-rejected': ['token.invalid', 'token.fine-grained', 'token.malformed', 'token.stale-stored', 'token.org-policy', 'token.sso-unauthorized'],
  'registry.push-denied': [
    'token.missing-scope',
    'token.invalid',
    'token.fine-grained',
    'registry.login-rejected',
    // An organization that refuses the token (SSO not authorized, classic tokens forbidden) refuses its pushes too.
    'token.sso-unauthorized',
    'token.org-policy',
    'package.not-linked',
    'token.app-installation',
  ],
  'registry.pull-denied': [
    'token.missing-scope',
    'token.invalid',
    'token.fine-grained',
    'registry.login-rejected',
    'token.sso-unauthorized',
    'token.org-policy',
  ],
  'server.stored-token-invalid': ['server.actions-token-stored', 'server.token-file-malformed'],
  'server.pull-failed': [
    'server.stored-token-invalid',
    'server.actions-token-stored',
    'server.not-logged-in',
    'server.token-file-malformed',
    'server.credential-helper-broken',
    'server.clock-skew',
  ],
  'server.auth-ephemeral': ['server.actions-token-stored'],
};

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const CATALOG_RANK = new Map(Object.keys(CATALOG).map((id, i) => [id, i]));

/** A consequence is caused only by a finding about the same deploy server (or both about none). */
function sameServer(a: Finding, b: Finding): boolean {
  return a.server === b.server;
}

/**
 * The findings in the order to read and fix them: root causes by severity, then by the catalog's
 * order (upstream first: status, token, image, registry, package, repository, server), each followed
 * by its consequences; consequences carry `causedBy`. Does not depend on when checks finished.
 */
export function orderByCause(findings: Finding[]): Finding[] {
  const indexed = findings.map((f, i) => ({ f: { ...f }, i }));
  const rank = (x: { f: Finding; i: number }) => [SEVERITY_RANK[x.f.severity], CATALOG_RANK.get(x.f.id) ?? Number.MAX_SAFE_INTEGER, x.i];
  const byRank = (a: { f: Finding; i: number }, b: { f: Finding; i: number }) => {
    const ra = rank(a);
    const rb = rank(b);
    return ra[0]! - rb[0]! || ra[1]! - rb[1]! || ra[2]! - rb[2]!;
  };
  const sorted = [...indexed].sort(byRank);
  const parent = new Map<number, number>();
  for (const x of sorted) {
    delete x.f.causedBy;
    for (const causeId of CAUSES[x.f.id] ?? []) {
      const cause = sorted.find((c) => c !== x && c.f.id === causeId && sameServer(c.f, x.f));
      if (cause) {
        parent.set(x.i, cause.i);
        x.f.causedBy = causeId;
        break;
      }
    }
  }
  const out: Finding[] = [];
  const placed = new Set<number>();
  const place = (x: { f: Finding; i: number }) => {
    if (placed.has(x.i)) return;
    placed.add(x.i);
    out.push(x.f);
    for (const child of sorted) if (parent.get(child.i) === x.i) place(child);
  };
  for (const x of sorted) if (!parent.has(x.i)) place(x);
  for (const x of sorted) place(x); // a cycle cannot happen with CAUSES, but nothing is ever dropped
  return out;
}

/** How deep a finding sits under its root cause in an `orderByCause` list (0 for a root). */
export function causeDepth(ordered: Finding[], index: number): number {
  let depth = 0;
  let f = ordered[index];
  const seen = new Set<Finding>();
  while (f?.causedBy && !seen.has(f)) {
    seen.add(f);
    const id = f.causedBy;
    const at = ordered
      .slice(0, ordered.indexOf(f))
      .map((x) => x.id)
      .lastIndexOf(id as FindingId);
    if (at < 0) break;
    f = ordered[at];
    depth++;
  }
  return depth;
}
