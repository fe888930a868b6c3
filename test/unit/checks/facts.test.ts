/**
 * Which check writes which fact is declared (`writes` on each check) and held here, not left to comments. The real
 * check list runs over the demo's sandbox worlds (every scenario, plus --intent pull, a rate-limited API, a
 * --pull-secret and a run without a deploy server), each check with its context's facts watched (a Proxy that
 * notes every fact read and written, nested values included), and:
 * - a check writes only the facts it declares, and every declared fact is written and read in some world;
 * - each fact has one writer;
 * - a fact a check reads is written by the check itself or by one it depends on (dependsOn / after, transitively),
 *   so it never races the writer.
 */
import { describe, expect, it } from 'vitest';
import { buildChecks } from '../../../src/checks/index.js';
import { parseCliArgs } from '../../../src/cli/args.js';
import { demoInputs, demoPorts } from '../../../src/demo/command.js';
import { buildSandbox } from '../../../src/demo/sandbox.js';
import { DEMO_TOKENS, DEMO_USER, SCENARIOS, type Scenario } from '../../../src/demo/scenarios.js';
import type { DiagnosisCheck, DiagnosisContext } from '../../../src/diagnosis/context.js';
import { diagnose } from '../../../src/diagnosis/diagnose.js';
import type { FactKey, Facts } from '../../../src/diagnosis/facts.js';
import type { DiagnosisInputs } from '../../../src/diagnosis/inputs.js';
import { Redactor } from '../../../src/engine/redact.js';

interface Seen {
  reads: Set<string>;
  writes: Set<string>;
}

/**
 * Plain data (object literals, arrays): a write inside one is a write of the fact that holds it. An object of a
 * class (the server's ServerConnection, its RegistryProbe) keeps its own state and is not looked into.
 */
function isPlain(v: unknown): v is object {
  return v !== null && typeof v === 'object' && (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype);
}

/** Notes a write anywhere inside `value` as a write of `fact`. */
function guarded<T extends object>(value: T, fact: string, seen: Seen): T {
  const write = () => seen.writes.add(fact);
  return new Proxy(value, {
    get(target, key) {
      const v: unknown = Reflect.get(target, key);
      return isPlain(v) ? guarded(v, fact, seen) : v;
    },
    set(target, key, v) {
      write();
      return Reflect.set(target, key, v);
    },
    deleteProperty(target, key) {
      write();
      return Reflect.deleteProperty(target, key);
    },
    defineProperty(target, key, d) {
      write();
      return Reflect.defineProperty(target, key, d);
    },
  });
}

/** `facts` (or `facts.server`, with `prefix` 'server.'): reads and writes of its fields, by name. */
function watched<T extends object>(value: T, seen: Seen, prefix = ''): T {
  const fact = (key: string | symbol) => (typeof key === 'string' ? `${prefix}${key}` : undefined);
  return new Proxy(value, {
    get(target, key) {
      const v: unknown = Reflect.get(target, key);
      const name = fact(key);
      if (!name) return v;
      seen.reads.add(name);
      if (!prefix && name === 'server' && v) return watched(v as object, seen, 'server.');
      return isPlain(v) ? guarded(v, name, seen) : v;
    },
    set(target, key, v) {
      const name = fact(key);
      if (name) seen.writes.add(name);
      return Reflect.set(target, key, v);
    },
    deleteProperty(target, key) {
      const name = fact(key);
      if (name) seen.writes.add(name);
      return Reflect.deleteProperty(target, key);
    },
  });
}

/** The check, run with its context's facts watched; what it read and wrote goes to `log` under its id. */
function watching(check: DiagnosisCheck, log: Map<string, Seen>): DiagnosisCheck {
  const view = (ctx: DiagnosisContext, key: string) => {
    const seen = log.get(key) ?? { reads: new Set(), writes: new Set() };
    log.set(key, seen);
    return new Proxy(ctx, {
      get: (target, k) => (k === 'facts' ? watched<Facts>(target.facts, seen) : Reflect.get(target, k)),
    }) as DiagnosisContext;
  };
  const { prepare } = check;
  return {
    ...check,
    // What prepare() reads is noted apart: it starts before `after` is done, so it may read only what `dependsOn` wrote.
    prepare: prepare ? (ctx, signal) => prepare.call(check, view(ctx, `${check.id} prepare`), signal) : undefined,
    run(ctx, signal, prepared) {
      return check.run.call(check, view(ctx, check.id), signal, prepared);
    },
  };
}

interface World {
  name: string;
  scenario: Scenario;
  args?: string[];
  inputs?: (inputs: DiagnosisInputs) => DiagnosisInputs;
}

// The token without write:packages: its finding gets the pull secret's fixes, which read the pullSecret fact.
const dockerConfig = JSON.stringify({ auths: { 'ghcr.io': { auth: Buffer.from(`${DEMO_USER}:${DEMO_TOKENS.classicNoWrite}`).toString('base64') } } });
const WORLDS: World[] = [
  ...SCENARIOS.map((scenario) => ({ name: scenario.name, scenario })),
  { name: '--intent pull', scenario: SCENARIOS[0]!, args: ['--intent', 'pull'] },
  { name: 'a rate-limited API', scenario: { ...SCENARIOS[0]!, world: (now: number) => ({ ...SCENARIOS[0]!.world(now), rateLimitRemaining: 0 }) } },
  { name: '--pull-secret', scenario: SCENARIOS[0]!, inputs: (i) => ({ ...i, pullSecret: { text: dockerConfig, from: 'regcred.json' } }) },
  { name: 'no deploy server', scenario: SCENARIOS[0]!, inputs: (i) => ({ ...i, ssh: undefined }) },
  // --user: the login's token exchange starts in its prepare(), before token.identity answers.
  { name: '--user', scenario: SCENARIOS[0]!, inputs: (i) => ({ ...i, user: DEMO_USER }) },
];

/** Every world run once with every check watched: per world, the checks it ran and what each read and wrote. */
async function runWorlds(): Promise<Array<{ world: string; checks: DiagnosisCheck[]; log: Map<string, Seen> }>> {
  const runs = [];
  for (const world of WORLDS) {
    const redactor = new Redactor();
    const sandbox = buildSandbox(world.scenario, Date.now, (t) => redactor.addSecret(t));
    for (const s of sandbox.secrets) redactor.addSecret(s);
    const base = demoInputs(sandbox, parseCliArgs(['demo', ...(world.args ?? [])]), false);
    const inputs = world.inputs ? world.inputs(base) : base;
    const checks = buildChecks(inputs);
    const log = new Map<string, Seen>();
    await diagnose(inputs, sandbox.io, { listener: () => {}, redactor, ports: demoPorts(sandbox), checks: checks.map((c) => watching(c, log)) });
    runs.push({ world: world.name, checks, log });
  }
  return runs;
}

/** The checks `id` waits for, directly or through others (`dependsOnly`: its own `after` left out, as for prepare()). */
function upstream(checks: DiagnosisCheck[], id: string, dependsOnly = false): Set<string> {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const seen = new Set<string>();
  const visit = (at: string) => {
    const c = byId.get(at);
    const deps = dependsOnly && at === id ? (c?.dependsOn ?? []) : [...(c?.dependsOn ?? []), ...(c?.after ?? [])];
    for (const dep of deps) {
      if (seen.has(dep)) continue;
      seen.add(dep);
      visit(dep);
    }
  };
  visit(id);
  return seen;
}

describe('facts: declared writers, checked over the sandbox worlds', () => {
  it('each fact has one writer in every check list', () => {
    for (const inputs of [
      buildChecks({ ...demoInputs(buildSandbox(SCENARIOS[0]!), parseCliArgs(['demo']), false) }),
      buildChecks({ ...demoInputs(buildSandbox(SCENARIOS[0]!), parseCliArgs(['demo', '--intent', 'pull']), false), ssh: undefined }),
    ]) {
      const writers = new Map<FactKey, string[]>();
      for (const c of inputs) for (const f of c.writes) writers.set(f, [...(writers.get(f) ?? []), c.id]);
      for (const [fact, ids] of writers) expect(ids, fact).toHaveLength(1);
    }
  });

  it('a check writes only what it declares, every declared fact is written and read somewhere, and a fact read was written upstream', async () => {
    const runs = await runWorlds();
    const undeclared: string[] = [];
    const racing: string[] = [];
    const written = new Set<string>();
    const prepared = new Set<string>();
    for (const { world, checks, log } of runs) {
      const declaredBy = new Map<string, string>(checks.flatMap((c) => c.writes.map((f) => [f, c.id] as const)));
      // A field of the server's facts no check declares on its own came with the whole object (ssh.connect).
      const writerOf = (fact: string) => declaredBy.get(fact) ?? (fact.startsWith('server.') ? declaredBy.get('server') : undefined);
      for (const check of checks) {
        const seen = log.get(check.id);
        if (!seen) continue;
        for (const fact of seen.writes) {
          written.add(fact);
          if (!(check.writes as readonly string[]).includes(fact)) undeclared.push(`${world}: ${check.id} writes ${fact}`);
        }
        const before = upstream(checks, check.id);
        for (const fact of seen.reads) {
          const writer = writerOf(fact);
          if (writer !== check.id && !(writer && before.has(writer))) racing.push(`${world}: ${check.id} reads ${fact} (written by ${writer ?? 'no check'})`);
        }
      }
      for (const check of checks) {
        const early = log.get(`${check.id} prepare`);
        if (!early) continue;
        prepared.add(check.id);
        for (const fact of early.writes) undeclared.push(`${world}: ${check.id}'s prepare() writes ${fact} (only run() may)`);
        const inputs = upstream(checks, check.id, true);
        for (const fact of early.reads) {
          const writer = writerOf(fact);
          if (!(writer && inputs.has(writer)))
            racing.push(`${world}: ${check.id}'s prepare() reads ${fact} (written by ${writer ?? 'no check'}, not a dependsOn)`);
        }
      }
    }
    expect(undeclared).toEqual([]);
    expect(racing).toEqual([]);
    // Every prepare() ran in some world (its reads are checked, not skipped for want of a world).
    expect([...new Set(runs.flatMap((r) => r.checks.filter((c) => c.prepare).map((c) => c.id)))].filter((id) => !prepared.has(id))).toEqual([]);
    const declared = new Set(runs.flatMap((r) => r.checks.flatMap((c) => c.writes)));
    expect([...declared].filter((f) => !written.has(f))).toEqual([]);
    const read = new Set(runs.flatMap((r) => [...r.log.values()].flatMap((seen) => [...seen.reads])));
    expect(
      [...declared].filter((f) => !read.has(f)),
      'written and never read',
    ).toEqual([]);
  });
});
