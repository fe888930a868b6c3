import type { DiagnosisCheck } from '../diagnosis/context.js';
import type { DiagnosisInputs } from '../diagnosis/inputs.js';
import { imageCheck } from './image.js';
import { statusCheck } from './status.js';
import { tokenDiscoveryCheck } from './token-discovery.js';
import { tokenTypeCheck } from './token-type.js';
import { tokenIdentityCheck } from './token-identity.js';
import { tokenScopesCheck } from './token-scopes.js';
import { tokenOrgCheck } from './token-org.js';
import { storedCredentialsCheck } from './stored-credentials.js';
import { registryPingCheck } from './registry-ping.js';
import { registryLoginCheck } from './registry-login.js';
import { registryPullCheck } from './registry-pull.js';
import { registryPushCheck, registryPushNotNeededCheck } from './registry-push.js';
import { intentOf } from './intent.js';
import { registryBlobCheck } from './registry-blob.js';
import { packageInfoCheck } from './package.js';
import { repoSecretCheck } from './repo-secret.js';
import { repoWorkflowPermissionsCheck } from './repo-workflow-permissions.js';
import { serverChecks } from './server-checks.js';
import { workflowsCheck } from './workflows.js';
import { withPullSecretFixes } from './pull-secret-fixes.js';

/**
 * The diagnosis tree (docs/architecture.md: where a new check goes), in the order a person reads it (the TUI shows this order; the CI text shows
 * completion order). Each group adds its checks here.
 */
export function buildChecks(inputs: DiagnosisInputs): DiagnosisCheck[] {
  // Without a deploy server the report says so once (ssh.connect: skipped), not once per server check.
  const server = inputs.ssh ? serverChecks() : serverChecks().filter((c) => c.id === 'ssh.connect');
  const push = intentOf(inputs.intent) === 'pull' ? registryPushNotNeededCheck : registryPushCheck;
  const checks: DiagnosisCheck[] = [
    statusCheck,
    imageCheck,
    tokenDiscoveryCheck,
    tokenTypeCheck,
    tokenIdentityCheck,
    tokenScopesCheck,
    tokenOrgCheck,
    registryPingCheck,
    storedCredentialsCheck,
    registryLoginCheck,
    registryPullCheck,
    registryBlobCheck,
    push,
    packageInfoCheck,
    repoSecretCheck,
    repoWorkflowPermissionsCheck,
    workflowsCheck,
    ...server,
  ];
  return inputs.pullSecret ? withPullSecretFixes(checks) : checks;
}
