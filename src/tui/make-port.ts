/** Wires the Ink app's port to a DiagnosisSession, redacting everything on its way to the screen. */
import type { Finding } from '../engine/types.js';
import type { Redactor } from '../engine/redact.js';
import type { FixAction } from '../fixes/types.js';
import { fixActionsFor, type FixEnvironment } from '../fixes/index.js';
import type { AppPort, OfferedFix } from './port.js';
import type { QuestionBroker } from './questions.js';
import { intentOf } from '../checks/intent.js';
import { type DiagnosisSession, resolveCheckIds, withDependants } from './session.js';

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

export function makePort(session: DiagnosisSession, fixEnv: () => FixEnvironment, redactor: Redactor, cancel: () => void, questions?: QuestionBroker): AppPort {
  const checks = session.checks.map((c) => ({ id: c.id, title: c.title, dependsOn: c.dependsOn }));
  return {
    checks,
    runAll: (listener) => session.runAll((e) => listener(redactor.redactValue(e))),
    runSubset: (ids, listener) => session.runSubset(ids, (e) => listener(redactor.redactValue(e))),
    recheckIds: (action, finding) => withDependants(checks, resolveCheckIds(checks, [...action.recheck, finding.check])),
    fixesFor(findings: Finding[]): OfferedFix[] {
      const env = fixEnv();
      const seen = new Set<string>();
      const out: OfferedFix[] = [];
      for (const f of findings) {
        for (const action of fixActionsFor(f, env)) {
          if (seen.has(action.id)) continue;
          seen.add(action.id);
          out.push({
            option: {
              key: `${f.id}:${action.id}`,
              actionId: action.id,
              title: redactor.redact(action.title),
              findingId: f.id,
              severity: f.severity,
              check: f.check,
            },
            action: redactedAction(action, redactor),
          });
        }
      }
      return out;
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
