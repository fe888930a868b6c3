import { finding } from '../../engine/findings.js';
import { fix } from '../../engine/fixes.js';
import { LINT_FIX_ENV } from './types.js';
import type { Finding } from '../../engine/types.js';
import { isAppleboyRemote } from '../workflow-facts.js';
import type { LintRule } from './types.js';

const DISABLED = /StrictHostKeyChecking\s*[= ]\s*["']?(?:no|off)\b|UserKnownHostsFile\s*[= ]\s*["']?\/dev\/null/i;
const KEYSCAN = /\bssh-keyscan\b/;
const PINNED_KNOWN_HOSTS = 'mkdir -p ~/.ssh && echo "${{ secrets.SERVER_KNOWN_HOSTS }}" >> ~/.ssh/known_hosts   # verified once, stored as a secret';

/**
 * Host authentication turned off: a MITM on the deploy connection sees the registry token piped
 * over it. `StrictHostKeyChecking=no`, `UserKnownHostsFile=/dev/null`, `ssh-keyscan` on every run, and
 * appleboy/ssh-action or scp-action without `fingerprint:`.
 */
export const hostKeyCheckingDisabled: LintRule = (wf, check) => {
  const out: Finding[] = [];
  const report = (line: number, job: string, what: string, commands: string[]) =>
    out.push(
      finding('workflow.host-key-checking-disabled', check, {
        title: `SSH host key checking is off (${what})`,
        detail: `Job "${job}" ${what === 'ssh-keyscan' ? 'trusts whatever key the host presents on every run (ssh-keyscan)' : `connects without verifying the server's host key (${what})`}: anyone in the path can impersonate the server and capture the token sent to it. Pin the host key instead.`,
        evidence: { file: wf.file, line, job, what },
        fixes: [fix('workflow.pin-host-key', LINT_FIX_ENV, { lines: commands })],
      }),
    );
  for (const job of wf.jobs) {
    for (const step of job.steps) {
      if (isAppleboyRemote(step) && !step.with.has('fingerprint')) {
        report(step.line, job.id, `${step.uses!.split('@')[0]} without fingerprint`, [
          'fingerprint: ${{ secrets.SERVER_FINGERPRINT }}   # SHA256:… of the host key',
        ]);
      }
      if (!step.run) continue;
      for (const l of step.run.lines) {
        if (/^\s*#/.test(l.text)) continue;
        const m = DISABLED.exec(l.text);
        if (m) report(l.line, job.id, m[0].replace(/\s+/g, ' '), [PINNED_KNOWN_HOSTS, 'ssh -o StrictHostKeyChecking=yes …']);
        else if (KEYSCAN.test(l.text)) report(l.line, job.id, 'ssh-keyscan', [PINNED_KNOWN_HOSTS]);
      }
    }
  }
  return out;
};
