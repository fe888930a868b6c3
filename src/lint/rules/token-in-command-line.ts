import { finding } from '../../engine/findings.js';
import { fix } from '../../engine/fixes.js';
import { LINT_FIX_ENV } from './types.js';
import type { Finding } from '../../engine/types.js';
import { shellCommands } from '../workflow-model.js';
import { envFor, isAppleboySsh, isSshCommand } from '../workflow-facts.js';
import { remoteCommandParts } from '../ssh-command.js';
import type { LintRule } from './types.js';

const LOGIN = /\b(?:docker|podman|buildah|skopeo|nerdctl|oras|helm\s+registry|crane\s+auth)\s+login\b/i;
const PASSWORD_ARG = /\s(?:-p|--password)(?:\s+|=)(?!-)\S/;
const SSHPASS = /\bsshpass\s+-p\s*\S/;
const SECRET_NAME = /TOKEN|PASSWORD|PASSWD|SECRET|_PAT\b|^PAT$/i;
/** Contract: any secret interpolated into an ssh-action script or an ssh remote command string counts. */
// [^}$] as in SECRET_EXPR: linear on a long line of unclosed `${{`.
const ANY_SECRET_EXPR = /\$\{\{[^}$]*\b(?:secrets\.[A-Za-z_]\w*|github\.token)\b[^}$]*\}\}/;
const STDIN_FIX = 'printf %s "$GHCR_TOKEN" | docker login ghcr.io -u "$GITHUB_ACTOR" --password-stdin';
const SSH_STDIN_FIX = `printf %s "$GHCR_READ_TOKEN" | ssh deploy@host 'podman login --authfile ~/.config/containers/auth.json ghcr.io -u USER --password-stdin'`;

/**
 * A token in argv is readable by every user of the machine (ps, /proc/PID/cmdline) and lands in
 * logs: `login -p`, `--password`, `sshpass -p`, and a secret inside an ssh remote command string or an
 * appleboy/ssh-action `script:`.
 */
export const tokenInCommandLine: LintRule = (wf, check) => {
  const out: Finding[] = [];
  const report = (line: number, job: string, how: string, commands: string[]) =>
    out.push(
      finding('workflow.token-in-command-line', check, {
        title: `A token is passed on a command line (${how})`,
        detail: `Job "${job}" puts a secret into a command's arguments (${how}), where ps, /proc and logs can read it. Send it on stdin instead.`,
        evidence: { file: wf.file, line, job, how },
        fixes: [fix('workflow.token-on-stdin', LINT_FIX_ENV, { lines: commands })],
      }),
    );
  for (const job of wf.jobs) {
    for (const step of job.steps) {
      const env = envFor(wf, job, step);
      const secretVar = (text: string) =>
        [...text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].some((m) => SECRET_NAME.test(m[1]!) || ANY_SECRET_EXPR.test(env.get(m[1]!)?.value ?? ''));
      if (isAppleboySsh(step)) {
        const script = step.with.get('script');
        for (const l of script?.lines ?? [])
          if (ANY_SECRET_EXPR.test(l.text)) report(l.line, job.id, 'secret interpolated into an ssh-action script', [SSH_STDIN_FIX]);
      }
      if (!step.run) continue;
      for (const cmd of shellCommands(step.run)) {
        // `$TOKEN` inside double quotes expands on the runner into ssh's argv; inside single quotes it is the server's own variable.
        if (LOGIN.test(cmd.text) && PASSWORD_ARG.test(cmd.text)) {
          const part = cmd.parts.find((p) => /(?:^|\s)(?:-p|--password)(?:\s|=|$)/.test(p.text)) ?? cmd.parts[0]!;
          report(part.line, job.id, 'login --password / -p', [STDIN_FIX]);
        } else if (SSHPASS.test(cmd.text)) {
          const part = cmd.parts.find((p) => SSHPASS.test(p.text)) ?? cmd.parts[0]!;
          report(part.line, job.id, 'sshpass -p', ['use an SSH key (webfactory/ssh-agent or a key file from a secret)']);
        } else if (isSshCommand(cmd.text)) {
          // Only what follows the destination is the remote command; the host, user and port may be secrets too.
          for (const part of remoteCommandParts(cmd)) {
            if (ANY_SECRET_EXPR.test(part.text) || (/"/.test(cmd.text) && secretVar(part.text))) {
              report(part.line, job.id, 'secret in an ssh remote command string', [SSH_STDIN_FIX]);
            }
          }
        }
      }
    }
  }
  return out;
};
