import type { Finding } from '../engine/types.js';
import { serverFixEnv } from './fix-env.js';
import type { DiagnosisCheck, DiagnosisContext } from '../diagnosis/context.js';
import { finding } from '../engine/findings.js';
import { fix } from '../engine/fixes.js';
import { repositoryPath } from '../ghcr/image-ref.js';
import { describeProblem, inspectToken } from '../ghcr/token-hygiene.js';
import { shellQuote } from '../ssh/shell.js';
import { readRemoteFile, type ServerFile } from '../ssh/survey.js';
import { octal, serverRegistryUser, serverFacts, serverSession } from './server-facts.js';
import { loginFixes } from './server-fix-hints.js';

const TOKEN_SHAPE = /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/;

/** `GHCR_TOKEN=…` style values in a deploy `.env` that look like GitHub tokens. */
function envTokens(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*=\s*["']?([^"'\s#]+)/.exec(line);
    if (m && TOKEN_SHAPE.test(m[1]!)) out.push(m[1]!);
  }
  return out;
}

/**
 * ~/.ghcr_token (and DEPLOY_PATH's .ghcr_token / .env): who may read it, and whether its bytes are
 * a clean token; the token itself is checked against the registry like any stored credential.
 */
export const serverTokenFileCheck: DiagnosisCheck = {
  id: 'server.token-file',
  title: 'Token files on the server',
  dependsOn: ['server.runtime'],
  writes: [],
  timeoutMs: 20_000,
  waitsOn: 'the deploy server',
  async run(ctx, signal) {
    const server = serverFacts(ctx);
    const session = await serverSession(ctx, signal);
    if (!server?.survey || !session) return { status: 'skip', summary: 'not connected' };
    const { survey } = server;
    const files = survey.files.filter((f) => (f.role === 'token-file' || f.role === 'deploy-token-file' || f.role === 'deploy-env') && f.exists);
    if (files.length === 0) return { status: 'pass', summary: 'no ~/.ghcr_token' + (ctx.inputs.deployPath ? ' and no token file in the deploy path' : '') };
    const findings: Finding[] = [];
    const notes: string[] = [];
    for (const file of files) {
      const content = file.readable ? await readRemoteFile(session, file.path, signal, file.size) : undefined;
      const raw = content?.toString('utf8');
      const tokens = raw === undefined ? [] : file.role === 'deploy-env' ? envTokens(raw) : [raw];
      if (file.role === 'deploy-env' && tokens.length === 0) continue;
      findings.push(...permissionFindings(ctx, file, survey.uid, survey.user, raw === undefined));
      if (raw === undefined) {
        notes.push(`${file.path}: unreadable`);
        continue;
      }
      for (const token of tokens) {
        const hygiene = file.role === 'deploy-env' ? { cleaned: token, problems: [] } : inspectToken(token);
        ctx.redactor.addSecret(hygiene.cleaned);
        ctx.redactor.addSecret(token);
        if (hygiene.problems.length > 0) {
          findings.push(
            finding('server.token-file-malformed', this.id, {
              title: `${file.path} has ${hygiene.problems.map(describeProblem).join(', ')}`,
              detail: `docker --password-stdin strips exactly one trailing newline, podman glues all lines together and \`$(cat file)\` keeps a CR, so the registry receives a different token than the one on GitHub. Rewrite the file with just the token.`,
              evidence: { path: file.path, problems: hygiene.problems },
              fixes: [fix('server.clean-token-file', serverFixEnv(ctx), { path: shellQuote(file.path) }), fix('server.write-token-file', serverFixEnv(ctx))],
            }),
          );
        }
        if (hygiene.cleaned.startsWith('ghs_')) {
          findings.push(
            finding('server.actions-token-stored', this.id, {
              title: `${file.path} holds a GitHub Actions token (ghs_)`,
              detail: `A ghs_ token (a workflow's GITHUB_TOKEN) dies with the job that minted it; anything that logs in with this file later fails. Store a classic PAT with read:packages instead.`,
              evidence: { source: file.path, kind: 'ghs_' },
              fixes: loginFixes(ctx, server.runtimes ?? []),
            }),
          );
        }
        if (server.registry && ctx.inputs.image && hygiene.cleaned) {
          const verdict = await server.registry.validate(serverRegistryUser(ctx), hygiene.cleaned, repositoryPath(ctx.inputs.image), signal);
          if (verdict.kind === 'rejected') {
            findings.push(
              finding('server.stored-token-invalid', this.id, {
                title: `The token in ${file.path} is rejected by ${ctx.inputs.image.registry}`,
                detail: `Even cleaned of stray whitespace, the registry's token endpoint answers ${verdict.status}${verdict.message ? ` "${verdict.message}"` : ''}: the token is expired, revoked, or not a classic PAT with read:packages.`,
                evidence: { source: file.path, status: verdict.status, ...(verdict.message ? { message: verdict.message } : {}) },
                fixes: loginFixes(ctx, server.runtimes ?? []),
              }),
            );
          } else notes.push(`${file.path}: ${verdict.kind}`);
        }
      }
    }
    const status = findings.some((f) => f.severity === 'error') ? 'fail' : findings.length ? 'warn' : 'pass';
    return {
      status,
      summary: findings.length ? findings.map((f) => f.title).join('; ') : notes.join('; ') || 'token files are fine',
      findings,
      dependantsMayRun: true,
    };
  },
};

function permissionFindings(ctx: DiagnosisContext, file: ServerFile, uid: number, user: string, unreadable: boolean): Finding[] {
  const groupOther = file.mode !== undefined && (file.mode & 0o077) !== 0;
  const wrongOwner = file.uid !== undefined && file.uid !== uid;
  // Private but unreadable (e.g. mode 200) is not insecure; the check's summary says it is unreadable.
  if (!groupOther && !wrongOwner) return [];
  const mode = octal(file.mode);
  const reasons = [
    groupOther ? `mode ${mode} lets others read it` : '',
    wrongOwner ? `it is owned by uid ${file.uid}, not ${user} (uid ${uid})` : '',
    unreadable ? `${user} cannot read it` : '',
  ]
    .filter(Boolean)
    .join('; ');
  return [
    finding('server.token-file-insecure', 'server.token-file', {
      title: `${file.path}: ${reasons}`,
      detail: `A registry token must be readable by the deploy user only (mode 600, owned by ${user}).`,
      evidence: { path: file.path, mode, ownerUid: file.uid, userUid: uid, readable: !unreadable },
      fixes: [
        fix('server.chmod-token-file', serverFixEnv(ctx), { path: shellQuote(file.path), chownTo: wrongOwner ? user : undefined }),
        fix('server.write-token-file', serverFixEnv(ctx)),
      ],
    }),
  ];
}
