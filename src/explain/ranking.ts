import type { FindingId } from '../engine/catalog.js';
import type { Confidence, ModeHint } from './knowledge.js';
import type { LineContext, TextContext } from './log-context.js';

/** What ranking needs to know of an error line. */
export interface JudgedLine {
  line: number;
  context: LineContext;
  pattern: { login?: boolean };
}

export interface Verdict {
  confidence: Confidence;
  causes: string[];
}

const STORED_CREDENTIAL_REFUSED = new Set<FindingId>([
  'token.stale-stored',
  'token.invalid',
  'registry.login-rejected',
  'token.malformed',
  'token.fine-grained',
  'token.not-found',
  'server.stored-token-invalid',
  'server.actions-token-stored',
  'server.not-logged-in',
]);

/**
 * A failure mode's confidence and causes at one error line, given what the lines around it rule in
 * or out; undefined when they rule it out. The reason is the first cause, so `causes` says why.
 */
export function judge(mode: ModeHint, hit: JudgedLine, text: TextContext, sawGhcr: boolean): Verdict | undefined {
  const { loggedOutAt, loginOkAt } = hit.context;
  const id = mode.id;
  if (id === 'token.stale-stored' || id === 'server.stored-token-invalid') {
    // A docker logout clears docker's own store; podman also reads its auth.json, which stays.
    if (loggedOutAt !== undefined && loggedOutAt < hit.line && !text.podman) return undefined;
    if (text.actions && !text.kubelet && id === 'token.stale-stored' && (hit.pattern.login || hit.context.phase === 'login')) return undefined;
  }
  if (loginOkAt !== undefined && loginOkAt < hit.line && !hit.pattern.login) {
    if (STORED_CREDENTIAL_REFUSED.has(id)) {
      return { confidence: 'low', causes: [`unlikely: the login at line ${loginOkAt} succeeded, so this credential is accepted`, ...mode.causes] };
    }
  }
  const causes = [...mode.causes];
  let confidence = mode.confidence;
  if (
    loggedOutAt !== undefined &&
    loggedOutAt < hit.line &&
    !text.podman &&
    (id === 'package.private' || id === 'token.missing-scope' || id === 'registry.pull-denied')
  ) {
    causes.unshift(`a logout from ghcr.io ran at line ${loggedOutAt}, so no stale stored credential was sent`);
  }
  if (text.actions && id === 'registry.login-rejected' && (hit.pattern.login || hit.context.phase === 'login')) {
    causes.unshift('in GitHub Actions the runner starts with no stored credential: the username/token given to the login step is refused');
  }
  if (text.passwordSecret && sawGhcr && (id === 'registry.login-rejected' || id === 'token.invalid')) {
    causes.unshift(
      `the login uses ${text.passwordSecret}, an account password: GHCR takes a classic personal access token (or GITHUB_TOKEN in Actions), not the password`,
    );
    if (id === 'registry.login-rejected') confidence = 'high';
  }
  return { confidence, causes };
}
