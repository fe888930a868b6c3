/**
 * The one owner of a diagnosis, for --ci and the TUI alike (no React, no Ink): it creates the context
 * once, registers the run's secrets, gives every run (or re-check) its own deadline, clamps check
 * timeouts, runs the server checks once per deploy server, and owns every SSH connection a run opens.
 * Front ends call close() once, in a `finally`.
 *
 * Re-checks: runSubset runs only some checks; every other check of the same DAG is replayed from its
 * last outcome (so the dependency rules hold), and facts survive between runs.
 */
import { setMaxListeners } from 'node:events';
import { runChecks, type RunResult } from '../engine/runner.js';
import type { Check, CheckOutcome, EngineListener } from '../engine/types.js';
import type { Redactor } from '../engine/redact.js';
import type { Io } from '../io/types.js';
import { errorLine } from '../engine/text.js';
import { buildChecks } from '../checks/index.js';
import { serverFacts } from '../checks/server-facts.js';
import type { DiagnosisContext, ServerRun } from './context.js';
import type { DiagnosisInputs, SshTargetInput } from './inputs.js';
import type { RunPorts } from './ports.js';
import { OpenConnections } from './connections.js';
import { unjudgedEssentials } from './essential.js';
import { DEFAULT_PARALLEL, deployServers, isServerCheckId, mapLimit, serverContext, serverLabels, stampedWith } from './servers.js';

type Remembered = { kind: 'outcome'; outcome: CheckOutcome } | { kind: 'error'; message: string };

export interface SessionOptions {
  inputs: DiagnosisInputs;
  io: Io;
  redactor: Redactor;
  /** The SSH connector and the prompts (src/diagnosis/ports.ts). */
  ports: RunPorts;
  /** Replaces the standard check list (tests). */
  checks?: Array<Check<DiagnosisContext>>;
  /** Ctrl-C: aborts whatever runs. */
  signal?: AbortSignal;
}

/** What one run (all checks, or a re-check) found. */
export interface SessionRun extends RunResult {
  startedAt: number;
}

/** One DAG of the diagnosis: the checks that do not concern a server, or one deploy server's. */
interface Scope {
  /** `USER@HOST:PORT` for a deploy server's scope. */
  label?: string;
  server?: SshTargetInput;
  context: DiagnosisContext;
  checks: Array<Check<DiagnosisContext>>;
  remembered: Map<string, Remembered>;
  connections: OpenConnections;
}

/** Ids in `ids` plus every check that (transitively) depends on one of them, in list order. */
export function withDependants(checks: Array<{ id: string; dependsOn: string[] }>, ids: string[]): string[] {
  const wanted = new Set(ids);
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of checks) {
      if (!wanted.has(c.id) && c.dependsOn.some((d) => wanted.has(d))) {
        wanted.add(c.id);
        grew = true;
      }
    }
  }
  return checks.filter((c) => wanted.has(c.id)).map((c) => c.id);
}

/** Resolves `token.*`-style patterns against the known check ids; unknown ids are dropped. */
export function resolveCheckIds(checks: Array<{ id: string }>, patterns: string[]): string[] {
  return checks.map((c) => c.id).filter((id) => patterns.some((p) => (p.endsWith('*') ? id.startsWith(p.slice(0, -1)) : id === p)));
}

export class DiagnosisSession {
  readonly context: DiagnosisContext;
  /** Every check, in reading order (the TUI lists them so). */
  readonly checks: Array<Check<DiagnosisContext>>;
  private readonly main: Scope;
  private servers: Promise<Scope[]> | undefined;
  /** Aborts a run still going when the session is closed. */
  private readonly stop = new AbortController();
  private inFlight: Promise<unknown> = Promise.resolve();
  private adopted: string | undefined;
  private closed = false;

  constructor(private readonly opts: SessionOptions) {
    this.checks = opts.checks ?? buildChecks(opts.inputs);
    if (opts.inputs.stdinToken) opts.redactor.addSecret(opts.inputs.stdinToken);
    const connections = new OpenConnections(opts.ports.ssh);
    this.context = { inputs: opts.inputs, io: opts.io, facts: {}, redactor: opts.redactor, ports: { ...opts.ports, ssh: connections.connector } };
    const withServers = deployServers(opts.inputs).length > 0;
    this.main = {
      context: this.context,
      // With deploy servers, their checks run once per server beside the rest.
      checks: withServers ? this.checks.filter((c) => !isServerCheckId(c.id)) : this.checks,
      remembered: new Map(),
      connections,
    };
  }

  get inputs(): DiagnosisInputs {
    return this.context.inputs;
  }

  /** A token the user pasted during a fix becomes the run's token for every later check. */
  adoptToken(token: string): void {
    this.opts.redactor.addSecret(token);
    this.adopted = token;
    this.context.inputs = { ...this.context.inputs, stdinToken: token, tokenFile: undefined };
  }

  /** The user picked another registry probe on screen (contract: session unless --probe push or chosen). */
  useProbe(probe: DiagnosisInputs['probe']): void {
    this.context.inputs = { ...this.context.inputs, probe };
  }

  /** The credential the checks found (or the one adopted), for fixes that call the API. */
  currentToken(): string | undefined {
    return this.adopted ?? this.context.facts.token?.value ?? this.context.inputs.stdinToken;
  }

  /** Every check, from a clean slate of facts; one `run:done` at the end. */
  runAll(listener: EngineListener): Promise<SessionRun> {
    this.context.facts = {};
    return this.track(this.run(null, listener, undefined, true));
  }

  /**
   * Only `ids` (already closed under dependants where the caller wants that); with `servers`
   * (`USER@HOST:PORT` each), the server checks among them run on those deploy servers only.
   */
  runSubset(ids: string[], listener: EngineListener, options: { servers?: string[] } = {}): Promise<SessionRun> {
    return this.track(this.run(ids, listener, options.servers, false));
  }

  /** The deploy servers' `USER@HOST:PORT`, in input order, known before anything connects. */
  async serverLabels(): Promise<string[]> {
    return (await this.serverScopes()).map((s) => s.label!);
  }

  /** Resolves when nothing runs any more (after Ctrl-C, before the process exits). */
  settled(): Promise<void> {
    return this.inFlight.then(
      () => undefined,
      () => undefined,
    );
  }

  /** Stops what still runs and closes every connection any run or fix opened; later connects are refused. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stop.abort(new Error('the diagnosis was closed'));
    await this.settled();
    this.main.connections.end();
    for (const scope of this.servers ? await this.servers : []) scope.connections.end();
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight = p;
    return p;
  }

  /** The deploy servers' scopes, made on the first run (their labels read ~/.ssh/config once). */
  private serverScopes(): Promise<Scope[]> {
    this.servers ??= (async () => {
      const given = deployServers(this.opts.inputs);
      const givenLabels = await serverLabels(given, this.opts.io);
      // One server named twice (deploy@web1 and deploy@web1:22, or a port that ~/.ssh/config gives) is audited
      // once: twice would race two pulls on one machine and report one USER@HOST:PORT twice.
      const first = givenLabels.flatMap((label, i) => (givenLabels.indexOf(label) === i ? [i] : []));
      const servers = first.map((i) => given[i]!);
      const labels = first.map((i) => givenLabels[i]!);
      const checks = this.checks.filter((c) => isServerCheckId(c.id));
      return servers.map((server, i) => {
        const connections = new OpenConnections(this.opts.ports.ssh);
        const { context } = serverContext(this.context, server, labels[i]!);
        return {
          label: labels[i]!,
          server,
          context: { ...context, ports: { ...this.context.ports, ssh: connections.connector } },
          checks,
          remembered: new Map(),
          connections,
        };
      });
    })();
    return this.servers;
  }

  private async run(ids: string[] | null, listener: EngineListener, onlyServers: string[] | undefined, fresh: boolean): Promise<SessionRun> {
    const { inputs, io } = this.context;
    const startedAt = io.clock.now();
    // One deadline per run or re-check, beside Ctrl-C and close().
    const signal = AbortSignal.any([this.stop.signal, AbortSignal.timeout(inputs.timeoutMs), ...(this.opts.signal ? [this.opts.signal] : [])]);
    // Every running check listens on it (and stops listening when done): with several servers that is more
    // than Node's default warning threshold of 10, without any leak.
    setMaxListeners(0, signal);
    const servers = await this.serverScopes();
    if (fresh) this.main.remembered.clear();
    this.context.servers = servers.length ? servers.map((s): ServerRun => ({ label: s.label!, context: s.context })) : undefined;
    for (const scope of servers) {
      // Each server has facts of its own, from a clean slate (serverContext says why none are shared).
      if (fresh) {
        scope.context.facts = {};
        scope.remembered.clear();
      }
      scope.context.inputs = { ...this.context.inputs, ssh: scope.server, servers: [scope.server!] };
    }
    const wanted = (scope: Scope) => ids === null || scope.checks.some((c) => ids.includes(c.id));
    const quiet: EngineListener = (e) => {
      if (e.type !== 'run:done') listener(e);
    };
    const chosen = servers.filter((s) => (onlyServers === undefined || onlyServers.includes(s.label!)) && wanted(s));
    const [main, perServer] = await Promise.all([
      wanted(this.main) ? this.runScope(this.main, ids, quiet, signal) : undefined,
      mapLimit(chosen, inputs.parallel ?? DEFAULT_PARALLEL, (scope) => this.runScope(scope, ids, quiet, signal)),
    ]);
    const results = [...(main ? [main] : []), ...perServer];
    const result = {
      checks: results.flatMap((r) => r.checks),
      findings: results.flatMap((r) => r.findings),
      durationMs: io.clock.now() - startedAt,
    };
    listener({ type: 'run:done', ...result });
    return { ...result, startedAt };
  }

  /** One DAG: `ids` run (all when null), the rest replays; its connections close when it ends. */
  private async runScope(scope: Scope, ids: string[] | null, listener: EngineListener, signal: AbortSignal): Promise<RunResult> {
    const inputs = this.context.inputs;
    const inScope = (id: string) => ids === null || ids.includes(id);
    const checks = scope.checks.map((c) => (inScope(c.id) ? this.remembering(scope, c) : this.replay(scope, c)));
    // Replayed checks are bookkeeping for the runner's dependency rules, not news for the front end.
    const filtered: EngineListener = (e) => {
      if (e.type === 'run:done') return;
      const id = e.type === 'check:start' ? e.id : e.type === 'finding' ? e.finding.check : e.check.id;
      if (inScope(id)) listener(e);
    };
    try {
      // A server's records are stamped before the filter: replayed ones keep their server in the result.
      return await runChecks(checks, scope.context, scope.label ? stampedWith(filtered, scope.label) : filtered, {
        signal,
        now: () => this.opts.io.clock.now(),
        describeError: (e) => this.opts.redactor.redact(errorLine(e)),
        // Per server too: each server's run judges its own ssh.connect / server.pull.
        conclude: (records) => unjudgedEssentials(inputs, records),
      });
    } finally {
      closeConnections(scope);
    }
  }

  private remembering(scope: Scope, check: Check<DiagnosisContext>): Check<DiagnosisContext> {
    const { remembered } = scope;
    const limit = this.opts.ports.prompts && check.askingTimeoutMs ? check.askingTimeoutMs : check.timeoutMs;
    return {
      ...check,
      timeoutMs: Math.min(limit, this.context.inputs.timeoutMs),
      async run(ctx, signal, prepared) {
        try {
          const outcome = await check.run.call(check, ctx, signal, prepared);
          remembered.set(check.id, { kind: 'outcome', outcome: { ...outcome, findings: [] } });
          return outcome;
        } catch (error) {
          remembered.set(check.id, { kind: 'error', message: error instanceof Error ? error.message : String(error) });
          // A server check that crashed or timed out may have left the connection mid-command:
          // the checks after it reconnect.
          if (scope.server) closeConnections(scope);
          throw error;
        }
      },
    };
  }

  private replay(scope: Scope, check: Check<DiagnosisContext>): Check<DiagnosisContext> {
    const last = scope.remembered.get(check.id);
    return {
      ...check,
      timeoutMs: 1000,
      // A replayed outcome asks nothing of the network.
      prepare: undefined,
      async run() {
        if (!last) return { status: 'skip', summary: 'not run yet' };
        if (last.kind === 'error') throw new Error(last.message);
        return last.outcome;
      },
    };
  }
}

/** Closes what the scope's run opened; a later run or fix reconnects (same pinned host key). */
function closeConnections(scope: Scope): void {
  scope.connections.closeAll();
  serverFacts(scope.context)?.connection.closed();
}
