import { CATALOG, type FindingId } from './catalog.js';
import type { Finding, Fix, Severity } from './types.js';

export interface FindingInput {
  detail: string;
  title?: string;
  evidence?: Record<string, unknown>;
  fixes?: Fix[];
  /** Only where the contract lets evidence raise or lower the default. */
  severity?: Severity;
}

/** The only way to make a finding: ids and default severities come from the catalog. */
export function finding(id: FindingId, check: string, input: FindingInput): Finding {
  const def = CATALOG[id];
  return {
    id,
    severity: input.severity ?? def.severity,
    check,
    title: input.title ?? capitalize(def.title),
    detail: input.detail,
    evidence: input.evidence ?? {},
    fixes: input.fixes ?? [],
  };
}

function capitalize(s: string): string {
  return /^[a-z]/.test(s) && !/^[a-z]+_/.test(s) ? s[0]!.toUpperCase() + s.slice(1) : s;
}
