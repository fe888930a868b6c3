/**
 * Every github.com web page ghcr-doctor links to, derived from the API URL (`--api-url`), so that a
 * GitHub Enterprise Server user gets links on their own host: `https://HOST/api/v3` → `https://HOST/…`.
 * Owners and package names are lowercased here, once: GitHub's package URLs are lowercase.
 */

/** The web host that belongs to an API URL: api.github.com → github.com; GHES https://HOST/api/v3 → HOST. */
export function webBaseUrl(apiUrl: string): string {
  const u = new URL(apiUrl);
  if (u.hostname === 'api.github.com') return 'https://github.com';
  if (u.hostname.startsWith('api.')) return `${u.protocol}//${u.host.slice(4)}`;
  return `${u.protocol}//${u.host}`;
}

/** The web host name, e.g. for `gh auth refresh -h HOST`. */
export function webHost(apiUrl: string): string {
  return new URL(webBaseUrl(apiUrl)).host;
}

/** `https://github.com/settings/tokens/new?scopes=…&description=ghcr-doctor` (GHES: the same on its host). */
export function newTokenUrl(apiUrl: string, scopes: string[]): string {
  return `${webBaseUrl(apiUrl)}/settings/tokens/new?scopes=${scopes.join(',')}&description=ghcr-doctor`;
}

/** The list of the user's classic tokens (edit scopes, Configure SSO). */
export function tokensUrl(apiUrl: string): string {
  return `${webBaseUrl(apiUrl)}/settings/tokens`;
}

export type OwnerType = 'User' | 'Organization';

/**
 * The package's settings page (visibility, Manage Actions access, repository link). With the owner's
 * type unknown, the owner's packages tab (one click away) rather than a guessed URL that may 404.
 */
export function packageSettingsUrl(apiUrl: string, owner: string, name: string, ownerType?: OwnerType): string {
  const web = webBaseUrl(apiUrl);
  const o = owner.toLowerCase();
  if (!ownerType) return `${web}/${o}?tab=packages`;
  return `${web}/${ownerType === 'User' ? 'users' : 'orgs'}/${o}/packages/container/${encodeURIComponent(name.toLowerCase())}/settings`;
}

/** Organization settings → Packages (who may create packages of which visibility). */
export function orgPackagesSettingsUrl(apiUrl: string, org: string): string {
  return `${webBaseUrl(apiUrl)}/organizations/${org.toLowerCase()}/settings/packages`;
}

/** Organization settings → Personal access tokens (the classic-token and lifetime policies). */
export function orgTokenPolicyUrl(apiUrl: string, org: string): string {
  return `${webBaseUrl(apiUrl)}/organizations/${org.toLowerCase()}/settings/personal-access-tokens`;
}

/** Repository settings → Actions (default workflow permissions). */
export function repoActionsSettingsUrl(apiUrl: string, repo: string): string {
  return `${webBaseUrl(apiUrl)}/${repo}/settings/actions`;
}

/** Repository settings → Secrets and variables → Actions. */
export function repoSecretsUrl(apiUrl: string, repo: string): string {
  return `${webBaseUrl(apiUrl)}/${repo}/settings/secrets/actions`;
}

/** The repository page, e.g. for the image's source label. */
export function repoUrl(apiUrl: string, repo: string): string {
  return `${webBaseUrl(apiUrl)}/${repo}`;
}
