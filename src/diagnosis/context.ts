import type { Redactor } from '../engine/redact.js';
import type { Io } from '../io/types.js';
import type { Check } from '../engine/types.js';
import type { FactKey, Facts } from './facts.js';
import type { DiagnosisInputs } from './inputs.js';
import type { RunPorts } from './ports.js';

/** Handed to every check's run(). */
export interface DiagnosisContext {
  inputs: DiagnosisInputs;
  io: Io;
  facts: Facts;
  redactor: Redactor;
  /** The SSH connector and the prompts of this run (src/diagnosis/ports.ts). */
  ports: RunPorts;
  /** One per deploy server, in input order, once the diagnosis has started them (src/diagnosis/servers.ts). */
  servers?: ServerRun[];
  /** In one deploy server's context: its `USER@HOST:PORT`, known before it is reached. */
  serverLabel?: string;
}

/** A deploy server's `USER@HOST:PORT` and the context its ssh.* / server.* checks ran with. */
export interface ServerRun {
  label: string;
  context: DiagnosisContext;
}

/** A check of the diagnosis: the engine's check, and the facts it writes (each fact has one writer). */
export interface DiagnosisCheck extends Check<DiagnosisContext> {
  /** Every fact this check may write, and none other: test/unit/checks/facts.test.ts holds it to that. */
  writes: readonly FactKey[];
}
