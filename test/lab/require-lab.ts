import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { REGISTRY_BIN } from './registry-process.js';

/**
 * The lab needs docker-registry and openssl (and podman for the faithful test). Missing tools skip
 * the lab tests locally with a loud message, but under CI=true they throw: a lab that silently
 * skipped would let CI pass without testing anything.
 */
export function missingLabTools(extra: string[] = []): string[] {
  const missing: string[] = [];
  if (!existsSync(REGISTRY_BIN)) missing.push(`docker-registry (${REGISTRY_BIN})`);
  for (const tool of ['openssl', ...extra]) {
    try {
      execFileSync(tool, ['version'], { stdio: 'ignore' });
    } catch {
      try {
        execFileSync(tool, ['--version'], { stdio: 'ignore' });
      } catch {
        missing.push(tool);
      }
    }
  }
  return missing;
}

/** true when the lab can run; false (after a loud warning) when it must be skipped locally; throws in CI. */
export function requireLab(extra: string[] = []): boolean {
  const missing = missingLabTools(extra);
  if (missing.length === 0) return true;
  const msg = `GHCR LAB SKIPPED: missing ${missing.join(', ')} — run scripts/install-lab.sh (as root)`;
  if (process.env.CI === 'true') throw new Error(`${msg}. CI=true: a skipped lab is a failure.`);
  console.warn(`\n${'!'.repeat(msg.length)}\n${msg}\n${'!'.repeat(msg.length)}\n`);
  return false;
}
