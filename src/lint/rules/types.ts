import type { Finding } from '../../engine/types.js';
import type { WorkflowModel } from '../workflow-model.js';

/** A lint rule: one workflow in, one finding per occurrence out; `check` is the reporting check's id. */
export type LintRule = (wf: WorkflowModel, check: string) => Finding[];
