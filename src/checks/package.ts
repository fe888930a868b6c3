import type { Check, CheckOutcome, Finding } from '../engine/types.js';
import type { DiagnosisContext } from '../diagnosis/context.js';
import type { PackageFacts } from '../diagnosis/facts.js';
import { finding, fix } from '../engine/findings.js';
import { githubClient, webBaseUrl } from '../ghcr/github-api.js';
import { rateLimitedFinding } from './registry-common.js';
import { apiNoAnswer, apiSignal } from './repo-common.js';

export const PACKAGE_INFO_ID = 'package.info';

interface PackageBody {
  visibility?: string;
  html_url?: string;
  repository?: { full_name?: string } | null;
  owner?: { type?: string };
}

interface ApiError {
  status: number;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
}

function isApiError(e: unknown): e is ApiError {
  return typeof e === 'object' && e !== null && typeof (e as { status?: unknown }).status === 'number' && (e as { status: number }).status > 0;
}

/**
 * `https://github.com/{orgs|users}/OWNER/packages/container/NAME%2FNESTED/settings` [C2]. When the owner's
 * type is unknown (the API was rate limited or unreachable) a guessed orgs/ URL would 404 for a user: the
 * owner's package list is right for both.
 */
export function packageSettingsUrl(ctx: DiagnosisContext): string {
  const ref = ctx.inputs.image!;
  const ownerType = ctx.facts.package?.ownerType ?? ctx.facts.ownerType;
  if (!ownerType) return `${webBaseUrl(ctx.inputs.apiUrl)}/${ref.owner.toLowerCase()}?tab=packages`;
  const path = ownerType === 'User' ? 'users' : 'orgs';
  return `${webBaseUrl(ctx.inputs.apiUrl)}/${path}/${ref.owner.toLowerCase()}/packages/container/${encodeURIComponent(ref.name.toLowerCase())}/settings`;
}

/**
 * The package as the REST API sees it [1.4]: exists, visibility, linked repository. Nested names are
 * `%2F`-encoded (Octokit encodes path parameters). The owner's type decides orgs/ or users/; when
 * token.org has not said, orgs is tried first, then users.
 */
export const packageInfoCheck: Check<DiagnosisContext> = {
  id: PACKAGE_INFO_ID,
  title: 'Package',
  dependsOn: ['image.reference', 'token.discovery'],
  timeoutMs: 20_000,
  waitsOn: 'the GitHub API',
  async run(ctx, signal): Promise<CheckOutcome> {
    const ref = ctx.inputs.image;
    const token = ctx.facts.token?.value;
    if (!ref) return { status: 'skip', summary: 'no image given' };
    if (!token) return { status: 'skip', summary: 'no token for the packages API' };
    const api = githubClient({ apiUrl: ctx.inputs.apiUrl, token, fetch: ctx.io.fetch, retries: 0 });
    const owner = ref.owner.toLowerCase();
    const name = ref.name.toLowerCase();
    const order: Array<'Organization' | 'User'> = ctx.facts.ownerType ? [ctx.facts.ownerType] : ['Organization', 'User'];
    let lastNotFound: ApiError | undefined;
    for (const ownerType of order) {
      const kind = ownerType === 'Organization' ? 'orgs' : 'users';
      try {
        const res = await api.request(`GET /${kind}/{owner}/packages/container/{package_name}`, {
          owner,
          package_name: name,
          request: { signal: apiSignal(signal) },
        });
        if (!res.data || typeof res.data !== 'object') {
          // An HTML page from a proxy or a wrong --api-url: nothing about the package can be judged.
          return { status: 'fail', summary: `the packages API at ${ctx.inputs.apiUrl} did not answer with JSON`, dependantsMayRun: true };
        }
        return found(ctx, this.id, res.data as PackageBody, ownerType);
      } catch (error) {
        const silent = apiNoAnswer(error, signal);
        if (silent) return { status: 'fail', summary: ctx.redactor.redact(`the packages API gave ${silent}`), dependantsMayRun: true };
        if (!isApiError(error)) throw error;
        if (error.status === 404) {
          lastNotFound = error;
          continue;
        }
        return apiFailure(ctx, this.id, error);
      }
    }
    ctx.facts.package = { exists: false, ownerType: ctx.facts.ownerType };
    const f = finding('package.not-found', this.id, {
      title: `No package ${owner}/${name} visible to this token`,
      detail: `The packages API has no container package "${name}" under ${owner}. The first push creates it, private [D1]. A package this token may not read answers 404 too, so if it exists, check read:packages and the package's access settings.`,
      evidence: { owner, name, status: lastNotFound?.status ?? 404 },
    });
    return { status: 'pass', summary: `${owner}/${name} does not exist yet (the first push creates it)`, findings: [f] };
  },
};

function found(ctx: DiagnosisContext, checkId: string, body: PackageBody, triedAs: 'Organization' | 'User'): CheckOutcome {
  const ref = ctx.inputs.image!;
  const ownerType = body.owner?.type === 'User' || body.owner?.type === 'Organization' ? body.owner.type : triedAs;
  const visibility = body.visibility === 'public' || body.visibility === 'private' || body.visibility === 'internal' ? body.visibility : undefined;
  const repository = body.repository?.full_name ?? null;
  const facts: PackageFacts = { exists: true, visibility, repository, ownerType, htmlUrl: body.html_url };
  ctx.facts.package = facts;
  const findings: Finding[] = [];
  const repo = ctx.inputs.repo ? `${ctx.inputs.repo.owner}/${ctx.inputs.repo.name}` : undefined;
  const mismatch = repository !== null && repo !== undefined && repository.toLowerCase() !== repo.toLowerCase();
  if (repository === null || mismatch) {
    const settingsUrl = packageSettingsUrl(ctx);
    findings.push(
      finding('package.not-linked', checkId, {
        title: repository === null ? `${ref.owner.toLowerCase()}/${ref.name.toLowerCase()} is not linked to a repository` : `${ref.owner.toLowerCase()}/${ref.name.toLowerCase()} is linked to ${repository}, not ${repo}`,
        detail: `${repository === null ? 'The package has no linked repository' : `The package is linked to ${repository}`}, so a workflow's GITHUB_TOKEN${repo ? ` in ${repo}` : ''} cannot push to it unless the repository has a Write role under Manage Actions access. There is no API for that: use the package settings page, or link the image with the org.opencontainers.image.source label [C2, D2, D4].`,
        evidence: { repository, expectedRepository: repo ?? null, settingsUrl },
        fixes: [fix('package.manage-actions-access', 'Package settings → Manage Actions access → Add repository (Write)', { links: [settingsUrl] })],
      }),
    );
  }
  const summary = `${visibility ?? 'unknown visibility'}, ${repository ? `linked to ${repository}` : 'not linked to a repository'}`;
  return { status: findings.length ? 'warn' : 'pass', summary, findings };
}

function apiFailure(ctx: DiagnosisContext, checkId: string, error: ApiError): CheckOutcome {
  const headers = new Headers();
  for (const [k, v] of Object.entries(error.response?.headers ?? {})) if (v !== undefined) headers.set(k, String(v));
  if (error.status === 429 || (error.status === 403 && headers.get('x-ratelimit-remaining') === '0')) {
    const f = rateLimitedFinding(checkId, headers, error.status, 'the GitHub API');
    return { status: 'warn', summary: 'the GitHub API is rate limiting', findings: [f], dependantsMayRun: true };
  }
  const message = (error.response?.data as { message?: string } | undefined)?.message;
  // 401 (token.invalid), 403 SSO (token.sso-unauthorized), 400 "Invalid argument." (GITHUB_TOKEN, [1.4]):
  // the token checks report those; this check only says it could not read the package.
  return {
    status: 'fail',
    summary: ctx.redactor.redact(`the packages API answered ${error.status}${message ? `: ${message}` : ''}`),
    dependantsMayRun: true,
  };
}
