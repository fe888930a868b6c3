import type { CheckOutcome, Finding } from '../engine/types.js';
import { localFixEnv } from './fix-env.js';
import { neededScopes } from './token-discovery.js';
import type { DiagnosisCheck, DiagnosisContext } from '../diagnosis/context.js';
import { finding } from '../engine/findings.js';
import { fix } from '../engine/fixes.js';
import { RegistryUnreachableError, describeReply, replyEvidence } from '../ghcr/registry-client.js';
import { REGISTRY_PING_ID } from './registry-ping.js';
import { scanStoredCredentials, type StoredCredential } from '../ghcr/stored-credentials.js';
import { REGISTRY_CHECK_TIMEOUT_MS, registryClientFor, typoHostReason, unreachableFinding } from './registry-common.js';

/**
 * Every credential docker or podman on this machine would send to the registry host is validated at
 * the token endpoint: GHCR refuses a stale one instead of falling back to anonymous, so it breaks
 * even public pulls. Scope-less, as `docker login` asks, so only the credential itself is judged.
 */
export const storedCredentialsCheck: DiagnosisCheck = {
  id: 'token.stored-credentials',
  title: 'Stored registry credentials',
  dependsOn: [REGISTRY_PING_ID],
  writes: [],
  timeoutMs: REGISTRY_CHECK_TIMEOUT_MS,
  waitsOn: 'the registry',
  async run(ctx, signal): Promise<CheckOutcome> {
    const ref = ctx.inputs.image;
    if (!ref) return { status: 'skip', summary: 'no image given' };
    const host = ref.registry.toLowerCase();
    const scan = await scanStoredCredentials(ctx.io, host);
    for (const c of scan.credentials) ctx.redactor.addSecret(c.secret, c.user);
    const testable = scan.credentials.filter((c) => c.kind === 'auth' && c.secret);
    const untested = scan.credentials.filter((c) => !testable.includes(c));
    if (scan.credentials.length === 0) return { status: 'pass', summary: `no credential stored for ${host}` };
    if (testable.length === 0) return { status: 'pass', summary: `${untested.length} stored in a credential helper or as an identity token (not tested)` };

    // registry.ping reported an unreachable registry or one that asks for no credentials.
    const reg = ctx.facts.registry;
    if (!reg) return { status: 'skip', summary: `${host} gave no token challenge` };
    if (!reg.realm) return { status: 'pass', summary: `${host} needs no credentials` };
    const noCredentials = typoHostReason(ctx);
    if (noCredentials) return { status: 'skip', summary: `stored credentials not tested: ${noCredentials}` };
    const client = registryClientFor(ctx, signal);
    const challenge = { realm: reg.realm, service: reg.service || undefined };
    const findings: Finding[] = [];
    const valid: string[] = [];
    try {
      for (const cred of testable) {
        const { reply, token } = await client.fetchToken({
          realm: challenge.realm,
          service: challenge.service,
          scopes: [],
          credentials: { user: cred.user || 'ghcr-doctor', password: cred.secret! },
        });
        if (token) {
          ctx.redactor.addSecret(token);
          valid.push(cred.file);
        } else if (reply.status === 401 || reply.status === 403) {
          findings.push(stale(ctx, this.id, host, cred, describeReply(reply), replyEvidence(reply)));
        }
      }
    } catch (error) {
      if (error instanceof RegistryUnreachableError) {
        const f = await unreachableFinding(ctx, this.id, error, signal);
        return { status: 'fail', summary: f.title, findings: [...findings, f], dependantsMayRun: true };
      }
      throw error;
    }
    const summary = findings.length
      ? `${findings.length} of ${testable.length} stored credential(s) for ${host} rejected`
      : `${valid.length} stored credential(s) for ${host} accepted${untested.length ? `, ${untested.length} in a helper not tested` : ''}`;
    return { status: findings.length ? 'fail' : 'pass', summary, findings, dependantsMayRun: true };
  },
};

function isDockerFile(file: string): boolean {
  return /(^|\/)config\.json$/.test(file);
}

function stale(ctx: DiagnosisContext, checkId: string, host: string, cred: StoredCredential, said: string, evidence: Record<string, unknown>): Finding {
  const docker = isDockerFile(cred.file);
  const logout = docker
    ? `DOCKER_CONFIG=${cred.file.replace(/\/config\.json$/, '')} docker logout ${cred.key}`
    : `podman logout --authfile ${cred.file} ${cred.key}`;
  const plain = docker ? `docker logout ${cred.key}` : `podman logout ${cred.key}`;
  return finding('token.stale-stored', checkId, {
    title: `A stored credential for ${host} is rejected (${cred.file})`,
    detail: `${cred.file} holds a credential${cred.user ? ` for ${cred.user}` : ''} under "${cred.key}" that ${host} refuses (${said}). docker and podman send it on every pull, and ${host} then refuses even public images instead of falling back to anonymous.${docker ? ' podman reads this docker file too, and podman logout does not clean it.' : ''} Log out, or log in again with a valid token.`,
    evidence: { ...evidence, file: cred.file, key: cred.key, user: cred.user ?? null },
    fixes: [
      fix('token.logout-stale', localFixEnv(ctx), { file: cred.file, commands: plain === logout ? [plain] : [plain, logout] }),
      fix('token.create-classic', localFixEnv(ctx), { scopes: neededScopes(ctx) }),
    ],
  });
}
