import { describe, expect, it } from 'vitest';
import { newTokenUrl, orgPackagesSettingsUrl, packageSettingsUrl, tokensUrl, webBaseUrl, webHost } from '../../../src/ghcr/web-urls.js';

describe('web URLs from the API URL', () => {
  it('github.com and GitHub Enterprise Server (https://HOST/api/v3 → https://HOST)', () => {
    expect(webBaseUrl('https://api.github.com')).toBe('https://github.com');
    expect(webBaseUrl('https://ghe.corp/api/v3')).toBe('https://ghe.corp');
    expect(webHost('https://ghe.corp/api/v3')).toBe('ghe.corp');
    expect(newTokenUrl('https://ghe.corp/api/v3', ['read:packages'])).toBe('https://ghe.corp/settings/tokens/new?scopes=read:packages&description=ghcr-doctor');
    expect(tokensUrl('https://api.github.com')).toBe('https://github.com/settings/tokens');
  });

  it('package settings: lowercased owner and name, users/ or orgs/, the owner packages tab when the type is unknown', () => {
    expect(packageSettingsUrl('https://api.github.com', 'Octo', 'App', 'User')).toBe('https://github.com/users/octo/packages/container/app/settings');
    expect(packageSettingsUrl('https://ghe.corp/api/v3', 'ACME', 'team/App', 'Organization')).toBe(
      'https://ghe.corp/orgs/acme/packages/container/team%2Fapp/settings',
    );
    expect(packageSettingsUrl('https://api.github.com', 'Acme', 'api')).toBe('https://github.com/acme?tab=packages');
    expect(orgPackagesSettingsUrl('https://ghe.corp/api/v3', 'Acme')).toBe('https://ghe.corp/organizations/acme/settings/packages');
  });
});
