import { describe, expect, it } from 'vitest';
import { parseHostKeyPin, parseHostKeyPins, pinFor } from '../../../src/ssh/host-key-pins.js';

const A = `SHA256:${'a'.repeat(43)}`;
const B = `SHA256:${'b'.repeat(43)}`;
const C = `SHA256:${'c'.repeat(43)}`;

describe('--host-key with several servers', () => {
  it('reads the three forms: every server, HOST=, HOST:PORT= (and [IPv6]:PORT=)', () => {
    expect(parseHostKeyPin(A, '--host-key')).toEqual({ fingerprint: A });
    expect(parseHostKeyPin(`${'a'.repeat(43)}=`, '--host-key')).toEqual({ fingerprint: A });
    expect(parseHostKeyPin(`Web1.example.org=${B}`, '--host-key')).toEqual({ host: 'web1.example.org', fingerprint: B });
    expect(parseHostKeyPin(`10.0.0.7:2222=${C}`, '--host-key')).toEqual({ host: '10.0.0.7', port: 2222, fingerprint: C });
    expect(parseHostKeyPin(`[::1]:2222=${C}`, '--host-key')).toEqual({ host: '::1', port: 2222, fingerprint: C });
  });

  it('a value that is none of them, or two pins for the same place, is a usage error naming it', () => {
    expect(parseHostKeyPin('SHA256:short', '--host-key')).toMatch(
      /--host-key must be SHA256:<fingerprint>, HOST=SHA256:… or HOST:PORT=SHA256:…, not "SHA256:short"/,
    );
    expect(parseHostKeyPin(`web1:99999=${A}`, '--host-key')).toBe('--host-key: port 99999 is out of range');
    expect(parseHostKeyPins([A, B], '--host-key')).toBe('--host-key is given twice for every server');
    expect(parseHostKeyPins([`web1=${A}`, `web1=${B}`], '--host-key')).toBe('--host-key is given twice for web1');
    expect(parseHostKeyPins([`web1=${A}`, `web1:2222=${B}`, C], '--host-key')).toHaveLength(3);
  });

  it('the most specific pin wins: HOST:PORT, then HOST (as given or resolved), then the one for every server', () => {
    const pins = {
      hostKey: A,
      hostKeyPins: [
        { host: 'web1', fingerprint: B },
        { host: '10.0.0.7', port: 2222, fingerprint: C },
      ],
    };
    expect(pinFor(pins, ['web1', '10.0.0.7'], 2222)).toBe(C);
    expect(pinFor(pins, ['web1', '10.0.0.7'], 22)).toBe(B);
    expect(pinFor(pins, ['WEB1'], 22)).toBe(B);
    expect(pinFor(pins, ['web2', '10.0.0.8'], 22)).toBe(A);
    expect(pinFor({ hostKeyPins: pins.hostKeyPins }, ['web2'], 22)).toBeUndefined();
    expect(pinFor({}, ['web1'], 22)).toBeUndefined();
  });
});
