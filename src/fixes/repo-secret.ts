/**
 * Stores the token in a repository's Actions secret: the value is sealed on this machine with the
 * repository's public key (libsodium sealed box), sent with `PUT /repos/{o}/{r}/actions/secrets/{name}`,
 * then the secret's `updated_at` is read back to prove it changed (research §1.5, [C5]).
 */
import type { FetchLike } from '../io/types.js';
import { maskToken } from '../engine/redact.js';
import { githubClient } from '../ghcr/github-api.js';
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

function httpStatus(error: unknown): number | undefined {
  return typeof (error as { status?: unknown })?.status === 'number' ? (error as { status: number }).status : undefined;
}

export function repoSecretFix(deps: RepoSecretDeps): FixAction {
  const path = `/repos/${deps.owner}/${deps.repo}/actions/secrets/${deps.secretName}`;
  let before: string | null | undefined;
  let confirmed: { ok: boolean; message: string } | undefined;
  const client = () => {
    const token = deps.apiToken();
    if (!token) throw new Error('no token to call the GitHub API with');
    // No retries: a 404 here is an answer (no secret, or no access), and a PUT is not repeated blindly.
    return githubClient({ apiUrl: deps.apiUrl, token, fetch: deps.fetch, retries: 0 });
  };
  const readUpdatedAt = async (gh: ReturnType<typeof githubClient>): Promise<string | null> => {
    try {
      const { data } = await gh.rest.actions.getRepoSecret({ owner: deps.owner, repo: deps.repo, secret_name: deps.secretName });
      return data.updated_at;
    } catch (error) {
      if (httpStatus(error) === 404) return null;
      throw error;
    }
  };
  return {
    id: 'actions.set-secret',
    title: `Store the token in the ${deps.owner}/${deps.repo} secret ${deps.secretName}`,
    needs: [],
    preview(input) {
      const value = deps.secretValue(input.token);
      return [
        `GET ${deps.apiUrl}/repos/${deps.owner}/${deps.repo}/actions/secrets/public-key`,
        `encrypt the token ${value ? maskToken(value) : '(none yet)'} on this machine with that key (libsodium sealed box)`,
        `PUT ${deps.apiUrl}${path}: creates or replaces the secret ${deps.secretName}`,
        `then GET ${deps.apiUrl}${path} to confirm its updated_at moved`,
      ];
    },
    async apply(input, signal) {
      const value = deps.secretValue(input.token);
      if (!value) throw new Error('no token to store');
      const gh = client();
      try {
        // The public key first: it also proves the token may manage this repository's secrets.
        const { data: key } = await gh.rest.actions.getRepoPublicKey({ owner: deps.owner, repo: deps.repo });
        before = await readUpdatedAt(gh);
        const encrypted_value = await sealForGitHub(value, key.key);
        signal.throwIfAborted();
        await gh.rest.actions.createOrUpdateRepoSecret({ owner: deps.owner, repo: deps.repo, secret_name: deps.secretName, encrypted_value, key_id: key.key_id });
      } catch (error) {
        const status = httpStatus(error);
        if (status === 403 || status === 404) {
          // GitHub hides a repository the token cannot reach as 404 [1.5].
          throw new Error(`GitHub refused access to the secrets of ${deps.owner}/${deps.repo} (${status}): the token needs the repo scope and admin or collaborator access`);
        }
        throw error;
      }
      return { changed: [`secret ${deps.secretName} of ${deps.owner}/${deps.repo}`] };
    },
    async verify() {
      const after = await readUpdatedAt(client());
      if (after === null) confirmed = { ok: false, message: `the secret ${deps.secretName} still does not exist` };
      else if (before && after === before) confirmed = { ok: false, message: `the secret's updated_at did not move (${after})` };
      else confirmed = { ok: true, message: `secret ${deps.secretName} updated at ${after}` };
      return confirmed;
    },
    recheck: ['repo.*', 'actions.*'],
  };
}
