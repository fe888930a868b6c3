import { describe, expect, it } from 'vitest';
import { orderByCause } from '../../../src/engine/causes.js';
import { finding } from '../../../src/engine/findings.js';
import type { FindingId } from '../../../src/engine/catalog.js';

const f = (id: FindingId, check: string) => finding(id, check, { detail: 'x' });

describe('orderByCause', () => {
  it.each(['token.sso-unauthorized', 'token.org-policy'] as const)(
    'an organization refusing the token (%s) explains both the denied pull and the denied push: one root cause, two consequences under it',
    (cause) => {
      const ordered = orderByCause([
        f('registry.push-denied', 'registry.push'),
        f('registry.pull-denied', 'registry.pull'),
        f(cause, 'token.org'),
        f('package.private', 'package.info'),
      ]);
      const roots = ordered.filter((x) => !x.causedBy).map((x) => x.id);
      expect(roots).not.toContain('registry.push-denied');
      expect(roots).not.toContain('registry.pull-denied');
      expect(ordered.find((x) => x.id === 'registry.push-denied')?.causedBy).toBe(cause);
      expect(ordered.find((x) => x.id === 'registry.pull-denied')?.causedBy).toBe(cause);
      // The consequences follow their cause.
      const at = (id: string) => ordered.findIndex((x) => x.id === id);
      expect(at('registry.pull-denied')).toBeGreaterThan(at(cause));
      expect(at('registry.push-denied')).toBeGreaterThan(at(cause));
    },
  );

  it('a missing scope stays the more direct cause of a denied push than SSO', () => {
    const ordered = orderByCause([
      f('registry.push-denied', 'registry.push'),
      f('token.sso-unauthorized', 'token.org'),
      f('token.missing-scope', 'token.scopes'),
    ]);
    expect(ordered.find((x) => x.id === 'registry.push-denied')?.causedBy).toBe('token.missing-scope');
  });
});
