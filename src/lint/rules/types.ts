import type { Finding } from '../../engine/types.js';
import type { FixEnv } from '../../engine/fixes.js';
import type { WorkflowModel } from '../workflow-model.js';

/** A lint rule: one workflow in, one finding per occurrence out; `check` is the reporting check's id. */
export type LintRule = (wf: WorkflowModel, check: string) => Finding[];

/** lint runs offline and knows no --api-url: its fix links are github.com's; its commands run locally. */
export const LINT_FIX_ENV: FixEnv = { apiUrl: 'https://api.github.com', target: 'local' };
