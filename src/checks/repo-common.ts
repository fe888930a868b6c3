import type { DiagnosisContext } from '../diagnosis/context.js';
import { githubClient, type GitHubClient } from '../ghcr/github-api.js';

export interface ApiFailure {
  status: number;
  message?: string;
  headers: Headers;
}

/** An Octokit RequestError with an HTTP status; anything else (a bug, an abort) is not one. */
export function apiFailure(error: unknown): ApiFailure | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { status?: unknown; response?: { headers?: Record<string, unknown>; data?: unknown } };
  if (typeof e.status !== 'number' || e.status <= 0 || e.status === 500 && !e.response) return undefined;
  const headers = new Headers();
  for (const [k, v] of Object.entries(e.response?.headers ?? {})) if (v !== undefined && v !== null) headers.set(k, String(v));
  const message = (e.response?.data as { message?: unknown } | undefined)?.message;
  return { status: e.status, message: typeof message === 'string' ? message : undefined, headers };
}

export function isRateLimited(f: ApiFailure): boolean {
  return f.status === 429 || (f.status === 403 && f.headers.get('x-ratelimit-remaining') === '0');
}

export function repoApi(ctx: DiagnosisContext): GitHubClient | undefined {
  const token = ctx.facts.token?.value;
  if (!token) return undefined;
  return githubClient({ apiUrl: ctx.inputs.apiUrl, token, fetch: ctx.io.fetch, retries: 0 });
}

export function repoName(ctx: DiagnosisContext): string | undefined {
  return ctx.inputs.repo ? `${ctx.inputs.repo.owner}/${ctx.inputs.repo.name}` : undefined;
}
