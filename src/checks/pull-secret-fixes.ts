import type { Finding, Fix } from '../engine/types.js';
import type { DiagnosisCheck, DiagnosisContext } from '../diagnosis/context.js';
import { fix } from '../engine/fixes.js';
import { localFixEnv } from './fix-env.js';
import { shellQuote } from '../ssh/shell.js';

/** Findings about the credential itself: with --pull-secret, the cure is a new secret. */
const CREDENTIAL_FINDINGS = new Set<string>([
  'token.not-found',
  'token.malformed',
  'token.fine-grained',
  'token.oauth-app',
  'token.app-installation',
  'token.invalid',
  'token.expiring',
  'token.missing-scope',
  'token.org-policy',
  'registry.login-rejected',
  'registry.pull-denied',
]);

/**
 * Replace the secret: jq builds the docker config from ~/.ghcr_token (the token is read from the file, never
 * on a command line), `kubectl create secret docker-registry --from-file … --dry-run=client -o yaml |
 * kubectl apply -f -` replaces the Secret in place; then reference it from the pods.
 */
export function pullSecretFixes(ctx: DiagnosisContext): Fix[] {
  const host = ctx.inputs.image?.registry ?? 'ghcr.io';
  const name = ctx.facts.pullSecret?.name ?? 'regcred';
  const nsFlag = ctx.facts.pullSecret?.namespace ? ` -n ${shellQuote(ctx.facts.pullSecret.namespace)}` : '';
  const user = ctx.inputs.user ?? ctx.facts.token?.storedUser ?? ctx.facts.identity?.login ?? 'YOUR_GITHUB_LOGIN';
  const env = localFixEnv(ctx);
  return [
    fix('k8s.replace-pull-secret', env, { host, name, quotedName: shellQuote(name), nsFlag, quotedUser: shellQuote(user) }),
    fix('k8s.reference-pull-secret', env, { name, nsFlag }),
  ];
}

function withFixes(f: Finding, fixes: Fix[]): Finding {
  if (!CREDENTIAL_FINDINGS.has(f.id)) return f;
  const have = new Set(f.fixes.map((x) => x.id));
  return { ...f, fixes: [...f.fixes, ...fixes.filter((x) => !have.has(x.id))] };
}

/** With --pull-secret, every finding about the credential says how to replace and reference the secret. */
export function withPullSecretFixes(checks: DiagnosisCheck[]): DiagnosisCheck[] {
  return checks.map((check) => ({
    ...check,
    async run(ctx, signal, prepared) {
      const outcome = await check.run.call(check, ctx, signal, prepared);
      // Only a finding about the credential reads the facts the fixes need (a server's checks never do).
      if (!outcome.findings?.some((f) => CREDENTIAL_FINDINGS.has(f.id))) return outcome;
      const fixes = pullSecretFixes(ctx);
      return { ...outcome, findings: outcome.findings.map((f) => withFixes(f, fixes)) };
    },
  }));
}
