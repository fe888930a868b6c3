/**
 * Fixes only the web UI can make (package visibility, Manage Actions access, linking, SSO
 * authorization: GitHub has no API for them). ghcr-doctor shows the exact settings URL, opens it
 * in a browser when the user asks, and re-checks once the user says they are done.
 */
import { spawn } from 'node:child_process';
import type { FixId } from '../engine/fixes.js';
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
  id: FixId;
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

/** The web page a fix points at (manual fixes, the new-token link), if any. */
export function fixUrl(action: FixAction): string | undefined {
  const url = (action as { url?: unknown }).url;
  return typeof url === 'string' ? url : undefined;
}
