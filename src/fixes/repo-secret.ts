/**
 * Stores the token in a repository's Actions secret: the value is sealed on this machine with the
 * repository's public key (libsodium sealed box) and sent with `PUT /repos/{o}/{r}/actions/secrets/{name}`.
 * GitHub's 201 (created) or 204 (updated) is the confirmation; the secret is then read back to see that
 * it exists and that its `updated_at` is not older than the second of the PUT's own `Date` (`updated_at`
 * has one-second resolution, so "it moved" fails for two updates within one second).
 */
import type { FetchLike } from '../io/types.js';
import { maskToken } from '../engine/redact.js';
import { apiMessage, callGithub, type GithubReply } from '../ghcr/github-call.js';
import type { FixAction } from './types.js';
import { loadSodium } from '../io/sodium.js';

export interface RepoSecretDeps {
  apiUrl: string;
  fetch: FetchLike;
  owner: string;
  repo: string;
  secretName: string;
  /** Authenticates the API calls (needs the `repo` scope and collaborator access). */
  apiToken(): string | undefined;
  /** The value to store: the token the user pasted, else the one the session uses. */
  secretValue(pasted?: string): string | undefined;
}

/** libsodium `crypto_box_seal` of the value with the repository's base64 public key, base64 out. */
export async function sealForGitHub(value: string, publicKeyBase64: string): Promise<string> {
  const sodium = await loadSodium();
  const key = sodium.from_base64(publicKeyBase64, sodium.base64_variants.ORIGINAL);
  const sealed = sodium.crypto_box_seal(sodium.from_string(value), key);
  return sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL);
}

/** The one-line reason a reply is not the wanted answer (never the token: replies do not hold it). */
function replyProblem(reply: GithubReply): string {
  if (reply.kind === 'no-answer') return `no answer from the GitHub API: ${reply.reason}`;
  if (reply.kind === 'rate-limited') return `the GitHub API is rate limiting (HTTP ${reply.answer.status}); try again later`;
  const message = apiMessage(reply.answer);
  return `the GitHub API answered ${reply.answer.status}${message ? `: ${message}` : ''}`;
}

export function repoSecretFix(deps: RepoSecretDeps): FixAction {
  const path = `/repos/${deps.owner}/${deps.repo}/actions/secrets/${deps.secretName}`;
  const params = { owner: deps.owner, repo: deps.repo, secret_name: deps.secretName };
  /** What GitHub said to the PUT: 201 or 204, and its Date header (GitHub's clock, not ours). */
  let accepted: { status: number; date?: string } | undefined;
  const call = (route: string, extra: Record<string, unknown>, signal: AbortSignal) => {
    const token = deps.apiToken();
    if (!token) throw new Error('no token to call the GitHub API with');
    return callGithub({ apiUrl: deps.apiUrl, token, fetch: deps.fetch }, route, { ...params, ...extra }, signal);
  };
  const refused = (reply: GithubReply): Error => {
    // GitHub hides a repository the token cannot reach as 404.
    if (reply.kind === 'not-found' || (reply.kind === 'answer' && reply.answer.status === 403)) {
      const status = reply.answer.status;
      // A 403 with a message says why itself: an SSO or policy refusal is not cured by any scope or role.
      const message = status === 403 ? apiMessage(reply.answer) : undefined;
      if (message) return new Error(`GitHub refused access to the secrets of ${deps.owner}/${deps.repo} (403: ${message})`);
      return new Error(
        `GitHub refused access to the secrets of ${deps.owner}/${deps.repo} (${status}): the token needs the repo scope and admin or collaborator access`,
      );
    }
    return new Error(replyProblem(reply));
  };
  return {
    id: 'actions.set-secret',
    title: `Store the token in the ${deps.owner}/${deps.repo} secret ${deps.secretName}`,
    needs: [],
    preview(input) {
      const value = deps.secretValue(input.token);
      const caller = deps.apiToken();
      return [
        `GET ${deps.apiUrl}/repos/${deps.owner}/${deps.repo}/actions/secrets/public-key`,
        `encrypt the token ${value ? maskToken(value) : '(none yet)'} on this machine with that key (libsodium sealed box)`,
        `PUT ${deps.apiUrl}${path}: creates or replaces the secret ${deps.secretName}`,
        `then GET ${deps.apiUrl}${path} to confirm it exists and was updated`,
        `the API calls are made with ${!caller ? 'no token yet' : caller === value ? 'that same token' : `the token this run found (${maskToken(caller)})`}, which needs the repo scope`,
      ];
    },
    async apply(input, signal) {
      const value = deps.secretValue(input.token);
      if (!value) throw new Error('no token to store');
      accepted = undefined;
      // The public key first: it also proves the token may manage this repository's secrets.
      const keyReply = await call('GET /repos/{owner}/{repo}/actions/secrets/public-key', {}, signal);
      if (keyReply.kind !== 'answer' || keyReply.answer.status !== 200) throw refused(keyReply);
      const key = keyReply.answer.data as { key?: unknown; key_id?: unknown };
      if (typeof key.key !== 'string' || typeof key.key_id !== 'string') throw new Error('the GitHub API answered the public key without key and key_id');
      const encrypted_value = await sealForGitHub(value, key.key);
      signal.throwIfAborted();
      const put = await call('PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', { encrypted_value, key_id: key.key_id }, signal);
      if (put.kind !== 'answer' || (put.answer.status !== 201 && put.answer.status !== 204)) throw refused(put);
      accepted = { status: put.answer.status, date: put.answer.headers.date };
      return { changed: [`secret ${deps.secretName} of ${deps.owner}/${deps.repo}`] };
    },
    async verify(_input, signal) {
      const reply = await call('GET /repos/{owner}/{repo}/actions/secrets/{secret_name}', {}, signal);
      let confirmed: { ok: boolean; message: string };
      const how = accepted
        ? `GitHub answered the PUT with ${accepted.status} (${accepted.status === 201 ? 'created' : 'updated'})`
        : 'no PUT was accepted in this session';
      if (reply.kind === 'not-found') confirmed = { ok: false, message: `the secret ${deps.secretName} still does not exist` };
      else if (reply.kind !== 'answer' || reply.answer.status !== 200)
        confirmed = { ok: false, message: `could not read the secret back: ${replyProblem(reply)}` };
      else {
        const updatedAt = (reply.answer.data as { updated_at?: unknown }).updated_at;
        const updated = typeof updatedAt === 'string' ? Date.parse(updatedAt) : Number.NaN;
        // Both stamps are GitHub's and have one-second resolution: "not older than the PUT's second" holds
        // for two updates within one second, where "updated_at moved" does not.
        const putSecond = accepted?.date ? Math.floor(Date.parse(accepted.date) / 1000) * 1000 : Number.NaN;
        if (!accepted) confirmed = { ok: false, message: how };
        else if (!Number.isNaN(updated) && !Number.isNaN(putSecond) && updated < putSecond) {
          confirmed = { ok: false, message: `${how}, but the secret's updated_at (${String(updatedAt)}) is older than that PUT (${accepted.date})` };
        } else
          confirmed = {
            ok: true,
            message: `secret ${deps.secretName} ${accepted.status === 201 ? 'created' : 'updated'}: ${how}${typeof updatedAt === 'string' ? `; updated_at ${updatedAt}` : ''}`,
          };
      }
      return confirmed;
    },
    recheck: ['repo.*', 'actions.*'],
  };
}
