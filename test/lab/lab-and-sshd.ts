import { afterAll, beforeEach } from 'vitest';
import type { Lab } from './harness.js';
import { resetDeployUser, startSshd, trustRegistryCa, type LabSshd } from './sshd.js';
import { useLab } from './use-lab.js';

/**
 * The setup every deploy-server lab file shares, as vitest hooks of the calling describe block: the
 * lab (emulated GitHub + registry) for `world` and a real sshd for `user`, whose podman trusts the
 * lab registry's CA; both stopped after the block, and the deploy user's home, runtime dir and
 * session env reset before each test so one test's login cannot leak into the next.
 * `ready` receives both once they run (the test keeps them in its own variables and seeds images).
 */
export function useLabAndSshd(world: unknown, user: string, ready: (lab: Lab, sshd: LabSshd) => Promise<void> | void, timeoutMs = 120_000): void {
  let sshd: LabSshd | undefined;
  useLab(
    world,
    async (lab) => {
      sshd = await startSshd({ user });
      trustRegistryCa(sshd.home, sshd.user, lab.registryHost, lab.caFile);
      await ready(lab, sshd);
    },
    timeoutMs,
  );
  // After-hooks run in reverse order (vitest's default 'stack'): sshd stops before the lab.
  afterAll(async () => sshd?.stop());
  beforeEach(() => {
    resetDeployUser(sshd!.user, sshd!.home, sshd!.runtimeDir);
    sshd!.setSessionEnv({});
  });
}

/** A containers/docker auth file holding one `user:token` login for `host`. */
export function authJson(host: string, user: string, token: string): string {
  return JSON.stringify({ auths: { [host]: { auth: Buffer.from(`${user}:${token}`).toString('base64') } } });
}

/**
 * The deploy-server lab world: octocat's private octocat/api, a valid read:packages classic token and a
 * revoked one (the stale login servers keep), plus whatever tokens and packages a test file adds.
 */
export function serverWorld(good: string, revoked: string, more: { tokens?: object[]; packages?: object[] } = {}) {
  return {
    users: [{ login: 'octocat', id: 583231 }],
    orgs: [],
    tokens: [
      { value: good, owner: 'octocat', kind: 'classic', scopes: ['read:packages'], expiresAt: '2099-01-01T00:00:00Z' },
      { value: revoked, owner: 'octocat', kind: 'classic', scopes: ['read:packages'], revoked: true },
      ...(more.tokens ?? []),
    ],
    packages: [{ owner: 'octocat', name: 'api', visibility: 'private', repository: 'octocat/api' }, ...(more.packages ?? [])],
    repos: [{ fullName: 'octocat/api', private: true }],
  };
}
