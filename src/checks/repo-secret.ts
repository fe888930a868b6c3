import type { CheckOutcome } from '../engine/types.js';
import type { DiagnosisCheck } from '../diagnosis/context.js';
import { finding } from '../engine/findings.js';
import { fix } from '../engine/fixes.js';
import { localFixEnv } from './fix-env.js';
import { apiMessage, githubCall } from './token-github.js';
import { repoName, triageReply } from './repo-common.js';

/** The repository secret the workflow logs in with exists (names only; values are unreadable). */
export const repoSecretCheck: DiagnosisCheck = {
  id: 'repo.secret',
  title: 'Repository secret',
  dependsOn: ['token.discovery'],
  writes: [],
  // The token's scopes (token.identity) tell whether a 404 can mean "missing" at all.
  after: ['token.identity'],
  timeoutMs: 15_000,
  waitsOn: 'the GitHub API',
  async run(ctx, signal): Promise<CheckOutcome> {
    const repo = repoName(ctx);
    if (!ctx.inputs.repo || !repo) return { status: 'skip', summary: 'no repository given (--repo)' };
    if (!ctx.facts.token) return { status: 'skip', summary: 'no token for the GitHub API' };
    const secret = ctx.inputs.secretName;
    const { owner, name } = ctx.inputs.repo;
    const path = `/repos/${repo}/actions/secrets/${secret}`;
    const { outcome, reply } = triageReply(
      ctx,
      this.id,
      await githubCall(ctx, 'GET /repos/{owner}/{repo}/actions/secrets/{secret_name}', { owner, repo: name, secret_name: secret }, signal),
      `GET ${path}`,
    );
    if (outcome) return outcome;
    if (reply.kind === 'answer' && reply.answer.status === 200) return { status: 'pass', summary: `${repo} has the secret ${secret}` };
    if (reply.kind === 'answer') {
      // A 403 with a message says why itself (an SSO or policy refusal, which neither collaborator
      // access nor the repo scope cures); without one, say what reading secrets needs.
      const message = apiMessage(reply.answer);
      const { status } = reply.answer;
      const summary =
        status === 403 && message
          ? `cannot read ${repo}'s secrets (403: ${message})`
          : `cannot read ${repo}'s secrets (${status}${message ? `: ${message}` : ''}): needs collaborator access and the repo scope`;
      return { status: 'skip', summary: ctx.redactor.redact(summary) };
    }
    // 404 is also what a token without access to the repository's secrets gets; the secret
    // endpoint needs collaborator access and the `repo` scope.
    const scopes = ctx.facts.identity?.scopes;
    if (scopes != null && !scopes.includes('repo')) {
      // Without the repo scope GitHub answers 404 whether or not the secret exists: saying it is
      // missing would be a guess.
      return { status: 'skip', summary: `cannot tell whether ${repo} has ${secret}: this token lacks the repo scope that reading secrets needs (404)` };
    }
    // GitHub also answers 404 for a private repository the token's user cannot see ("404 error for an
    // existing repository"): only a repository that answers is one whose secret can be missing.
    const seen = triageReply(ctx, this.id, await githubCall(ctx, 'GET /repos/{owner}/{repo}', { owner, repo: name }, signal), `GET /repos/${repo}`);
    if (seen.outcome) return seen.outcome;
    if (seen.reply.kind === 'not-found') {
      return {
        status: 'skip',
        summary: `cannot tell whether ${repo} has ${secret}: the repository is not visible to this token (404), so GitHub hides its secrets too`,
      };
    }
    if (seen.reply.answer.status !== 200) {
      return { status: 'skip', summary: `cannot tell whether ${repo} has ${secret}: GET /repos/${repo} answered ${seen.reply.answer.status}` };
    }
    const found = finding('actions.secret-missing', this.id, {
      title: `${repo} has no Actions secret ${secret}`,
      detail: `GET ${path} answered 404 while the repository itself is visible: the workflow's \${{ secrets.${secret} }} is empty, and docker/login-action then says "Username and password required". Environment secrets need the job's environment:, and fork pull requests get no secrets.`,
      evidence: { repo, secret, status: 404 },
      fixes: [fix('actions.set-secret', localFixEnv(ctx), { secret, repo })],
    });
    return { status: 'fail', summary: found.title, findings: [found] };
  },
};
