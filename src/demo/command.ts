/**
 * `ghcr-doctor demo [--scenario NAME]` and `learn --demo`: the real diagnosis against the in-process
 * sandbox (src/demo/sandbox.ts). `--ci`/`--json` (or no terminal) use the CI reporter; in a terminal the Ink
 * UI runs, and fixes applied there change only the sandbox.
 */
import type { ParsedArgs } from '../cli/args.js';
import { isHeadless, type Runtime } from '../cli/runtime.js';
import { runCiDiagnosis } from '../cli/ci-diagnosis.js';
import { UsageError } from '../cli/errors.js';
import { resolveIntent, timeoutMsOf } from '../cli/config.js';
import { parseImageRef } from '../ghcr/image-ref.js';
import type { DiagnosisInputs } from '../diagnosis/inputs.js';
import type { RunPorts } from '../diagnosis/ports.js';
import { wrapWords } from '../engine/text.js';
import { buildSandbox, DEMO_HOSTS, type Sandbox } from './sandbox.js';
// Every demo runs the checks: loaded with this module (the same file reads) and handed to
// runCiDiagnosis, rather than imported by it once the sandbox is built (another wait on file reads).
import { diagnose, reportTarget } from '../diagnosis/diagnose.js';
import { DEFAULT_SCENARIO, DEMO_IMAGE, DEMO_REPO, DEMO_SERVER, SCENARIOS, findScenario, type Scenario } from './scenarios.js';

/** Flags that name a real target; the demo has its own, so taking them silently would mislead. */
const REAL_TARGET_FLAGS: Array<[keyof ParsedArgs, string]> = [
  ['image', '--image'],
  ['tokenFile', '--token-file'],
  ['tokenStdin', '--token-stdin'],
  ['pullSecret', '--pull-secret'],
  ['apiUrl', '--api-url'],
  ['statusUrl', '--status-url'],
  ['repo', '--repo'],
  ['ssh', '--ssh'],
  ['hosts', '--hosts'],
  ['sshKey', '--ssh-key'],
  ['knownHosts', '--known-hosts'],
  ['hostKey', '--host-key'],
];

export function scenarioList(): string {
  const width = Math.max(...SCENARIOS.map((s) => s.name.length));
  return SCENARIOS.map((s) => `${s.name.padEnd(width)}  ${s.summary}${s.name === DEFAULT_SCENARIO ? ' (default)' : ''}`).join('\n');
}

export function resolveScenario(args: ParsedArgs): Scenario {
  for (const [key, flag] of REAL_TARGET_FLAGS) {
    const value = args[key];
    if (Array.isArray(value) ? value.length > 0 : value)
      throw new UsageError(`${flag} cannot be used with demo: the demo checks its own simulated target`, ['run ghcr-doctor without demo to check a real one']);
  }
  const name = args.scenario ?? DEFAULT_SCENARIO;
  const scenario = findScenario(name);
  if (!scenario) throw new UsageError(`unknown demo scenario "${name}"; scenarios:\n${scenarioList()}`);
  return scenario;
}

/** What a diagnosis of the sandbox is asked, as if these flags had been typed. */
export function demoInputs(sandbox: Sandbox, args: ParsedArgs, interactive: boolean, env: Record<string, string | undefined> = {}): DiagnosisInputs {
  const [owner, name] = DEMO_REPO.split('/') as [string, string];
  return {
    image: parseImageRef(DEMO_IMAGE),
    user: args.user,
    apiUrl: `https://${DEMO_HOSTS.api}`,
    statusUrl: args.noStatus ? null : `https://${DEMO_HOSTS.status}`,
    repo: { owner, name },
    secretName: args.secretName ?? 'GHCR_TOKEN',
    ssh: { user: DEMO_SERVER.user, host: DEMO_SERVER.host, port: DEMO_SERVER.port, source: 'demo' },
    probe: args.probe ?? 'session',
    intent: resolveIntent(args, env),
    timeoutMs: timeoutMsOf(args),
    strict: args.strict,
    expectPublic: args.expectPublic || sandbox.scenario.expectPublic === true,
    interactive,
  };
}

/** The deploy server is the sandbox's simulated one; the demo asks no SSH questions. */
export function demoPorts(sandbox: Sandbox): RunPorts {
  return { ssh: sandbox.server.connector() };
}

/** The demo's opening lines, folded on words to `width` (the terminal's columns when known). */
export function banner(scenario: Scenario, width = Number.POSITIVE_INFINITY): string {
  const lines = [
    `ghcr-doctor demo — scenario "${scenario.name}": ${scenario.summary}`,
    // One sentence per line: folded, a break inside a sentence left a ragged half line, and the command split in two.
    'Nothing real is checked: GitHub, ghcr.io and the deploy server are simulated inside this process (no network, no files in your home, no real token).',
    'Other scenarios: ghcr-doctor demo --scenario NAME',
    'A fix that asks for a new token takes any made-up classic token (ghp_ and 36 letters or digits).',
    '',
  ];
  return lines.flatMap((line) => wrapWords(line, width)).join('\n');
}

export async function runDemo(args: ParsedArgs, rt: Runtime): Promise<number> {
  const scenario = resolveScenario(args);
  const headless = isHeadless(args, rt.env, rt.output);
  // Start loading the UI (the largest chunk) while the sandbox is built: first frame sooner.
  const tui = headless ? undefined : import('../tui/command.js');
  tui?.catch(() => undefined); // a failed load is reported where it is awaited
  const sandbox = buildSandbox(
    scenario,
    () => rt.io.clock.now(),
    (token) => rt.output.redactor.addSecret(token),
  );
  for (const secret of sandbox.secrets) rt.output.redactor.addSecret(secret);
  // Before the banner: a bad GHCR_DOCTOR_INTENT stays one line.
  const inputs = demoInputs(sandbox, args, !headless, rt.env);
  // The banner goes to stderr so `demo --json` stays one JSON document on stdout.
  rt.output.err(`${banner(scenario, process.stderr.isTTY ? process.stderr.columns : undefined)}\n`);
  const ports = demoPorts(sandbox);
  if (headless) return runCiDiagnosis(args, rt, { io: sandbox.io, demo: true, inputs, ports, diagnosis: { diagnose, reportTarget } });
  // The real Ink UI, with the sandbox as its whole outside world: fixes change only the sandbox.
  const { runInteractive } = await tui!;
  return runInteractive(args, { ...rt, io: sandbox.io }, { inputs, ports });
}
