import { describe, expect, it } from 'vitest';
import { sha256Fingerprint, normaliseFingerprint, keyTypeOfBlob } from '../../../src/ssh/fingerprint.js';
import { hostsFieldMatches, judgeHostKey, knownHostsName, parseKnownHosts } from '../../../src/ssh/known-hosts.js';
import { decideHostTrust, preferredHostKeyAlgorithms } from '../../../src/ssh/host-trust.js';

// Generated with `ssh-keygen -t ed25519`; `ssh-keygen -lf` printed the fingerprint below, and
// `ssh-keygen -H` produced the hashed lines (for "example.com" and "[example.com]:2222").
const KEY_B64 = 'AAAAC3NzaC1lZDI1NTE5AAAAIFqK5QQTVlJbYH4dLVnGiexCvc+81QHKURETuR85o+By';
const KEY = Buffer.from(KEY_B64, 'base64');
const FP = 'SHA256:SxjtXCKeTebtJk8DNhJBenp5iJJIuY8a/4tpHCLfS0c';
const HASHED_22 = `|1|4KhUMy7gOE6sxrSBiUXQFSYNY9c=|O8hiEfZ1d08YLcbD85ymaGZKmTc= ssh-ed25519 ${KEY_B64}`;
const HASHED_2222 = `|1|BwdRNgiTTA/w8t/U729qwWQfuSE=|v5lF1F69rU7Se5XGfyw+Rs5Wkvo= ssh-ed25519 ${KEY_B64}`;
const OTHER = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIB3Hk0Kz5r4V8tq1p2c9dM5Qm7uYb6sJpL0xWc2Rz1aF', 'base64');

describe('fingerprints', () => {
  it('matches ssh-keygen -lf: SHA256, base64 without padding', () => {
    expect(sha256Fingerprint(KEY)).toBe(FP);
    expect(keyTypeOfBlob(KEY)).toBe('ssh-ed25519');
  });
  it('normalises pasted pins', () => {
    expect(normaliseFingerprint(`${FP}=`)).toBe(FP);
    expect(normaliseFingerprint(FP.slice(7))).toBe(FP);
  });
});

describe('known_hosts lookup (OpenSSH semantics)', () => {
  it('uses [host]:port for a non-22 port', () => {
    expect(knownHostsName('example.com', 22)).toBe('example.com');
    expect(knownHostsName('example.com', 2222)).toBe('[example.com]:2222');
  });
  it('matches hashed |1|salt|hash entries for port 22 and [host]:port', () => {
    const entries = parseKnownHosts(`${HASHED_22}\n${HASHED_2222}\n`);
    expect(judgeHostKey(entries, 'example.com', 22, KEY)).toEqual({ trust: 'known', line: 1 });
    expect(judgeHostKey(entries, 'example.com', 2222, KEY)).toEqual({ trust: 'known', line: 2 });
    expect(judgeHostKey(entries, 'example.org', 22, KEY).trust).toBe('unknown');
    expect(judgeHostKey(entries, 'example.com', 2200, KEY).trust).toBe('unknown');
  });
  it('a plain entry for port 22 does not vouch for another port', () => {
    const entries = parseKnownHosts(`example.com ssh-ed25519 ${KEY_B64}\n`);
    expect(judgeHostKey(entries, 'example.com', 2222, KEY).trust).toBe('unknown');
  });
  it('wildcards and negations', () => {
    expect(hostsFieldMatches('*.example.com,!bad.example.com', 'web.example.com')).toBe(true);
    expect(hostsFieldMatches('*.example.com,!bad.example.com', 'bad.example.com')).toBe(false);
    expect(hostsFieldMatches('10.0.0.?', '10.0.0.7')).toBe(true);
  });
  it('another key for the same host is a mismatch; @revoked is a mismatch; @cert-authority is ignored', () => {
    const entries = parseKnownHosts(`# comment\nexample.com ssh-ed25519 ${KEY_B64}\n@cert-authority *.example.com ssh-ed25519 ${KEY_B64}\n`);
    const v = judgeHostKey(entries, 'example.com', 22, OTHER);
    expect(v.trust).toBe('mismatch');
    const revoked = parseKnownHosts(`@revoked example.com ssh-ed25519 ${KEY_B64}\n`);
    expect(judgeHostKey(revoked, 'example.com', 22, KEY).trust).toBe('mismatch');
    expect(judgeHostKey(entries, 'x.example.com', 22, KEY).trust).toBe('unknown');
  });
});

describe('host trust decision', () => {
  it('a pin decides alone: match trusts, a difference is a mismatch with expected', () => {
    expect(decideHostTrust({ pin: FP }, 'h', 22, KEY)).toMatchObject({ kind: 'trusted', trustedBy: '--host-key pin' });
    const d = decideHostTrust({ pin: FP, knownHostsText: `h ssh-ed25519 ${KEY_B64}` }, 'h', 22, OTHER);
    expect(d.kind).toBe('refused');
    if (d.kind === 'refused') {
      expect(d.error.verdict).toBe('mismatch');
      expect(d.error.expected).toEqual([FP]);
      expect(d.error.fingerprint).toBe(sha256Fingerprint(OTHER));
    }
  });
  it('unknown asks; changed is refused with the known fingerprint as expected', () => {
    expect(decideHostTrust({ knownHostsText: '' }, 'h', 22, KEY)).toEqual({ kind: 'ask', fingerprint: FP });
    const d = decideHostTrust({ knownHostsText: `h ssh-ed25519 ${KEY_B64}` }, 'h', 22, OTHER);
    expect(d.kind === 'refused' && d.error.expected).toEqual([FP]);
  });
  it('asks the server for the key types known_hosts has first', () => {
    const algos = preferredHostKeyAlgorithms({ knownHostsText: `h ssh-rsa ${KEY_B64}` }, 'h', 22);
    expect(algos.slice(0, 3)).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
    expect(algos).toContain('ssh-ed25519');
  });
});
