import { localFixEnv } from './fix-env.js';
import type { DiagnosisCheck } from '../diagnosis/context.js';
import { finding } from '../engine/findings.js';
import { fix } from '../engine/fixes.js';
import { tokenKindLabel } from '../ghcr/token-kind.js';
import { neededScopes } from './token-discovery.js';

/**
 * The token family from its prefix. Fine-grained, OAuth-app and App tokens
 * are reported, but the API checks still run: they tell the user who the token belongs to and whether
 * SSO blocks it. A refresh token (`ghr_`) is never a credential, so nothing after this can help.
 */
export const tokenTypeCheck: DiagnosisCheck = {
  id: 'token.type',
  title: 'Token type',
  dependsOn: ['token.discovery'],
  writes: [],
  timeoutMs: 1000,
  async run(ctx) {
    const token = ctx.facts.token;
    if (!token) return { status: 'skip', summary: 'no token' };
    const label = tokenKindLabel(token.kind);
    const scopes = neededScopes(ctx);
    const createClassic = fix('token.create-classic', localFixEnv(ctx), { scopes });
    const evidence = { kind: token.kind, source: token.source };
    switch (token.kind) {
      case 'classic':
      case 'legacy':
        return { status: 'pass', summary: label };
      case 'unknown':
        return { status: 'pass', summary: `${label}: GitHub will say whether it is valid` };
      case 'app-user':
        // Whether ghcr.io accepts ghu_ tokens is unconfirmed: say so, do not invent a finding.
        return { status: 'pass', summary: `${label}: registry support for this kind is unconfirmed; the registry checks will tell` };
      case 'fine-grained':
        return {
          status: 'fail',
          summary: label,
          dependantsMayRun: true,
          findings: [
            finding('token.fine-grained', this.id, {
              title: 'This is a fine-grained token; ghcr.io accepts classic tokens only',
              detail:
                'GitHub Packages only supports authentication using a personal access token (classic) (GitHub docs). A github_pat_ token fails at the registry whatever permissions it has. Create a classic token; inside GitHub Actions use GITHUB_TOKEN.',
              evidence,
              fixes: [createClassic],
            }),
          ],
        };
      case 'oauth-app': {
        return {
          status: 'warn',
          summary: label,
          findings: [
            finding('token.oauth-app', this.id, {
              title: 'This is an OAuth app token (gho_, e.g. from gh auth token)',
              detail:
                'ghcr.io long rejected OAuth app tokens (cli/cli#5150); later reports say they work with the right scopes, but that is not confirmed by GitHub. If the registry refuses it, use a personal access token (classic).',
              evidence,
              fixes: [fix('token.gh-refresh', localFixEnv(ctx), { scopes }), createClassic],
            }),
          ],
        };
      }
      case 'app-installation': {
        // The Actions GITHUB_TOKEN inside its own job is the one ghs_ token that is meant to be used.
        const inItsJob = ctx.io.env.GITHUB_ACTIONS === 'true' && token.source === 'GITHUB_TOKEN';
        if (inItsJob) return { status: 'pass', summary: `${label}: the job's GITHUB_TOKEN` };
        return {
          status: 'warn',
          summary: label,
          findings: [
            finding('token.app-installation', this.id, {
              title: 'This is a GitHub App installation token (ghs_)',
              detail:
                'Installation tokens, including the Actions GITHUB_TOKEN, expire (within an hour, or when their job ends), and third-party App tokens cannot create or write organization packages ("installation not allowed to Write organization package"). Anything that pulls later, such as a deploy server, needs a classic token.',
              evidence,
              fixes: [createClassic],
            }),
          ],
        };
      }
      case 'refresh':
        return {
          status: 'fail',
          summary: label,
          findings: [
            finding('token.invalid', this.id, {
              title: 'This is a GitHub App refresh token (ghr_), not a credential',
              detail: 'A ghr_ token can only be exchanged for a user token; neither the API nor ghcr.io accepts it. Use a personal access token (classic).',
              evidence,
              fixes: [createClassic],
            }),
          ],
        };
    }
  },
};
