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

/**
 * The connection to one deploy server, made by ssh.connect: the open session, reopened on demand with exactly
 * the host key seen then. Not a fact: any server check may reopen it, and the DiagnosisSession closes what it
 * opened when the server's run ends (src/diagnosis/connections.ts).
 */
export class ServerConnection {
  private pending?: Promise<SshSession>;

  constructor(
    private current: SshSession | undefined,
    private readonly open: (signal?: AbortSignal) => Promise<SshSession>,
  ) {}

  /**
   * The open session, or a new one when a re-check runs after the first was closed. One pending reconnect
   * is shared by checks that start together.
   */
  async session(signal?: AbortSignal): Promise<SshSession> {
    if (this.current) return this.current;
    this.pending ??= this.open(signal).finally(() => {
      this.pending = undefined;
    });
    this.current = await this.pending;
    return this.current;
  }

  /** A connection of its own (a fix opens and closes one). */
  reconnect(signal?: AbortSignal): Promise<SshSession> {
    return this.open(signal);
  }

  /** The session was closed: the next session() reconnects. */
  closed(): void {
    this.current = undefined;
  }
}

/** What the ssh.* and server.* checks learn (facts.server). */
export interface ServerFacts {
  target: SshTarget;
  hostKeyFingerprint: string;
  connection: ServerConnection;
  registry?: RegistryProbe;
  survey?: ServerSurvey;
  runtimes?: ServerRuntime[];
  /** Per runtime; a runtime with no credential for the host is absent. */
  credentials?: RuntimeCredential[];
  /** A credential (auth file or helper) exists but could not be judged (unreadable file, helper error). */
  credentialsUnclear?: boolean;
}

/** A field of ServerFacts a check declares it writes (`server.survey`…). */
export type ServerFactKey = keyof ServerFacts;

export function serverFacts(ctx: DiagnosisContext): ServerFacts | undefined {
  return ctx.facts.server;
}

/** The server's open connection (ServerConnection.session), once ssh.connect has made one. */
export async function serverSession(ctx: DiagnosisContext, signal?: AbortSignal): Promise<SshSession | undefined> {
  return serverFacts(ctx)?.connection.session(signal);
}

/**
 * The registry user a deploy server validates its tokens with (and logs in as) when no stored user says otherwise;
 * the laptop side has its own, registryUser in registry-common.ts.
 * Not the token's login: a server's checks run beside token.identity, so it would depend on which finished
 * first; GHCR ignores the name for PATs, and the image's owner is the usual one.
 */
export function serverRegistryUser(ctx: DiagnosisContext): string {
  return ctx.inputs.user ?? ctx.inputs.image?.owner.toLowerCase() ?? 'ghcr-doctor';
}

export function octal(mode: number | undefined): string | undefined {
  return mode === undefined ? undefined : (mode & 0o7777).toString(8).padStart(3, '0');
}
