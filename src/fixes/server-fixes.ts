import type { DiagnosisContext } from '../diagnosis/context.js';
import type { Finding } from '../engine/types.js';
import type { SshSession } from '../ssh/connector.js';
import { describeTarget } from '../ssh/target.js';
import { shellQuote } from '../ssh/shell.js';
import { serverRegistryUser, serverFacts, type ServerFacts, type ServerRuntime } from '../checks/server-facts.js';
import { fixAction } from '../engine/fixes.js';
import { TokenRefusedError, type FixAction, type FixInput, type TokenStore } from './types.js';
import { remoteHome, remoteUid, sha256Hex, writeRemoteSecretFile } from './server-remote.js';
import { pullRestoring } from '../checks/server-pull-run.js';
import { classifyPullOutput } from '../checks/server-pull-classify.js';
import { sanitizeText } from '../engine/sanitize.js';

/** The registry refused the credentials (not a timeout, a network error or a busy server). */
function refusesToken(output: string): boolean {
  return ['bearer-token-403', 'unauthorized', 'denied'].includes(classifyPullOutput(output));
}

function requireToken(input: FixInput): string {
  const token = input.token?.trim();
  if (!token) throw new Error('a token is needed (paste a classic PAT with read:packages)');
  return token;
}

async function withSession<T>(server: ServerFacts, signal: AbortSignal, fn: (s: SshSession) => Promise<T>): Promise<T> {
  const session = await server.connection.reconnect(signal);
  try {
    return await fn(session);
  } finally {
    session.close();
  }
}

/** Writes ~/.ghcr_token on the server (SFTP, mode 600 from creation, temp + rename, backup). */
export function writeTokenFileFix(ctx: DiagnosisContext, server: ServerFacts): FixAction {
  const where = describeTarget(server.target);
  return {
    id: 'server.write-token-file',
    title: `Store the token in ~/.ghcr_token on ${where} (mode 600)`,
    needs: ['token'],
    preview: () => [
      `${where}: create ~/.ghcr_token through SFTP with mode 600 from creation (temporary file, then rename)`,
      'an existing ~/.ghcr_token is first copied to ~/.ghcr_token.bak-<time> (mode 600)',
      'content: the token and one newline; nothing goes on a command line',
    ],
    async apply(input, signal) {
      const token = requireToken(input);
      ctx.redactor.addSecret(token);
      return withSession(server, signal, async (s) => {
        const path = `${await remoteHome(s, signal)}/.ghcr_token`;
        const { backup } = await writeRemoteSecretFile(s, path, Buffer.from(`${token}\n`), ctx.io.clock.now(), signal);
        return { changed: [`${where}:${path} (mode 600)`, ...(backup ? [`${where}:${backup} (backup)`] : [])] };
      });
    },
    async verify(input, signal) {
      const token = requireToken(input);
      return withSession(server, signal, async (s) => {
        const path = `${await remoteHome(s, signal)}/.ghcr_token`;
        const st = await s.stat(path);
        const uid = await remoteUid(s, signal);
        if (!st) return { ok: false, message: `${path} does not exist` };
        if ((st.mode & 0o777) !== 0o600 || st.uid !== uid)
          return { ok: false, message: `${path} has mode ${(st.mode & 0o777).toString(8)}, owner uid ${st.uid}` };
        const same = sha256Hex(await s.readFile(path)) === sha256Hex(`${token}\n`);
        return same
          ? { ok: true, message: `${path}: mode 600, owned by the deploy user, content verified` }
          : { ok: false, message: `${path} does not hold the token that was written` };
      });
    },
    // server.runtime re-takes the survey (modes, files); the TUI adds its dependants: every server check.
    recheck: ['server.runtime'],
  };
}

/** The remote commands of the persistent login; the token only ever travels on stdin. */
export function loginCommands(runtime: ServerRuntime, host: string, user: string, authFileEnv: string | undefined): string[] {
  if (runtime === 'docker') return [`docker login ${shellQuote(host)} -u ${shellQuote(user)} --password-stdin`];
  const authfile = authFileEnv ? shellQuote(authFileEnv) : '"$HOME/.config/containers/auth.json"';
  return [
    // A stale entry in the tmpfs authfile would still win over the persistent one: drop it first.
    `podman logout --authfile "\${XDG_RUNTIME_DIR:-/run/user/$(id -u)}/containers/auth.json" ${shellQuote(host)} >/dev/null 2>&1; true`,
    `mkdir -p "$(dirname ${authfile})" && podman login --authfile ${authfile} ${shellQuote(host)} -u ${shellQuote(user)} --password-stdin`,
  ];
}

/** Logs the deploy user in for good, with every runtime the server has; verified by a real pull. */
export function loginPersistentFix(ctx: DiagnosisContext, server: ServerFacts): FixAction {
  const where = describeTarget(server.target);
  const image = ctx.inputs.image;
  const host = image?.registry ?? 'ghcr.io';
  const user = serverRegistryUser(ctx);
  const runtimes = server.runtimes?.length ? server.runtimes : (['podman'] as ServerRuntime[]);
  const commands = runtimes.flatMap((r) => loginCommands(r, host, user, r === 'podman' ? server.survey?.registryAuthFile : undefined));
  return {
    id: 'server.login-persistent',
    title: `Log ${where} in to ${host} persistently (${runtimes.join(' and ')})`,
    needs: ['token'],
    preview: () => [...commands.map((c) => `${where}: ${c}`), "the token is written to the command's stdin, never to its command line"],
    async apply(input, signal) {
      const token = requireToken(input);
      ctx.redactor.addSecret(token, user);
      return withSession(server, signal, async (s) => {
        const changed: string[] = [];
        for (const runtime of runtimes) {
          for (const cmd of loginCommands(runtime, host, user, runtime === 'podman' ? server.survey?.registryAuthFile : undefined)) {
            const needsToken = cmd.includes('--password-stdin');
            const res = await s.exec(cmd, { stdin: needsToken ? `${token}\n` : undefined, signal });
            if (needsToken && res.code !== 0) {
              const stderr = sanitizeText(res.stderr.toString('utf8').trim());
              const message = `${runtime} login failed: ${ctx.redactor.redact(stderr.split('\n').pop() ?? '')}`;
              throw refusesToken(stderr) ? new TokenRefusedError(message) : new Error(message);
            }
          }
          changed.push(
            runtime === 'podman'
              ? `${where}: podman credential for ${host} in ${server.survey?.registryAuthFile ?? '~/.config/containers/auth.json'}`
              : `${where}: docker credential for ${host}`,
          );
        }
        return { changed };
      });
    },
    async verify(_input, signal) {
      if (!image) return { ok: false, message: 'no image to pull' };
      return withSession(server, signal, async (s) => {
        const result = await pullRestoring(s, runtimes[0]!, image.canonical, signal);
        return result.ok
          ? { ok: true, message: `${runtimes[0]} pull ${image.canonical} on the server works` }
          : { ok: false, tokenRefused: refusesToken(result.output), message: ctx.redactor.redact(result.output.trim().split('\n').pop() ?? 'the pull failed') };
      });
    },
    recheck: ['server.runtime'],
  };
}

/** The context a server (`USER@HOST:PORT`, else the first) was diagnosed in (each deploy server has its own facts). */
function serverRunContext(ctx: DiagnosisContext, server: string | undefined): DiagnosisContext {
  const run = (server ? ctx.servers?.find((s) => s.label === server) : undefined) ?? ctx.servers?.[0];
  return run?.context ?? ctx;
}

/** The fixes the TUI may offer for a server.* finding (never run in --ci): those its fixes name. */
export function serverFixActions(runCtx: DiagnosisContext, f: Finding): FixAction[] {
  const ctx = serverRunContext(runCtx, f.server);
  const server = serverFacts(ctx);
  if (!server) return [];
  const kinds = new Set(f.fixes.map((x) => fixAction(x.id)));
  const actions: FixAction[] = [];
  if (kinds.has('server-token-file')) actions.push(writeTokenFileFix(ctx, server));
  if (kinds.has('server-login')) actions.push(loginPersistentFix(ctx, server));
  return actions;
}

/**
 * After a new token was verified: storing that same token in ~/.ghcr_token on each deploy server the
 * run reached (one with the TUI), each its own y/N with its `USER@HOST:PORT`. A server only pulls, so
 * the preview says a read:packages token is the least-privilege choice.
 */
export function serverTokenStores(runCtx: DiagnosisContext): TokenStore[] {
  const runs = runCtx.servers?.length ? runCtx.servers : [{ label: undefined, context: runCtx }];
  return runs.flatMap(({ label, context }) => {
    const server = serverFacts(context);
    if (!server) return [];
    const write = writeTokenFileFix(context, server);
    const action: FixAction = {
      ...write,
      title: `Store the new token in ~/.ghcr_token on ${describeTarget(server.target)} too (mode 600)`,
      preview: (input) => [
        ...write.preview(input),
        'the server only pulls: a token with read:packages alone is enough there (no to keep its own and paste one with the server fixes)',
      ],
    };
    return [{ action, server: label }];
  });
}
