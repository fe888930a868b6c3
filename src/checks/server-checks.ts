import type { DiagnosisCheck } from '../diagnosis/context.js';
import { sshConnectCheck } from './ssh-connect.js';
import { serverRuntimeCheck } from './server-runtime.js';
import { serverCredentialsCheck } from './server-credentials.js';
import { serverTokenFileCheck } from './server-token-file.js';
import { serverClockCheck } from './server-clock.js';
import { serverPullCheck } from './server-pull.js';

/**
 * The deploy-server group (issue #4): one SSH connection (through the run's ssh port), then a read-only
 * audit and a real pull. Each server check that fails still lets the next run (dependantsMayRun), and
 * server.pull runs `after` the audit whatever its outcome. The DiagnosisSession closes the connection
 * when the server's run ends (src/diagnosis/session.ts).
 */
export function serverChecks(): DiagnosisCheck[] {
  return [sshConnectCheck, serverRuntimeCheck, serverCredentialsCheck, serverTokenFileCheck, serverClockCheck, serverPullCheck];
}
