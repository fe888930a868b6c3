import { sanitizeLines } from '../engine/sanitize.js';
import type { Finding } from '../engine/types.js';
import type { DiagnosisCheck } from '../diagnosis/context.js';
import { finding } from '../engine/findings.js';
import { repositoryPath } from '../ghcr/image-ref.js';
import type { SshSession } from '../ssh/connector.js';
import { shellQuote } from '../ssh/shell.js';
import { readRemoteFile, type ServerFile, type ServerFileRole } from '../ssh/survey.js';
import { classifyHelperError, parseHelperOutput, readAuthFile, type HelperFailure, type HostCredential } from './server-auth-files.js';
import { serverRegistryUser, serverFacts, serverSession, type RuntimeCredential, type ServerRuntime } from './server-facts.js';
import type { CredentialVerdict } from './server-registry.js';
import { loginFixes } from './server-fix-hints.js';

/**
 * The files each runtime reads, in its own lookup order (containers-auth.json(5), containers/image
 * getAuthFilePaths; docker/cli config). A user-specified authfile ($REGISTRY_AUTH_FILE) replaces
 * podman's runtime-dir and XDG files; the docker config is still read after it.
 */
function lookupOrder(runtime: ServerRuntime, registryAuthFile: string | undefined): ServerFileRole[] {
  if (runtime === 'docker') return ['docker-config'];
  return registryAuthFile ? ['podman-env', 'docker-config'] : ['podman-runtime', 'podman-config', 'docker-config'];
}

interface Resolved {
  file: ServerFile;
  credential: HostCredential;
  helperFailure?: { kind: HelperFailure; message: string };
}

const HELPER_HINT: Record<HelperFailure, string> = {
  'dbus-x11': 'the helper needs a desktop session (D-Bus/X11), which a headless SSH session does not have',
  secretservice: 'the Secret Service (org.freedesktop.secrets) is not available on this server',
  'pass-not-initialised': 'the `pass` password store is not initialised for this user (gpg key, `pass init`)',
  'helper-missing': 'the helper program is not installed',
  other: 'the helper failed',
};

async function askHelper(
  session: SshSession,
  helper: string,
  host: string,
  signal: AbortSignal,
): Promise<{ user?: string; secret?: string } | { failure: HelperFailure; message: string } | undefined> {
  // The host goes on stdin (the helper protocol); the secret comes back on stdout over the channel.
  const res = await session.exec(`docker-credential-${shellQuote(helper)} get`, { stdin: `${host}\n`, signal });
  const out = res.stdout.toString('utf8');
  if (res.code === 0) return parseHelperOutput(out);
  // The helper's error text is shown: sanitised once, here.
  const text = sanitizeLines(`${out}\n${res.stderr.toString('utf8')}`.trim());
  const kind = classifyHelperError(res.code, text);
  if (!kind) return undefined;
  return {
    failure: kind,
    message:
      text
        .split('\n')
        .find((l) => l.trim())
        ?.slice(0, 300) ?? '',
  };
}

/**
 * The credential each runtime on the server would send for the registry host, read over SSH and
 * checked from here against the registry's /token. The secret never goes on a command
 * line and is registered with the redactor before anything can print it.
 */
export const serverCredentialsCheck: DiagnosisCheck = {
  id: 'server.credentials',
  title: 'Registry credentials stored on the server',
  dependsOn: ['server.runtime'],
  writes: ['server.credentials', 'server.credentialsUnclear'],
  timeoutMs: 30_000,
  waitsOn: 'the deploy server and the registry',
  async run(ctx, signal) {
    const server = serverFacts(ctx);
    const image = ctx.inputs.image;
    const session = await serverSession(ctx, signal);
    if (!server?.survey || !session) return { status: 'skip', summary: 'not connected' };
    if (!image) return { status: 'skip', summary: 'no image given' };
    const { survey } = server;
    const host = image.registry.toLowerCase();
    const repo = repositoryPath(image);
    const runtimes = server.runtimes ?? [];
    const readings = new Map<string, Resolved | null>();
    const unreadable: string[] = [];
    const invalidJson = new Set<string>();

    const resolve = async (file: ServerFile, runtime: ServerRuntime): Promise<Resolved | null> => {
      const cacheKey = `${runtime}:${file.path}`;
      if (readings.has(cacheKey)) return readings.get(cacheKey)!;
      let result: Resolved | null = null;
      if (file.readable === false) unreadable.push(file.path);
      else {
        const content = await readRemoteFile(session, file.path, signal, file.size);
        if (content === undefined) unreadable.push(file.path);
        else {
          const reading = readAuthFile(content.toString('utf8'), host, repo, runtime);
          // The runtime itself fails on such a file; say so rather than "not logged in".
          if (reading.invalidJson) invalidJson.add(file.path);
          if (reading.credential) {
            result = { file, credential: { ...reading.credential } };
            if (reading.credential.helper) {
              const answer = await askHelper(session, reading.credential.helper, host, signal);
              if (answer && 'failure' in answer) result.helperFailure = { kind: answer.failure, message: answer.message };
              else if (answer) Object.assign(result.credential, answer);
              else result = null; // the helper holds nothing for this host
            }
          }
        }
      }
      readings.set(cacheKey, result);
      return result;
    };

    const effective: Array<{ runtime: ServerRuntime; resolved: Resolved }> = [];
    for (const runtime of runtimes) {
      for (const role of lookupOrder(runtime, survey.registryAuthFile)) {
        const file = survey.files.find((f) => f.role === role && f.exists);
        if (!file) continue;
        const resolved = await resolve(file, runtime);
        if (resolved) {
          effective.push({ runtime, resolved });
          break;
        }
      }
    }

    const findings: Finding[] = [];
    const credentials: RuntimeCredential[] = [];
    const verdicts = new Map<string, CredentialVerdict>();
    for (const { runtime, resolved } of effective) {
      const { file, credential } = resolved;
      const usedBy = effective.filter((e) => e.resolved.file.path === file.path).map((e) => e.runtime);
      const first = effective.find((e) => e.resolved.file.path === file.path)!.runtime === runtime;
      const source = credential.helper ? `${file.path} (credential helper ${credential.helper})` : file.path;
      if (resolved.helperFailure) {
        if (first) {
          findings.push(
            finding('server.credential-helper-broken', this.id, {
              title: `docker-credential-${credential.helper} fails on the server`,
              detail: `${file.path} hands ${host} to the credential helper "${credential.helper}", and it fails: ${HELPER_HINT[resolved.helperFailure.kind]}. Every pull as ${survey.user} fails the same way. Remove "credsStore"/"credHelpers" from ${file.path} and log in again (the credential is then stored in the file, mode 600), or set the helper up.`,
              evidence: { helper: credential.helper, failure: resolved.helperFailure.kind, message: resolved.helperFailure.message, file: file.path, usedBy },
            }),
          );
        }
        credentials.push({
          runtime,
          role: file.role,
          path: file.path,
          helper: credential.helper,
          verdict: { kind: 'unknown', reason: 'the credential helper failed' },
        });
        continue;
      }
      const secret = credential.secret ?? '';
      ctx.redactor.addSecret(secret, credential.user);
      let verdict = verdicts.get(file.path);
      if (!verdict) {
        verdict = credential.identityToken
          ? { kind: 'unknown', reason: 'an OAuth identity token (cannot be checked with Basic auth)' }
          : server.registry
            ? await server.registry.validate(credential.user ?? serverRegistryUser(ctx), secret, repo, signal)
            : { kind: 'unknown', reason: 'no registry' };
        verdicts.set(file.path, verdict);
        if (secret.startsWith('ghs_')) {
          findings.push(
            finding('server.actions-token-stored', this.id, {
              title: `The server holds a GitHub Actions token (ghs_) for ${host}`,
              detail: `${source} holds a ghs_ installation token, most likely the workflow's GITHUB_TOKEN passed to the server. It dies when the job ends (at most 24 h), so later pulls (restarts, cron, auto-update) fail. Give the server its own classic PAT with read:packages.`,
              evidence: { source: file.path, kind: 'ghs_', usedBy, ...(credential.user ? { user: credential.user } : {}) },
              fixes: loginFixes(ctx, runtimes),
            }),
          );
        }
        if (verdict.kind === 'rejected') {
          findings.push(
            finding('server.stored-token-invalid', this.id, {
              title: `The credential ${survey.user} has stored for ${host} is rejected`,
              detail: `${usedBy.join(' and ')} on the server send${usedBy.length === 1 ? 's' : ''} the credential in ${source}${credential.user ? ` (user ${credential.user})` : ''}; the registry's token endpoint answers ${verdict.status}${verdict.message ? ` "${verdict.message}"` : ''}. The registry does not fall back to anonymous, so even public pulls fail. Log in again with a valid classic PAT (read:packages).`,
              evidence: {
                source: file.path,
                status: verdict.status,
                usedBy,
                ...(credential.user ? { user: credential.user } : {}),
                ...(verdict.message ? { message: verdict.message } : {}),
              },
              fixes: loginFixes(ctx, runtimes),
            }),
          );
        }
      }
      credentials.push({ runtime, role: file.role, path: file.path, user: credential.user, helper: credential.helper, verdict });
    }

    // Rootless podman's primary authfile lives in tmpfs: a login stored only there is gone after a reboot.
    const podman = effective.find((e) => e.runtime === 'podman');
    if (podman && podman.resolved.file.role === 'podman-runtime' && podman.resolved.file.fsType === 'tmpfs') {
      const persistent = await (async () => {
        for (const role of ['podman-config', 'docker-config'] as const) {
          const file = survey.files.find((f) => f.role === role && f.exists);
          if (file && (await resolve(file, 'podman'))) return true;
        }
        return false;
      })();
      if (!persistent) {
        findings.push(
          finding('server.auth-ephemeral', this.id, {
            title: `podman's login for ${host} is only in ${podman.resolved.file.path} (tmpfs)`,
            detail: `Rootless podman stores logins in $XDG_RUNTIME_DIR, a tmpfs: the credential disappears at reboot or when ${survey.user}'s last session ends, and the next unattended pull fails. Log in with --authfile ~/.config/containers/auth.json (persistent, mode 600).`,
            evidence: { path: podman.resolved.file.path, fsType: 'tmpfs' },
            fixes: loginFixes(ctx, ['podman']),
          }),
        );
      }
    }

    server.credentials = credentials;
    server.credentialsUnclear = unreadable.length > 0 || invalidJson.size > 0 || credentials.some((c) => c.verdict.kind === 'unknown');
    const summaryParts = runtimes.map((r) => {
      const c = credentials.find((x) => x.runtime === r);
      return c ? `${r}: ${c.path} (${c.verdict.kind})` : `${r}: no credential for ${host}`;
    });
    if (unreadable.length) summaryParts.push(`unreadable: ${[...new Set(unreadable)].join(', ')}`);
    if (invalidJson.size) summaryParts.push(`not valid JSON: ${[...invalidJson].join(', ')}`);
    const summary = summaryParts.join('; ') || 'no runtime to read credentials for';
    const status = findings.some((f) => f.severity === 'error') ? 'fail' : findings.length ? 'warn' : 'pass';
    return { status, summary, findings, dependantsMayRun: true };
  },
};
