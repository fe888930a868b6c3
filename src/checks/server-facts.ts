import type { DiagnosisContext } from '../diagnosis/context.js';
import type { SshSession } from '../ssh/connector.js';
import type { ServerFileRole, ServerSurvey } from '../ssh/survey.js';
import type { SshTarget } from '../ssh/target.js';
import type { CredentialVerdict, RegistryProbe } from './server-registry.js';

export type ServerRuntime = 'podman' | 'docker';

/** The credential one runtime on the server would send for the registry host. */
export interface RuntimeCredential {
  runtime: ServerRuntime;
  role: ServerFileRole;
  path: string;
  user?: string;
  helper?: string;
  verdict: CredentialVerdict;
}

/** What the ssh.* and server.* checks learn (facts.server). The session is closed by server.pull. */
export interface ServerFacts {
  target: SshTarget;
  session?: SshSession;
  hostKeyFingerprint: string;
  /** A new connection to the same server, trusting exactly the host key seen now (fixes use it). */
  reconnect?: (signal?: AbortSignal) => Promise<SshSession>;
  reconnecting?: Promise<SshSession>;
  registry?: RegistryProbe;
  survey?: ServerSurvey;
  runtimes?: ServerRuntime[];
  /** Per runtime; a runtime with no credential for the host is absent. */
  credentials?: RuntimeCredential[];
  /** A credential (auth file or helper) exists but could not be judged (unreadable file, helper error). */
  credentialsUnclear?: boolean;
}

/**
 * The connection's own state, not facts: any check that uses the connection may reopen it (serverSession) and
 * the DiagnosisSession closes it when the server's run ends, so no check declares these.
 */
export const SERVER_CONNECTION_FIELDS = ['session', 'reconnect', 'reconnecting'] as const;

/** A field of ServerFacts a check declares it writes (`server.survey`…). */
export type ServerFactKey = Exclude<keyof ServerFacts, (typeof SERVER_CONNECTION_FIELDS)[number]>;

export function serverFacts(ctx: DiagnosisContext): ServerFacts | undefined {
  return ctx.facts.server;
}

/**
 * The open connection, or a new one (same pinned host key) when a re-check runs after server.pull
 * closed the first. One pending reconnect is shared by checks that start together.
 */
export async function serverSession(ctx: DiagnosisContext, signal?: AbortSignal): Promise<SshSession | undefined> {
  const server = serverFacts(ctx);
  if (!server) return undefined;
  if (server.session) return server.session;
  if (!server.reconnect) return undefined;
  server.reconnecting ??= server.reconnect(signal).finally(() => {
    server.reconnecting = undefined;
  });
  server.session = await server.reconnecting;
  return server.session;
}

/**
 * The registry user to validate server-side tokens with (and to log in as) when no stored user says otherwise.
 * Not the token's login: a server's checks run beside token.identity, so it would depend on which finished
 * first; GHCR ignores the name for PATs, and the image's owner is the usual one.
 */
export function registryUser(ctx: DiagnosisContext): string {
  return ctx.inputs.user ?? ctx.inputs.image?.owner.toLowerCase() ?? 'ghcr-doctor';
}

export function octal(mode: number | undefined): string | undefined {
  return mode === undefined ? undefined : (mode & 0o7777).toString(8).padStart(3, '0');
}
