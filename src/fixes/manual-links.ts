/**
 * Fixes only the web UI can make (package visibility, Manage Actions access, linking, SSO
 * authorization: GitHub has no API for them, research §0.3). ghcr-doctor shows the exact settings URL, opens it
 * in a browser when the user asks, and re-checks once the user says they are done.
 */
import { spawn } from 'node:child_process';
import type { Finding } from '../engine/types.js';
import { webBaseUrl } from '../ghcr/github-api.js';
import type { FixAction } from './types.js';

/** A FixAction the user completes outside ghcr-doctor; the UI waits for "done" before re-checking. */
export interface ManualFixAction extends FixAction {
  url: string;
  waitForUser: true;
}

export function isManualFix(action: FixAction): action is ManualFixAction {
  return (action as Partial<ManualFixAction>).waitForUser === true;
}

/** Opens a URL in the desktop browser; false when there is none (the URL is on screen anyway). */
export type UrlOpener = (url: string) => Promise<boolean>;

export const openInBrowser: UrlOpener = (url) =>
  new Promise((resolve) => {
    // A Linux/BSD machine without a display (SSH session, server, container) has no browser to open:
    // say so rather than let xdg-open fall back to a text browser inside this terminal.
    const desktop = process.platform === 'darwin' || process.platform === 'win32' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
    if (!desktop) return resolve(false);
    const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
    try {
      // The URL is an argument, never a shell string.
      const child = spawn(cmd, [url], { stdio: 'ignore', detached: true });
      child.once('error', () => resolve(false));
      // xdg-open exits non-zero when it finds no browser; one that keeps running has opened something.
      const settle = setTimeout(() => resolve(true), 3000);
      settle.unref();
      child.once('exit', (code) => {
        clearTimeout(settle);
        resolve(code === 0);
      });
      child.unref();
    } catch {
      resolve(false);
    }
  });

export interface ManualLinkSpec {
  id: string;
  title: string;
  url: string;
  /** What to do on that page, one line each. */
  steps: string[];
  recheck: string[];
}

export function manualLinkFix(spec: ManualLinkSpec, open: UrlOpener): ManualFixAction {
  return {
    id: spec.id,
    title: spec.title,
    url: spec.url,
    waitForUser: true,
    needs: [],
    preview: () => [
      `open ${spec.url} in your browser`,
      ...spec.steps,
      'ghcr-doctor changes nothing itself here (GitHub has no API for this); press Enter when you are done and it re-checks',
    ],
    async apply() {
      const opened = await open(spec.url);
      return { changed: [opened ? `opened ${spec.url}` : `no browser could be opened here; open this address yourself:\n${spec.url}`] };
    },
    async verify() {
      return { ok: true, message: 'done on the web; re-checking' };
    },
    recheck: spec.recheck,
  };
}

function stringEvidence(f: Finding, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = f.evidence[k];
    if (typeof v === 'string' && /^https?:\/\//.test(v)) return v;
  }
  return undefined;
}

/** The package's settings page (visibility, Manage Actions access, repository link). */
export function packageSettingsUrl(apiUrl: string, owner: string, name: string, ownerType?: 'User' | 'Organization'): string {
  const web = webBaseUrl(apiUrl);
  const pkg = encodeURIComponent(name);
  return ownerType === 'User' ? `${web}/users/${owner}/packages/container/${pkg}/settings` : `${web}/orgs/${owner}/packages/container/${pkg}/settings`;
}

export interface ManualContext {
  apiUrl: string;
  owner?: string;
  name?: string;
  ownerType?: 'User' | 'Organization';
  repo?: string;
}

/** The manual fix for a finding, or none when the finding is not fixed on a web page. */
export function manualFixFor(f: Finding, ctx: ManualContext, open: UrlOpener): ManualFixAction | undefined {
  const settings = ctx.owner && ctx.name ? packageSettingsUrl(ctx.apiUrl, ctx.owner, ctx.name, ctx.ownerType) : undefined;
  switch (f.id) {
    case 'token.sso-unauthorized': {
      const url = stringEvidence(f, 'url', 'authorizeUrl', 'ssoUrl') ?? `${webBaseUrl(ctx.apiUrl)}/settings/tokens`;
      return manualLinkFix(
        { id: 'token.authorize-sso', title: 'Authorize the token for the organization (SAML SSO)', url, steps: ['next to the token, choose "Configure SSO" and authorize the organization'], recheck: ['token.*', 'registry.*'] },
        open,
      );
    }
    case 'package.not-linked': {
      const url = stringEvidence(f, 'settingsUrl', 'url') ?? settings;
      if (!url) return undefined;
      const steps = ctx.repo
        ? [`under "Manage Actions access", add ${ctx.repo} with the Write role (or connect the package to ${ctx.repo})`]
        : ['under "Manage Actions access", add the repository whose workflow pushes, with the Write role'];
      return manualLinkFix({ id: 'package.manage-actions-access', title: 'Grant the repository access to the package', url, steps, recheck: ['package.*', 'registry.*', 'repo.*'] }, open);
    }
    case 'package.private': {
      const url = stringEvidence(f, 'settingsUrl', 'url') ?? settings;
      if (!url) return undefined;
      return manualLinkFix(
        {
          id: 'package.make-public',
          title: 'Make the package public',
          url,
          steps: [
            'under "Danger Zone", choose "Change visibility" → Public (org owners may first have to allow members to change container visibility)',
            'older GitHub docs say a public package cannot be made private again: be sure',
          ],
          recheck: ['package.*', 'registry.*', 'server.*'],
        },
        open,
      );
    }
    default:
      return undefined;
  }
}

/** The web page a fix points at (manual fixes, the new-token link), if any. */
export function fixUrl(action: FixAction): string | undefined {
  const url = (action as { url?: unknown }).url;
  return typeof url === 'string' ? url : undefined;
}
