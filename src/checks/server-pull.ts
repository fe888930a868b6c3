import type { Finding } from '../engine/types.js';
import type { DiagnosisCheck } from '../diagnosis/context.js';
import { finding } from '../engine/findings.js';
import { serverFacts, serverSession } from './server-facts.js';
import { pullRestoring } from './server-pull-run.js';
import { loginFixes } from './server-fix-hints.js';
import { classifyPullOutput, pullErrorLine, type PullCause } from './server-pull-classify.js';

const CAUSE_TEXT: Record<PullCause, string> = {
  'bearer-token-403': "the registry's token endpoint refused the stored credential (403), the classic symptom of a stale login",
  unauthorized: 'the registry wants credentials the runtime does not have or that are wrong',
  denied: 'the registry denies this user the package',
  'manifest-unknown': 'the tag does not exist (not an auth problem)',
  x509: 'TLS verification failed: a proxy CA, or the server clock',
  network: 'the server cannot reach the registry',
  other: 'see the message',
};

/**
 * The real pull, as the deploy user, with the runtime the deploy uses. It changes nothing lasting
 * (see pullRestoring). It is the last server check; the session closes the connection after it (a
 * re-check reconnects through serverSession).
 */
export const serverPullCheck: DiagnosisCheck = {
  id: 'server.pull',
  title: 'Pull on the server',
  dependsOn: ['server.runtime'],
  writes: [],
  // After the audit (its root-cause findings come first), but an audit check that skipped or
  // crashed must not hold the pull back.
  after: ['server.credentials', 'server.token-file', 'server.clock'],
  timeoutMs: 120_000,
  waitsOn: 'the pull on the deploy server',
  async run(ctx, signal) {
    const server = serverFacts(ctx);
    const session = await serverSession(ctx, signal);
    if (!server || !session) return { status: 'skip', summary: 'not connected' };
    const image = ctx.inputs.image;
    const runtime = server.runtimes?.[0];
    if (!image) return { status: 'skip', summary: 'no image given' };
    if (!runtime) return { status: 'skip', summary: 'no container runtime on the server' };
    const ref = image.canonical;
    const pull = await pullRestoring(session, runtime, ref, signal);
    const { ok, output, cleanup } = pull;

    const findings: Finding[] = [];
    const credential = server.credentials?.find((c) => c.runtime === runtime);
    const user = server.survey?.user ?? server.target.user;
    if (!credential && !server.credentialsUnclear) {
      findings.push(
        finding('server.not-logged-in', this.id, {
          severity: ok ? 'warning' : 'error',
          title: `${user} has no ${runtime} credential for ${image.registry}`,
          detail: ok
            ? `The pull worked anonymously, so the package is public; a login is only needed if it becomes private.`
            : `None of the files ${runtime} reads for ${user} (as a non-interactive SSH session sees them) holds a credential for ${image.registry}. A login done as another user, with sudo, or only in an interactive shell does not count.`,
          evidence: { runtime, user, pulled: ok },
          fixes: ok ? [] : loginFixes(ctx, [runtime]),
        }),
      );
    }
    if (!ok) {
      const cause = classifyPullOutput(output);
      findings.push(
        finding('server.pull-failed', this.id, {
          title: `${runtime} pull of ${ref} fails on the server (${cause})`,
          detail: `As ${user}: ${CAUSE_TEXT[cause]}.`,
          evidence: { runtime, cause, message: pullErrorLine(output), exitCode: pull.exitCode },
          fixes: cause === 'bearer-token-403' || cause === 'unauthorized' || cause === 'denied' ? loginFixes(ctx, [runtime]) : [],
        }),
      );
    }
    const summary = ok ? `${runtime} pull ${ref} as ${user}: ok (${cleanup})` : findings[findings.length - 1]!.title;
    const status = findings.some((f) => f.severity === 'error') ? 'fail' : findings.length ? 'warn' : 'pass';
    return { status, summary, findings };
  },
};
