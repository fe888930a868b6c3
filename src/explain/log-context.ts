/**
 * What the lines around an error tell about it: the step it happened in (login, push, pull), what
 * ran before it (a `logout ghcr.io`, a login that succeeded, a login with an account password) and
 * where the text comes from (GitHub Actions, kubelet events, podman). explain ranks causes and picks
 * fixes with it. One pass, constant memory.
 */

export type Phase = 'login' | 'push' | 'pull';

/** What was true at the line of an error. */
export interface LineContext {
  phase?: Phase;
  /** Line of a `docker|podman logout ghcr.io` (or `--all`) before the error. */
  loggedOutAt?: number;
  /** Line of a `Login Succeeded` that followed a login to GHCR before the error. */
  loginOkAt?: number;
}

/** What is true of the whole text. */
export interface TextContext {
  actions: boolean;
  kubelet: boolean;
  podman: boolean;
  /** A GHCR login fed an account password (a secret named `…PASSWORD`), not a token: the secret's name. */
  passwordSecret?: string;
}

/** A phase stays the current one for this many lines, then is forgotten (another step began). */
const PHASE_SPAN = 40;

const PUSH =
  /\b(?:docker|podman|buildah|nerdctl|crane|oras)\s+(?:image\s+)?push\b|\bpushing\b|push refers to repository|failed to push|blobs\/uploads|--push\b|\bwriting blob|initiating layer upload|reuse blob .{0,120} at destination/i;
const PULL =
  /\b(?:docker|podman|buildah|nerdctl|crictl|ctr)\s+(?:image\s+)?pull\b|\bpulling\b|trying to pull|failed to pull|pull access denied|load metadata for|back-off pulling|initializing source|\bcompose up\b/i;
const LOGIN =
  /\b(?:docker|podman|buildah|skopeo|nerdctl|oras|helm registry)\s+login\b|logging into|docker\/login-action|redhat-actions\/podman-login|docker login for /i;
const LOGIN_OK = /\blogin succe(?:eded|ssful+)\b/i;
/**
 * A logout that clears what docker sends to ghcr.io. `podman logout` (even `--all`) leaves
 * ~/.docker/config.json, which podman reads too, so it rules nothing out.
 */
const LOGOUT_GHCR = /\b(?:docker|nerdctl|helm registry)\s+logout\s+(?:https:\/\/)?ghcr\.io\b|removing login credentials for ghcr\.io/i;
const ACTIONS =
  /^Run [\w.-]+\/[\w.-]+@|##\[(?:group|endgroup|error|warning)\]|\/home\/runner\/work\/|\bGITHUB_(?:ACTIONS|WORKSPACE|REPOSITORY)\b|\bdocker\/(?:login|build-push|metadata)-action\b|Process completed with exit code/;
const KUBELET = /\bkubelet\b|failed to pull image "|ErrImagePull|ImagePullBackOff|rpc error: code = \w+ desc =|back-off pulling image|kubectl describe/i;
// `Error: logging into "HOST": …` is the containers/common login wording (podman, buildah, skopeo); docker's differs.
const PODMAN =
  /\b(?:podman|buildah|skopeo)\b|logging into "|trying to pull |getting image source signatures|containers\/auth\.json|initializing source docker:\/\//i;
/** The secret or variable that carries the login password: `-p "$X"`, `--password=$X`, `password: ${{ secrets.X }}`, `echo $X | … login`. */
const PASSWORD_SOURCE =
  /(?:\s(?:-p|--password)(?:\s+|=)|\bpassword:\s*)["']?\$\{?\{?\s*(?:secrets\.|env\.)?(\w+)|\becho\s+["']?\$\{?\{?\s*(?:secrets\.|env\.)?(\w+).{0,40}\|\s*\S*\s*(?:docker|podman|buildah)\s+login/i;
const ACCOUNT_PASSWORD_NAME = /PASSWORD|PASSWD|\bPASS\b|_PASS$|PWD/i;
const TOKEN_NAME = /TOKEN|PAT\b|_PAT_|^PAT_|SECRET_KEY|KEY$/i;

const GATE =
  /push|pull|login|logout|logging|kubelet|imagepull|errimage|rpc error|podman|buildah|skopeo|image source|auth\.json|initializing source|blobs\/uploads|reuse blob|writing blob|layer upload|load metadata|back-off|compose up|kubectl|runner\/work|GITHUB_|^Run |process completed|-action\b|password/i;

export class ContextTracker {
  private phase?: { phase: Phase; line: number };
  private loggedOutAt?: number;
  private loginOkAt?: number;
  private lastLoginToGhcr = false;
  readonly text: TextContext = { actions: false, kubelet: false, podman: false };

  /** Notes one (normalised) line; `raw` keeps markers that normalising removed. */
  observe(line: string, raw: string, lineNo: number, namesGhcr: boolean): void {
    // Most log lines are build noise: one cheap test skips them (the patterns below all need one of these words).
    if (!GATE.test(line) && !(raw.startsWith('##[') || raw.includes(' ##['))) return;
    const t = this.text;
    if (!t.actions && (ACTIONS.test(line) || ACTIONS.test(raw))) t.actions = true;
    if (!t.kubelet && KUBELET.test(line)) t.kubelet = true;
    if (!t.podman && PODMAN.test(line)) t.podman = true;
    if (LOGOUT_GHCR.test(line)) this.loggedOutAt = lineNo;
    if (LOGIN.test(line)) {
      this.phase = { phase: 'login', line: lineNo };
      this.lastLoginToGhcr = namesGhcr || /ghcr/i.test(line);
      const source = PASSWORD_SOURCE.exec(line);
      const name = source?.[1] ?? source?.[2];
      if (name && ACCOUNT_PASSWORD_NAME.test(name) && !TOKEN_NAME.test(name)) t.passwordSecret = name;
    } else if (/\bpassword:\s*\$\{\{/i.test(line)) {
      const source = PASSWORD_SOURCE.exec(line);
      if (source?.[1] && ACCOUNT_PASSWORD_NAME.test(source[1]) && !TOKEN_NAME.test(source[1])) t.passwordSecret = source[1];
    }
    if (LOGIN_OK.test(line) && this.lastLoginToGhcr) this.loginOkAt = lineNo;
    if (PUSH.test(line)) this.phase = { phase: 'push', line: lineNo };
    else if (PULL.test(line)) this.phase = { phase: 'pull', line: lineNo };
  }

  at(lineNo: number): LineContext {
    const phase = this.phase && lineNo - this.phase.line <= PHASE_SPAN ? this.phase.phase : undefined;
    return { phase, loggedOutAt: this.loggedOutAt, loginOkAt: this.loginOkAt };
  }
}
