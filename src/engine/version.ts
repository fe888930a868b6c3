import { readFileSync } from 'node:fs';

function readVersion(): string {
  // dist/engine/version.js, src/engine/version.ts and the bundle's chunks (dist/bundle/) all sit two levels below package.json.
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export const VERSION = readVersion();
