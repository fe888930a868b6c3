import type { TokenFacts } from '../diagnosis/facts.js';

export type TokenKind = TokenFacts['kind'];

/**
 * The token family from its prefix. Length is never used:
 * tokens may be up to 255 characters.
 */
export function tokenKind(token: string): TokenKind {
  if (token.startsWith('github_pat_')) return 'fine-grained';
  if (token.startsWith('ghp_')) return 'classic';
  if (token.startsWith('gho_')) return 'oauth-app';
  if (token.startsWith('ghu_')) return 'app-user';
  if (token.startsWith('ghs_')) return 'app-installation';
  if (token.startsWith('ghr_')) return 'refresh';
  // Pre-2021 PATs and OAuth tokens: 40 lowercase hex characters, no prefix.
  if (/^[0-9a-f]{40}$/.test(token)) return 'legacy';
  return 'unknown';
}

/** What a person calls each kind, for summaries. */
export function tokenKindLabel(kind: TokenKind): string {
  switch (kind) {
    case 'classic':
      return 'personal access token (classic)';
    case 'fine-grained':
      return 'fine-grained personal access token';
    case 'oauth-app':
      return 'OAuth app token';
    case 'app-user':
      return 'GitHub App user token';
    case 'app-installation':
      return 'GitHub App installation token';
    case 'refresh':
      return 'GitHub App refresh token';
    case 'legacy':
      return 'pre-2021 token (no prefix)';
    case 'unknown':
      return 'token of unknown format';
  }
}
