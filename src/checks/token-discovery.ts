import type { CheckOutcome, Finding } from '../engine/types.js';
import type { PullSecretRead } from '../ghcr/pull-secret.js';
import { localFixEnv } from './fix-env.js';
import type { DiagnosisCheck, DiagnosisContext } from '../diagnosis/context.js';
import { finding } from '../engine/findings.js';
import { fix, type FixEnv } from '../engine/fixes.js';
import { discoverTokens, TOKEN_ENV_VARS } from '../ghcr/token-sources.js';
import { describeProblem, inspectToken } from '../ghcr/token-hygiene.js';
import { tokenKind, tokenKindLabel } from '../ghcr/token-kind.js';
import { checksPush } from './intent.js';

/** The scopes a new token needs for what this run checks (push unless --intent pull or --probe none). */
export function neededScopes(ctx: DiagnosisContext): string[] {
  return checksPush(ctx.inputs.probe, ctx.inputs.intent) ? ['write:packages'] : ['read:packages'];
}

/**
 * Finds the token in contract order, registers every secret it reads with the redactor at once, and
 * judges the chosen one's text. A malformed token fails this check but its dependants run with the
 * cleaned value, so the rest of the diagnosis still says whether the token itself is good.
 */
export const tokenDiscoveryCheck: DiagnosisCheck = {
  id: 'token.discovery',
  title: 'Token',
  dependsOn: [],
  writes: ['token', 'pullSecret'],
  timeoutMs: 5000,
  async run(ctx) {
    const found = await discoverTokens(ctx.inputs, ctx.io);
    for (const c of found.candidates) {
      ctx.redactor.addSecret(c.raw, c.user);
      ctx.redactor.addSecret(inspectToken(c.raw).cleaned, c.user);
    }
    if (found.pullSecret) {
      ctx.facts.pullSecret = {
        ...(found.pullSecret.name ? { name: found.pullSecret.name } : {}),
        ...(found.pullSecret.namespace ? { namespace: found.pullSecret.namespace } : {}),
      };
      if (!found.pullSecret.ok) return pullSecretUnusable(found.pullSecret, ctx.inputs.image?.registry ?? 'ghcr.io', this.id);
    }

    // A value that is nothing but quotes and whitespace is as good as empty: skip it, as for an empty variable.
    const usable = found.candidates.filter((c) => inspectToken(c.raw).cleaned !== '');
    for (const c of found.candidates) if (!usable.includes(c)) found.notes.push(`${c.label} (nothing but quotes or whitespace)`);
    const chosen = usable[0];
    if (!chosen) {
      const scopes = neededScopes(ctx);
      const checked = ['--token-file', '--token-stdin', ...TOKEN_ENV_VARS, '~/.ghcr_token', 'docker config.json', 'podman auth.json'];
      const helperNote = found.helpers.length
        ? ` A credential helper holds one (${found.helpers.map((h) => `docker-credential-${h.helper}`).join(', ')}); ghcr-doctor does not run helpers, so pass the token explicitly.`
        : '';
      return {
        status: 'fail',
        summary: 'no token found',
        findings: [
          finding('token.not-found', this.id, {
            title: 'No token found',
            detail: `Looked in ${checked.join(', ')}.${helperNote} Create a personal access token (classic) with ${scopes.join(', ')} and pass it with --token-file or GHCR_TOKEN.`,
            evidence: { checked, notes: found.notes },
            fixes: [fix('token.create-classic', localFixEnv(ctx), { scopes }), fix('token.store-file', localFixEnv(ctx))],
          }),
        ],
      };
    }

    const hygiene = inspectToken(chosen.raw);
    const others = [...usable.slice(1).map((c) => c.label), ...found.notes];
    const kind = tokenKind(hygiene.cleaned);
    ctx.facts.token = { value: hygiene.cleaned, source: chosen.label, storedUser: chosen.user, kind };
    const evidence = { source: chosen.label, others };
    const also = others.length ? `; also: ${others.join(', ')}` : '';
    const summary = `${tokenKindLabel(kind)} from ${chosen.label}${chosen.where ? ` (${chosen.where})` : ''}${also}`;
    if (hygiene.problems.length === 0) return { status: 'pass', summary };

    const what = hygiene.problems.map(describeProblem).join(', ');
    const findings: Finding[] = [
      finding('token.malformed', this.id, {
        title: `The token from ${chosen.label} has ${what}`,
        detail:
          'Clients send these characters as part of the password (docker strips one trailing newline only; podman glues lines together), so GitHub sees a different token. The rest of this diagnosis uses the cleaned value.',
        evidence: { ...evidence, problems: hygiene.problems, lines: hygiene.lineCount },
        // A pull secret's fix is to replace the secret (added to every pull-secret finding: pull-secret-fixes.ts).
        fixes:
          chosen.origin === 'pull-secret'
            ? []
            : [
                fixFor(localFixEnv(ctx), chosen.origin, chosen.label, hygiene.problems.includes('multiple-lines')),
                fix('token.create-classic', localFixEnv(ctx), { scopes: neededScopes(ctx) }),
              ],
      }),
    ];
    return { status: 'fail', summary: `${summary} (malformed: ${what})`, findings, dependantsMayRun: true };
  },
};

/** A pull secret that is not JSON/YAML/base64, or holds nothing for the registry host. */
function pullSecretUnusable(read: Exclude<PullSecretRead, { ok: true }>, host: string, check: string): CheckOutcome {
  const name = read.name ? `pull secret ${read.name}` : 'pull secret';
  if (read.problem === 'malformed') {
    return {
      status: 'fail',
      summary: `the ${name} cannot be read: ${read.reason}`,
      findings: [
        finding('token.malformed', check, {
          title: `The ${name} cannot be read`,
          detail: `${read.reason}. The kubelet cannot use it either, so pods that reference it pull without credentials.`,
          evidence: {
            source: 'pull-secret',
            reason: read.reason,
            ...(read.name ? { secretName: read.name } : {}),
            ...(read.namespace ? { namespace: read.namespace } : {}),
          },
        }),
      ],
    };
  }
  const held = read.hosts.length ? `it holds credentials for ${read.hosts.join(', ')} only` : 'it holds no credentials at all';
  return {
    status: 'fail',
    summary: `the ${name} has no credential for ${host}`,
    findings: [
      finding('token.not-found', check, {
        title: `The ${name} has no credential for ${host}`,
        detail: `${held}. The kubelet matches the registry host of the image exactly, so pulls from ${host} go without credentials (and fail for a private package).`,
        evidence: {
          source: 'pull-secret',
          host,
          hosts: read.hosts,
          ...(read.name ? { secretName: read.name } : {}),
          ...(read.namespace ? { namespace: read.namespace } : {}),
        },
      }),
    ],
  };
}

function fixFor(env: FixEnv, origin: string, label: string, severalLines: boolean) {
  if (origin === 'token-file' || origin === 'home-file') {
    const file = origin === 'home-file' ? '~/.ghcr_token' : label.replace(/^--token-file /, '');
    return fix('token.clean-file', env, { file, severalLines });
  }
  return fix('token.clean-value', env, { label });
}
