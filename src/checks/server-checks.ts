import type { DiagnosisCheck } from '../diagnosis/context.js';
import { lazySsh2Connector } from '../ssh/lazy-connector.js';
import { sshConnectCheck, type SshCheckDeps } from './ssh-connect.js';
import { serverRuntimeCheck } from './server-runtime.js';
import { serverCredentialsCheck } from './server-credentials.js';
import { serverTokenFileCheck } from './server-token-file.js';
import { serverClockCheck } from './server-clock.js';
import { serverPullCheck } from './server-pull.js';
import { serverFacts } from './server-facts.js';

/**
 * The deploy-server group (issue #4): one SSH connection, then a read-only audit and a real pull.
 * Each server check that fails still lets the next run (dependantsMayRun), and server.pull runs
 * `after` the audit whatever its outcome, so the pull, the last one, runs after a successful connect
 * and closes the connection. Tests and the demo pass a fake connector.
 */
export function serverChecks(deps: Partial<SshCheckDeps> = {}): DiagnosisCheck[] {
  return [
    sshConnectCheck({ connector: lazySsh2Connector, ...deps }),
    ...[serverRuntimeCheck, serverCredentialsCheck, serverTokenFileCheck, serverClockCheck, serverPullCheck].map(closingOnCrash),
  ];
}

/** A crashed or timed-out server check skips server.pull, so it closes the connection itself. */
function closingOnCrash(check: DiagnosisCheck): DiagnosisCheck {
  return {
    ...check,
    async run(ctx, signal) {
      try {
        return await check.run.call(check, ctx, signal);
      } catch (error) {
        const server = serverFacts(ctx);
        server?.session?.close();
        if (server) server.session = undefined;
        throw error;
      }
    },
  };
}
