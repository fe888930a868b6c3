import { describe, expect, it } from 'vitest';
import { remoteCommandParts, sshRemoteCommandStart } from '../../../src/lint/ssh-command.js';
import { shellCommands } from '../../../src/lint/workflow-model.js';

function command(script: string) {
  const lines = script.split('\n').map((text, i) => ({ text, line: i + 1 }));
  return shellCommands({ value: script, line: 1, lines })[0]!;
}

describe('ssh remote command', () => {
  it('skips options with values (secrets with spaces inside ${{ }} too) and the destination', () => {
    const cmd = command(
      'ssh -i ~/.ssh/id_rsa -p ${{ secrets.SERVER_PORT || 22 }} -o StrictHostKeyChecking=no ${{ secrets.SERVER_USER }}@${{ secrets.SERVER_HOST }} "cd /srv && ./deploy.sh"',
    );
    expect(cmd.text.slice(sshRemoteCommandStart(cmd)!)).toBe('"cd /srv && ./deploy.sh"');
  });
  it('maps the remote command back to its physical lines across continuations', () => {
    const cmd = command('ssh -p 2222 \\\n  deploy@host \\\n  "GITHUB_TOKEN=x \\\n   bash deploy.sh"');
    expect(remoteCommandParts(cmd)).toEqual([
      { text: '"GITHUB_TOKEN=x', line: 3 },
      { text: 'bash deploy.sh"', line: 4 },
    ]);
  });
  it('has no remote command for a plain login shell or for other tools', () => {
    expect(sshRemoteCommandStart(command('ssh -t deploy@host'))).toBeUndefined();
    expect(sshRemoteCommandStart(command('ssh-keyscan host >> ~/.ssh/known_hosts'))).toBeUndefined();
    expect(sshRemoteCommandStart(command('echo $X | ssh deploy@host "podman login ghcr.io --password-stdin"'))).toBeGreaterThan(0);
  });
});
