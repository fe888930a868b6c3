import type { Intent, ProbeMode } from '../diagnosis/inputs.js';

/** An absent intent is push (the contract's default). */
export function intentOf(intent: Intent | undefined): Intent {
  return intent ?? 'push';
}

/**
 * Whether this run judges pushing: the token is for pushing (`--intent push`, the default) and a
 * probe was not turned off (`--probe none`). One rule for the scope checks and the push check.
 */
export function checksPush(probe: ProbeMode | string, intent: Intent | undefined): boolean {
  return intentOf(intent) === 'push' && probe !== 'none';
}

/** Why the push check is skipped, or undefined when it runs. */
export function pushSkipReason(probe: ProbeMode | string, intent: Intent | undefined): string | undefined {
  if (intentOf(intent) === 'pull') return 'skipped: the token is for pulling only (--intent pull), so pushing is not checked';
  if (probe === 'none') return 'skipped: --probe none';
  return undefined;
}
