import { localFixEnv } from './fix-env.js';
import type { DiagnosisCheck } from '../diagnosis/context.js';
import { finding } from '../engine/findings.js';
import { fix } from '../engine/fixes.js';
import type { Intent } from '../diagnosis/inputs.js';
import { checksPush, intentOf } from './intent.js';

/**
 * Scopes the run needs: `write:packages` when a push is checked (intent push and any probe but none),
 * else `read:packages`, which `write:packages` implies (cli/cli#5150).
 */
export function missingScopes(scopes: string[], probe: string, intent?: Intent): { needed: string[]; missing: string[] } {
  const has = new Set(scopes.map((s) => s.toLowerCase()));
  if (checksPush(probe, intent)) return { needed: ['write:packages'], missing: has.has('write:packages') ? [] : ['write:packages'] };
  const ok = has.has('read:packages') || has.has('write:packages');
  return { needed: ['read:packages'], missing: ok ? [] : ['read:packages'] };
}

export const tokenScopesCheck: DiagnosisCheck = {
  id: 'token.scopes',
  title: 'Token scopes',
  dependsOn: ['token.identity'],
  writes: [],
  timeoutMs: 1000,
  async run(ctx) {
    const identity = ctx.facts.identity;
    if (!identity) return { status: 'skip', summary: 'the token identity is unknown' };
    if (identity.scopes === null) {
      const why =
        ctx.facts.token?.kind === 'fine-grained'
          ? 'fine-grained tokens have permissions, not scopes (see Token type)'
          : 'GitHub sent no X-OAuth-Scopes header for this token';
      return { status: 'skip', summary: why };
    }
    const { needed, missing } = missingScopes(identity.scopes, ctx.inputs.probe, ctx.inputs.intent);
    const list = identity.scopes.join(', ') || '(none)';
    if (missing.length === 0) return { status: 'pass', summary: `${needed.join(', ')} present (${list})` };

    const purpose = checksPush(ctx.inputs.probe, ctx.inputs.intent) ? 'push' : 'pull private images';
    // The new-token link first: scopes preselected, one click (editing the existing token is the alternative).
    const fixes = [fix('token.create-classic', localFixEnv(ctx), { scopes: missing }), fix('token.edit-scopes', localFixEnv(ctx), { scopes: missing })];
    if (ctx.facts.token?.kind === 'oauth-app') {
      fixes.unshift(fix('token.gh-refresh', localFixEnv(ctx), { scopes: missing }));
    }
    return {
      status: 'fail',
      summary: `missing ${missing.join(', ')} (has ${list})`,
      findings: [
        finding('token.missing-scope', this.id, {
          title: `The token lacks ${missing.join(', ')}`,
          detail: `To ${purpose}, the token needs ${missing.join(', ')}; it has ${list}. The registry answers "denied: permission_denied: The token provided does not match expected scopes." or "unauthorized".`,
          evidence: { missing, scopes: identity.scopes, probe: ctx.inputs.probe, intent: intentOf(ctx.inputs.intent) },
          fixes,
        }),
      ],
      // The registry checks still show what the registry itself says about this token.
      dependantsMayRun: true,
    };
  },
};
