export type PullCause = 'bearer-token-403' | 'unauthorized' | 'denied' | 'manifest-unknown' | 'x509' | 'network' | 'other';

/**
 * Classifies docker/podman pull output (§5 quick index). Order matters: podman's
 * `Requesting bearer token: invalid status code from registry 403` also says "Forbidden", and
 * docker's "pull access denied … may require 'docker login': denied" is a denial, not a login prompt.
 */
// The output comes from the server (up to 4 MiB): every gap in these patterns is bounded, so a long line of
// `lookup ` or `manifest for ` cannot make them backtrack quadratically.
export function classifyPullOutput(output: string): PullCause {
  const o = output;
  if (/requesting bearer token: invalid status code from registry 403/i.test(o)) return 'bearer-token-403';
  if (/x509:|certificate (signed by unknown authority|has expired|is not yet valid|is valid for)|tls: failed to verify/i.test(o)) return 'x509';
  if (/manifest unknown|MANIFEST_UNKNOWN|manifest for \S{1,512} not found|: not found$/im.test(o)) return 'manifest-unknown';
  if (/unauthorized|authentication required|invalid username\/password|unable to retrieve auth token|no basic auth credentials/i.test(o)) return 'unauthorized';
  if (/denied/i.test(o)) return 'denied';
  if (
    /dial tcp|no such host|lookup \S{1,255} on |connection refused|network is unreachable|i\/o timeout|TLS handshake timeout|connection reset|EOF\b|Try again/i.test(
      o,
    )
  )
    return 'network';
  return 'other';
}

/** The last meaningful line of the runtime's output, for the finding's evidence. */
export function pullErrorLine(output: string): string {
  const lines = output
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.reverse().find((l) => /error|denied|unauthorized|forbidden|unknown|x509|failed/i.test(l)) ?? lines[0] ?? '';
}
