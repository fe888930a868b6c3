import type { Check, CheckOutcome } from '../engine/types.js';
import type { DiagnosisContext } from '../diagnosis/context.js';
import { finding, fix } from '../engine/findings.js';
import { webBaseUrl } from '../ghcr/github-api.js';
import { apiSignal, repoApi, repoName, triageApiError } from './repo-common.js';

/** The repository secret the workflow logs in with exists [C5] (names only; values are unreadable). */
export const repoSecretCheck: Check<DiagnosisContext> = {
  id: 'repo.secret',
  title: 'Repository secret',
  dependsOn: ['token.discovery'],
  // The token's scopes (token.identity) tell whether a 404 can mean "missing" at all.
  after: ['token.identity'],
  timeoutMs: 15_000,
  waitsOn: 'the GitHub API',
  async run(ctx, signal): Promise<CheckOutcome> {
    const repo = repoName(ctx);
    if (!ctx.inputs.repo || !repo) return { status: 'skip', summary: 'no repository given (--repo)' };
    const api = repoApi(ctx);
    if (!api) return { status: 'skip', summary: 'no token for the GitHub API' };
    const secret = ctx.inputs.secretName;
    try {
      await api.request('GET /repos/{owner}/{repo}/actions/secrets/{secret_name}', {
        owner: ctx.inputs.repo.owner,
        repo: ctx.inputs.repo.name,
        secret_name: secret,
        request: { signal: apiSignal(signal) },
      });
      return { status: 'pass', summary: `${repo} has the secret ${secret}` };
    } catch (error) {
      const { outcome, failure: f } = triageApiError(ctx, this.id, error, signal);
      if (outcome) return outcome;
      if (f.status === 404) {
        // 404 is also what a token without access to the repository's secrets gets; the secret
        // endpoint needs collaborator access and the `repo` scope [1.5].
        const scopes = ctx.facts.identity?.scopes;
        if (scopes != null && !scopes.includes('repo')) {
          // Without the repo scope GitHub answers 404 whether or not the secret exists: saying it is
          // missing would be a guess.
          return { status: 'skip', summary: `cannot tell whether ${repo} has ${secret}: this token lacks the repo scope that reading secrets needs (404)` };
        }
        const settings = `${webBaseUrl(ctx.inputs.apiUrl)}/${repo}/settings/secrets/actions`;
        const found = finding('actions.secret-missing', this.id, {
          title: `${repo} has no Actions secret ${secret}`,
          detail: `GET /repos/${repo}/actions/secrets/${secret} answered 404: the workflow's \${{ secrets.${secret} }} is empty, and docker/login-action then says "Username and password required" [C5]. Environment secrets need the job's environment:, and fork pull requests get no secrets [C3].`,
          evidence: { repo, secret, status: 404 },
          fixes: [
            fix('actions.set-secret', `Create the secret ${secret}`, {
              commands: [`gh secret set ${secret} --repo ${repo} < ~/.ghcr_token`],
              links: [settings],
            }),
          ],
        });
        return { status: 'fail', summary: found.title, findings: [found] };
      }
      return { status: 'skip', summary: ctx.redactor.redact(`cannot read ${repo}'s secrets (${f.status}${f.message ? `: ${f.message}` : ''}): needs collaborator access and the repo scope`) };
    }
  },
};
