/** Wires the Ink app's port to a DiagnosisSession, redacting everything on its way to the screen. */
import type { Finding } from '../engine/types.js';
import type { Redactor } from '../engine/redact.js';
import type { FixAction } from '../fixes/types.js';
import { fixActionsFor, tokenStoreActions, type FixEnvironment } from '../fixes/index.js';
import type { AppPort, OfferedFix } from './port.js';
import type { FixOption } from './state.js';
import type { QuestionBroker } from './questions.js';
import { intentOf } from '../checks/intent.js';
import { type DiagnosisSession, resolveCheckIds, withDependants } from '../diagnosis/session.js';

/** A FixAction whose words (preview, messages, errors) pass the redactor before the UI sees them. */
export function redactedAction(action: FixAction, redactor: Redactor): FixAction {
  const clean = (e: unknown) => new Error(redactor.redact(e instanceof Error ? e.message : String(e)));
  return {
    ...action,
    preview: (input) => action.preview(input).map((l) => redactor.redact(l)),
    apply: (input, signal) =>
      action.apply(input, signal).then(
        (r) => ({ changed: r.changed.map((c) => redactor.redact(c)) }),
        (e) => Promise.reject(clean(e)),
      ),
    verify: (input, signal) =>
      action.verify(input, signal).then(
        (v) => ({ ok: v.ok, message: redactor.redact(v.message) }),
        (e) => Promise.reject(clean(e)),
      ),
  };
}

function offer(action: FixAction, about: Pick<FixOption, 'key' | 'findingId' | 'severity' | 'check' | 'server'>, redactor: Redactor): OfferedFix {
  return {
    option: {
      key: about.key,
      actionId: action.id,
      title: redactor.redact(action.title),
      findingId: about.findingId,
      severity: about.severity,
      check: about.check,
      ...(about.server !== undefined ? { server: about.server } : {}),
    },
    action: redactedAction(action, redactor),
  };
}

export function makePort(
  session: DiagnosisSession,
  fixEnv: () => FixEnvironment,
  redactor: Redactor,
  cancel: () => void,
  questions?: QuestionBroker,
  servers: string[] = [],
): AppPort {
  // With several servers a server fix is offered per server (the UI groups the same fix for the same finding).
  const perServer = servers.length > 1;
  const checks = session.checks.map((c) => ({ id: c.id, title: c.title, dependsOn: c.dependsOn }));
  return {
    checks,
    runAll: async (listener) => {
      await session.runAll((e) => listener(redactor.redactValue(e)));
    },
    runSubset: async (ids, listener, only) => {
      await session.runSubset(ids, (e) => listener(redactor.redactValue(e)), { servers: only });
    },
    recheckIds: (action, finding) => withDependants(checks, resolveCheckIds(checks, [...action.recheck, finding.check])),
    fixesFor(findings: Finding[]): OfferedFix[] {
      const env = fixEnv();
      const seen = new Set<string>();
      const out: OfferedFix[] = [];
      for (const f of findings) {
        const server = perServer ? f.server : undefined;
        const at = server === undefined ? '' : `@${server}`;
        for (const action of fixActionsFor(f, env)) {
          if (seen.has(`${action.id}${at}`)) continue;
          seen.add(`${action.id}${at}`);
          out.push(offer(action, { key: `${f.id}:${action.id}${at}`, findingId: f.id, severity: f.severity, check: f.check, server }, redactor));
        }
      }
      return out;
    },
    storesForNewToken(from: FixOption): OfferedFix[] {
      // Each store uses the token just pasted for the laptop, the server's store too.
      return tokenStoreActions(fixEnv()).map(({ action, server }) => {
        const on = perServer ? server : undefined;
        return {
          ...offer(action, { ...from, key: `new-token:${action.id}${on === undefined ? '' : `@${on}`}`, server: on }, redactor),
          tokenFrom: 'local' as const,
        };
      });
    },
    cancel: () => {
      questions?.cancelAll();
      cancel();
    },
    servers: perServer ? servers : undefined,
    now: () => session.context.io.clock.now(),
    questions,
    probe: () => session.inputs.probe,
    // --intent pull: no push probe runs (contract Additions), so `p` is not offered.
    usePushProbe: intentOf(session.inputs.intent) === 'pull' ? undefined : () => session.useProbe('push'),
    pushProbeLeftover: () => pushProbeLeftover(session.context.facts.identity?.scopes, session.inputs.image?.canonical),
  };
}

/**
 * The push probe deletes its version only with delete:packages (registry.push-probe): said before the
 * user agrees, from the scopes the last run read; nothing when they are unknown.
 */
export function pushProbeLeftover(scopes: string[] | null | undefined, image: string | undefined): string | undefined {
  if (scopes == null) return undefined;
  const where = image ?? 'the package';
  if (!scopes.includes('write:packages')) return 'This token lacks write:packages: the push should be denied, and then nothing is created.';
  return scopes.includes('delete:packages')
    ? `This token has delete:packages: the probe's version is deleted from ${where} afterwards.`
    : `This token lacks delete:packages: the tag ghcr-doctor-probe and its version stay in ${where} afterwards (delete them in the package settings).`;
}
