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

function offer(action: FixAction, about: Pick<FixOption, 'key' | 'findingId' | 'severity' | 'check'>, redactor: Redactor): OfferedFix {
  return {
    option: {
      key: about.key,
      actionId: action.id,
      title: redactor.redact(action.title),
      findingId: about.findingId,
      severity: about.severity,
      check: about.check,
    },
    action: redactedAction(action, redactor),
  };
}

export function makePort(session: DiagnosisSession, fixEnv: () => FixEnvironment, redactor: Redactor, cancel: () => void, questions?: QuestionBroker): AppPort {
  const checks = session.checks.map((c) => ({ id: c.id, title: c.title, dependsOn: c.dependsOn }));
  return {
    checks,
    runAll: async (listener) => {
      await session.runAll((e) => listener(redactor.redactValue(e)));
    },
    runSubset: async (ids, listener, servers) => {
      await session.runSubset(ids, (e) => listener(redactor.redactValue(e)), { servers });
    },
    recheckIds: (action, finding) => withDependants(checks, resolveCheckIds(checks, [...action.recheck, finding.check])),
    fixesFor(findings: Finding[]): OfferedFix[] {
      const env = fixEnv();
      const seen = new Set<string>();
      const out: OfferedFix[] = [];
      for (const f of findings) {
        for (const action of fixActionsFor(f, env)) {
          if (seen.has(action.id)) continue;
          seen.add(action.id);
          out.push(offer(action, { key: `${f.id}:${action.id}`, findingId: f.id, severity: f.severity, check: f.check }, redactor));
        }
      }
      return out;
    },
    storesForNewToken(from: FixOption): OfferedFix[] {
      // Each store uses the token just pasted for the laptop, the server's store too.
      return tokenStoreActions(fixEnv()).map((action) => ({
        ...offer(action, { ...from, key: `new-token:${action.id}` }, redactor),
        tokenFrom: 'local' as const,
      }));
    },
    cancel: () => {
      questions?.cancelAll();
      cancel();
    },
    now: () => session.context.io.clock.now(),
    questions,
    probe: () => session.inputs.probe,
    // --intent pull: no push probe runs (contract Additions), so `p` is not offered.
    usePushProbe: intentOf(session.inputs.intent) === 'pull' ? undefined : () => session.useProbe('push'),
  };
}
