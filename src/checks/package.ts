import type { CheckOutcome, Finding } from '../engine/types.js';
import type { DiagnosisCheck, DiagnosisContext } from '../diagnosis/context.js';
import { finding } from '../engine/findings.js';
import { fix } from '../engine/fixes.js';
import { localFixEnv } from './fix-env.js';
import { packageSettingsUrl as webPackageSettingsUrl } from '../ghcr/web-urls.js';
import { apiMessage, githubCall, apiRateLimitFinding, type ApiAnswer } from './token-github.js';

export const PACKAGE_INFO_ID = 'package.info';

interface PackageBody {
  visibility?: string;
  html_url?: string;
  repository?: { full_name?: string } | null;
  owner?: { type?: string };
}

/** The package's settings page, once the owner's type is known (token.org or package.info). */
export function packageSettingsUrl(ctx: DiagnosisContext): string {
  const ref = ctx.inputs.image!;
  return webPackageSettingsUrl(ctx.inputs.apiUrl, ref.owner, ref.name, ctx.facts.package?.ownerType ?? ctx.facts.ownerType);
}

/** Whether the image's owner is the token's own account (token.identity's login). */
export function isOwnPackage(ctx: DiagnosisContext): boolean {
  const login = ctx.facts.identity?.login;
  return login !== undefined && login.toLowerCase() === ctx.inputs.image?.owner.toLowerCase();
}

/**
 * The package's REST path as an Octokit route template (`{owner}`, `{package_name}`): the authenticated
 * user's own package under `/user/packages/…`, another owner's under `/orgs/…` or `/users/…`.
 */
export function packageRoute(ctx: DiagnosisContext, ownerType = ctx.facts.package?.ownerType ?? ctx.facts.ownerType): string {
  if (isOwnPackage(ctx)) return '/user/packages/container/{package_name}';
  return `/${ownerType === 'User' ? 'users' : 'orgs'}/{owner}/packages/container/{package_name}`;
}

/**
 * The package as the REST API sees it: exists, visibility, linked repository. Nested names are
 * `%2F`-encoded (Octokit encodes path parameters). The token's own package is read through
 * `/user/packages/…`, the documented route for the authenticated user (`/users/{u}/…` is documented for
 * public packages). Another owner's package is tried under orgs/, then users/: token.org, which knows the
 * owner's type, runs beside this check, and reading its fact here would depend on which finished first.
 */
export const packageInfoCheck: DiagnosisCheck = {
  id: PACKAGE_INFO_ID,
  title: 'Package',
  dependsOn: ['image.reference', 'token.discovery'],
  writes: ['package'],
  // The token's login (token.identity) says whether the package is the token's own.
  after: ['token.identity'],
  timeoutMs: 20_000,
  waitsOn: 'the GitHub API',
  async run(ctx, signal): Promise<CheckOutcome> {
    const ref = ctx.inputs.image;
    if (!ref) return { status: 'skip', summary: 'no image given' };
    if (!ctx.facts.token) return { status: 'skip', summary: 'no token for the packages API' };
    const owner = ref.owner.toLowerCase();
    const name = ref.name.toLowerCase();
    const own = isOwnPackage(ctx);
    const ownerTypes = own ? (['User'] as const) : (['Organization', 'User'] as const);
    for (const ownerType of ownerTypes) {
      const route = `GET ${packageRoute(ctx, ownerType)}`;
      const reply = await githubCall(ctx, route, { owner, package_name: name }, signal);
      if (reply.kind === 'not-found') continue;
      if (reply.kind === 'no-answer')
        return { status: 'fail', summary: ctx.redactor.redact(`the packages API gave no answer: ${reply.reason}`), dependantsMayRun: true };
      if (reply.kind === 'rate-limited') {
        const f = apiRateLimitFinding(this.id, reply.answer, route.replace('{owner}', owner).replace('{package_name}', encodeURIComponent(name)));
        return { status: 'warn', summary: 'the GitHub API is rate limiting', findings: [f], dependantsMayRun: true };
      }
      if (reply.answer.status !== 200) return refused(ctx, reply.answer);
      if (!reply.answer.data || typeof reply.answer.data !== 'object') {
        // An HTML page from a proxy or a wrong --api-url: nothing about the package can be judged.
        return { status: 'fail', summary: `the packages API at ${ctx.inputs.apiUrl} did not answer with JSON`, dependantsMayRun: true };
      }
      return found(ctx, this.id, reply.answer.data as PackageBody, ownerType);
    }
    ctx.facts.package = { exists: false, ...(own ? { ownerType: 'User' as const } : {}) };
    const f = finding('package.not-found', this.id, {
      title: `No package ${owner}/${name} visible to this token`,
      detail: `The packages API has no container package "${name}" under ${owner}. The first push creates it, private. A package this token may not read answers 404 too, so if it exists, check read:packages and the package's access settings.`,
      evidence: { owner, name, status: 404 },
    });
    // A 404 is also what a token that may not read the package gets (an Actions token of an unlinked repository):
    // "does not exist yet" beside a registry that denies reading its tag read as two contradicting answers.
    return { status: 'pass', summary: `no package ${owner}/${name} visible to this token (404): not created yet, or not readable by it`, findings: [f] };
  },
};

function found(ctx: DiagnosisContext, checkId: string, body: PackageBody, triedAs: 'Organization' | 'User'): CheckOutcome {
  const ref = ctx.inputs.image!;
  const ownerType = body.owner?.type === 'User' || body.owner?.type === 'Organization' ? body.owner.type : triedAs;
  const visibility = body.visibility === 'public' || body.visibility === 'private' || body.visibility === 'internal' ? body.visibility : undefined;
  // GitHub's own example of an org container package has no `repository` key: absent is unknown, and
  // only an explicit null (or another repository) says the package is not linked.
  const repository = !('repository' in body) || body.repository === undefined ? undefined : (body.repository?.full_name ?? null);
  ctx.facts.package = { exists: true, visibility, repository, ownerType };
  const findings: Finding[] = [];
  const repo = ctx.inputs.repo ? `${ctx.inputs.repo.owner}/${ctx.inputs.repo.name}` : undefined;
  const mismatch = typeof repository === 'string' && repo !== undefined && repository.toLowerCase() !== repo.toLowerCase();
  if (repository === null || mismatch) {
    const settingsUrl = packageSettingsUrl(ctx);
    findings.push(
      finding('package.not-linked', checkId, {
        title:
          repository === null
            ? `${ref.owner.toLowerCase()}/${ref.name.toLowerCase()} is not linked to a repository`
            : `${ref.owner.toLowerCase()}/${ref.name.toLowerCase()} is linked to ${repository}, not ${repo}`,
        detail: `${repository === null ? 'The package has no linked repository' : `The package is linked to ${repository}`}, so a workflow's GITHUB_TOKEN${repo ? ` in ${repo}` : ''} cannot push to it unless the repository has a Write role under Manage Actions access. There is no API for that: use the package settings page, or link the image with the org.opencontainers.image.source label.`,
        evidence: { repository, expectedRepository: repo ?? null, settingsUrl },
        fixes: [fix('package.manage-actions-access', localFixEnv(ctx), { settingsUrls: [settingsUrl], repo })],
      }),
    );
  }
  const linked = repository === undefined ? 'linked repository not stated' : repository ? `linked to ${repository}` : 'not linked to a repository';
  const summary = `${visibility ?? 'unknown visibility'}, ${linked}`;
  return { status: findings.length ? 'warn' : 'pass', summary, findings };
}

function refused(ctx: DiagnosisContext, answer: ApiAnswer): CheckOutcome {
  const message = apiMessage(answer);
  // 401 (token.invalid), 403 SSO (token.sso-unauthorized), 400 "Invalid argument." (GITHUB_TOKEN,):
  // the token checks report those; this check only says it could not read the package.
  return {
    status: 'fail',
    summary: ctx.redactor.redact(`the packages API answered ${answer.status}${message ? `: ${message}` : ''}`),
    dependantsMayRun: true,
  };
}
