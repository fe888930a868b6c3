import type { Check, Finding, Fix } from '../engine/types.js';
import type { DiagnosisContext } from '../diagnosis/context.js';
import { fix } from '../engine/findings.js';
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

const PULL_SECRET_DOCS = 'https://kubernetes.io/docs/tasks/configure-pod-container/pull-image-private-registry/';

/**
 * Replace the secret: jq builds the docker config from ~/.ghcr_token (the token is read from the file, never
 * on a command line), `kubectl create secret docker-registry --from-file … --dry-run=client -o yaml |
 * kubectl apply -f -` replaces the Secret in place; then reference it from the pods.
 */
export function pullSecretFixes(ctx: DiagnosisContext): Fix[] {
  const host = ctx.inputs.image?.registry ?? 'ghcr.io';
  const name = ctx.facts.pullSecret?.name ?? 'regcred';
  const ns = ctx.facts.pullSecret?.namespace ? ` -n ${shellQuote(ctx.facts.pullSecret.namespace)}` : '';
  const user = ctx.inputs.user ?? ctx.facts.token?.storedUser ?? ctx.facts.identity?.login ?? 'YOUR_GITHUB_LOGIN';
  const config = `{auths: {${JSON.stringify(host)}: {auth: ("\\($u):\\($t | rtrimstr("\\n"))" | @base64)}}}`;
  return [
    fix('k8s.replace-pull-secret', `Replace the pull secret ${name} with a classic token that has read:packages (saved in ~/.ghcr_token; jq reads it from the file, never from a command line)`, {
      commands: [
        `umask 077; jq -n --arg u ${shellQuote(user)} --rawfile t ~/.ghcr_token '${config}' > ghcr-pull.json`,
        `kubectl create secret docker-registry ${shellQuote(name)}${ns} --from-file=.dockerconfigjson=ghcr-pull.json --dry-run=client -o yaml | kubectl apply -f -`,
        'rm ghcr-pull.json',
      ],
      links: [PULL_SECRET_DOCS],
    }),
    fix('k8s.reference-pull-secret', `Reference it: imagePullSecrets: [{name: ${name}}] in the pod spec, or on the service account the pods run as (this replaces that account's list)`, {
      commands: [`kubectl patch serviceaccount default${ns} -p '{"imagePullSecrets": [{"name": ${JSON.stringify(name)}}]}'`],
      links: [PULL_SECRET_DOCS],
    }),
  ];
}

function withFixes(f: Finding, fixes: Fix[]): Finding {
  if (!CREDENTIAL_FINDINGS.has(f.id)) return f;
  const have = new Set(f.fixes.map((x) => x.id));
  return { ...f, fixes: [...f.fixes, ...fixes.filter((x) => !have.has(x.id))] };
}

/** With --pull-secret, every finding about the credential says how to replace and reference the secret. */
export function withPullSecretFixes(checks: Array<Check<DiagnosisContext>>): Array<Check<DiagnosisContext>> {
  return checks.map((check) => ({
    ...check,
    async run(ctx, signal) {
      const outcome = await check.run.call(check, ctx, signal);
      if (!outcome.findings?.length) return outcome;
      const fixes = pullSecretFixes(ctx);
      return { ...outcome, findings: outcome.findings.map((f) => withFixes(f, fixes)) };
    },
  }));
}
