import type { Check } from '../engine/types.js';
import type { DiagnosisContext } from '../diagnosis/context.js';
import type { DiagnosisInputs } from '../diagnosis/inputs.js';
import { imageCheck } from './image.js';

/**
 * The diagnosis tree, in the order a person reads it (the TUI shows this order; the CI text shows
 * completion order). Each group adds its checks here.
 */
export function buildChecks(_inputs: DiagnosisInputs): Array<Check<DiagnosisContext>> {
  return [imageCheck];
}
