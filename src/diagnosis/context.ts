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
}
