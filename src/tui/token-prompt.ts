/**
 * The masked prompt for a token a fix needs. The token is checked with GET /user before the prompt
 * ends: a bad one (fine-grained, 401, missing scope) keeps the prompt open with the reason, so the
 * user pastes again; an empty answer gives up. Only a verified token comes back.
 */
import type { Redactor } from '../engine/redact.js';
import type { FetchLike } from '../io/types.js';
import { verifyNewToken } from '../fixes/token-link.js';
import type { PastedToken, TokenPurpose } from './port.js';
import type { Prompter } from './prompts.js';

export interface TokenCheck {
  apiUrl: string;
  fetch: FetchLike;
  /** What the token must have for the work at hand. */
  scopes: string[];
  redactor: Redactor;
  signal: AbortSignal;
}

export async function askVerifiedToken(prompter: Prompter, purpose: TokenPurpose, check: TokenCheck): Promise<PastedToken | undefined> {
  let about: string | undefined;
  const answer = await prompter.password({
    message:
      purpose === 'server'
        ? `Paste the server's own token (classic, ${check.scopes.join(', ')}; hidden; empty to skip)`
        : `Paste the new token (classic, ${check.scopes.join(', ')}; hidden; empty to skip)`,
    what: purpose === 'server' ? "the server's token" : 'a new token',
    flag: '--token-file PATH',
    validate: async (raw) => {
      const token = raw.trim();
      if (token === '') return true; // gives up: the fix is declined
      check.redactor.addSecret(token);
      try {
        const verdict = await verifyNewToken(token, check, check.signal);
        if (!verdict.ok) return `${check.redactor.redact(verdict.message)}. Ctrl-U clears it: paste another token, or press Enter on an empty line to skip`;
        about = check.redactor.redact(verdict.message);
        return true;
      } catch (error) {
        return `could not check it: ${check.redactor.redact(error instanceof Error ? error.message : String(error))}. Ctrl-U clears it: paste it again, or press Enter on an empty line to skip`;
      }
    },
  });
  const token = answer.trim();
  return token && about ? { value: token, about } : undefined;
}
