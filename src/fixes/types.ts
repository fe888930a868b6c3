import type { FixId } from '../engine/fixes.js';

/**
 * A change ghcr-doctor can make with the user's consent (never in --ci). The TUI shows preview(),
 * asks, runs apply(), then verify(), then re-runs the checks named in recheck.
 */
export interface FixInput {
  /** A new token the user pasted (masked prompt); never printed. */
  token?: string;
}

/** How a fix's verification ended. */
export interface FixVerdict {
  ok: boolean;
  message: string;
  /** The failure is the pasted token's own (refused by GitHub or the registry), not a network or server hiccup. */
  tokenRefused?: boolean;
}

/**
 * A fix could not apply because the token it was given was refused. Only then is a pasted token
 * dropped (and asked for again): a timeout or a busy server says nothing about the token.
 */
export class TokenRefusedError extends Error {
  override name = 'TokenRefusedError';
}

export interface FixAction {
  /** Matches the `id` of a Fix in a finding's `fixes`. */
  id: FixId;
  title: string;
  /** What the fix needs from the user before it can run. */
  needs: Array<'token'>;
  /** Exactly what will change: files and modes, remote commands (without secrets), API calls. */
  preview(input: FixInput): string[];
  apply(input: FixInput, signal: AbortSignal): Promise<{ changed: string[] }>;
  verify(input: FixInput, signal: AbortSignal): Promise<FixVerdict>;
  /** Check ids to run again afterwards. */
  recheck: string[];
}

/** One place a newly verified token is stored; `server` names its deploy server (`USER@HOST:PORT`) in a run with several. */
export interface TokenStore {
  action: FixAction;
  server?: string;
}
