import type { Redactor } from '../engine/redact.js';
import type { Io } from '../io/types.js';
import type { Facts } from './facts.js';
import type { DiagnosisInputs } from './inputs.js';

/** Handed to every check's run(). */
export interface DiagnosisContext {
  inputs: DiagnosisInputs;
  io: Io;
  facts: Facts;
  redactor: Redactor;
  /** One per deploy server, in input order, once the diagnosis has started them (src/diagnosis/servers.ts). */
  servers?: ServerRun[];
}

/** A deploy server's `USER@HOST:PORT` and the context its ssh.* / server.* checks ran with. */
export interface ServerRun {
  label: string;
  context: DiagnosisContext;
}
