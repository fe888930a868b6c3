import { describe, expect, it } from 'vitest';
import { QuestionBroker } from '../../src/tui/questions.js';

describe('QuestionBroker with several servers', () => {
  it('one passphrase question per key for the whole run, whichever servers ask', async () => {
    const q = new QuestionBroker();
    const asks = [q.passphrase('~/.ssh/deploy'), q.passphrase('~/.ssh/deploy'), q.passphrase('~/.ssh/other')];
    const open = () => {
      const seen: string[] = [];
      for (let c = q.current(); c; c = q.current()) {
        seen.push(c.message);
        q.answer(c.id, c.message.endsWith('deploy') ? 'secret-1' : 'secret-2');
      }
      return seen;
    };
    expect(open()).toEqual(['Passphrase for the SSH key ~/.ssh/deploy', 'Passphrase for the SSH key ~/.ssh/other']);
    expect(await Promise.all(asks)).toEqual(['secret-1', 'secret-1', 'secret-2']);
    // A later server (or a re-check) with the same key is not asked again.
    expect(await q.passphrase('~/.ssh/deploy')).toBe('secret-1');
    expect(q.current()).toBeUndefined();
  });

  it('one host-key question per host, port and key; users on the same machine share it', async () => {
    const q = new QuestionBroker();
    const fp = `SHA256:${'a'.repeat(43)}`;
    const a = q.confirmHostKey({ host: '10.0.0.1', port: 22, fingerprint: fp, server: 'web@10.0.0.1:22' });
    const b = q.confirmHostKey({ host: '10.0.0.1', port: 22, fingerprint: fp, server: 'deploy@10.0.0.1:22' });
    const c = q.confirmHostKey({ host: '10.0.0.1', port: 2222, fingerprint: fp, server: 'web@10.0.0.1:2222' });
    const open = q.pendingHostKeys();
    expect(open.map((x) => [x.port, x.servers])).toEqual([
      [22, ['web@10.0.0.1:22', 'deploy@10.0.0.1:22']],
      [2222, ['web@10.0.0.1:2222']],
    ]);
    q.answer(open[0]!.id, true);
    q.answer(open[1]!.id, false);
    expect(await Promise.all([a, b, c])).toEqual([true, true, false]);
    // Asked again later (a re-check): the answer stands, no new question.
    expect(await q.confirmHostKey({ host: '10.0.0.1', port: 22, fingerprint: fp, server: 'web@10.0.0.1:22' })).toBe(true);
    expect(q.current()).toBeUndefined();
  });
});
