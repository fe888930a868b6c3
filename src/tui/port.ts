/**
 * What the Ink app needs from the outside world: the diagnosis (whole, or a subset), the fix actions,
 * and cancellation. command.ts wires it to a DiagnosisSession; component tests pass a fake.
 */
import type { EngineListener, Finding } from '../engine/types.js';
import type { FixAction } from '../fixes/types.js';
import type { FixOption } from './state.js';
import type { QuestionBroker, Question } from './questions.js';

export type { Question };

export interface CheckInfo {
  id: string;
  title: string;
  dependsOn: string[];
}

export interface OfferedFix {
  option: FixOption;
  action: FixAction;
  /** The pasted token it uses when not the one its id implies (the new laptop token stored on the server). */
  tokenFrom?: TokenPurpose;
}

export interface AppPort {
  checks: CheckInfo[];
  runAll(listener: EngineListener): Promise<void>;
  /** `servers`: with several deploy servers, re-check only these (a fix on one server); default all. */
  runSubset(ids: string[], listener: EngineListener, servers?: string[]): Promise<void>;
  /** The deploy servers' `USER@HOST:PORT`, in input order, known before anything connects (several: the server table). */
  servers?: string[];
  /** The ids a fix re-checks: its own list and the finding's check, plus their dependants. */
  recheckIds(action: FixAction, finding: Pick<Finding, 'check'>): string[];
  /** Fix actions for the findings, in the order given (the summary order). */
  fixesFor(findings: Finding[]): OfferedFix[];
  /**
   * After a new token was verified (`from`, the token fix): storing it where it is used, each its own
   * fix asked y/N (the token file, the server, the repository secret).
   */
  storesForNewToken?(from: FixOption): OfferedFix[];
  /** Ctrl-C: abort whatever runs. */
  cancel(): void;
  now(): number;
  /** The registry probe in use; switching to `push` happens only after the user confirms on screen. */
  probe?(): 'none' | 'session' | 'push';
  usePushProbe?(): void;
  /** What the push probe will leave behind, when the last run learned the token's scopes (shown before asking). */
  pushProbeLeftover?(): string | undefined;
  /** Questions running checks ask (host key, passphrase); answered in the Ink view. */
  questions?: QuestionBroker;
}

/**
 * Which pasted token a fix uses. A server pulls long after any workflow, with its own long-lived
 * read:packages token: it is asked for separately from the laptop's (push) token.
 */
export type TokenPurpose = 'local' | 'server';

export function tokenPurposeOf(actionId: string): TokenPurpose {
  return actionId.startsWith('server.') ? 'server' : 'local';
}

/** The pasted token an offered fix uses. */
export function tokenPurposeOfFix(fix: Pick<OfferedFix, 'action' | 'tokenFrom'>): TokenPurpose {
  return fix.tokenFrom ?? tokenPurposeOf(fix.action.id);
}

/** A pasted token that passed GET /user at once; `about` says what it is (type, login, scopes), never its value. */
export interface PastedToken {
  value: string;
  about: string;
}

/** Verified tokens pasted during this session, by purpose; never part of the UI state. */
export type PastedTokens = Partial<Record<TokenPurpose, PastedToken>>;

/** Why the Ink app ended; command.ts decides what happens next. */
export type AppResult =
  | { kind: 'quit'; exitCode: number }
  | { kind: 'cancel' }
  /** A fix needs a pasted token: unmount Ink, ask with a masked prompt, remount with this state. */
  | { kind: 'need-token'; purpose: TokenPurpose; state: import('./state.js').TuiState }
  /** `e`: unmount Ink, read the pasted error with a prompt, remount with this state and the explanation. */
  | { kind: 'need-explain'; state: import('./state.js').TuiState };
