#!/usr/bin/env node
// Plain JavaScript on purpose: it must run on any Node to say which Node is needed.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`ghcr-doctor needs Node.js 20.19 or newer; this is ${process.versions.node}.\n`);
  process.exit(2);
}
const { existsSync, readFileSync } = await import('node:fs');
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  // The bare version, without loading the program: `--version` stays as fast as bare node.
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  // A checkout runs what `tsc` just built (dist/cli); the npm package ships only the esbuild bundle
  // (dist/bundle, no runtime dependencies), see scripts/build-bundle.mjs.
  const unbundled = new URL('../dist/cli/main.js', import.meta.url);
  const bundled = new URL('../dist/bundle/main.js', import.meta.url);
  if (!existsSync(unbundled) && !existsSync(bundled)) {
    // A fresh clone before its first build: say what to run instead of a module-not-found stack trace.
    process.stderr.write('ghcr-doctor is not built yet: run `npm ci` (it builds) or `npm run build` in this checkout.\n');
    process.exit(2);
  }
  const { main } = await import(existsSync(unbundled) ? unbundled.href : bundled.href);
  process.exitCode = await main(args);
  // The report is out and every request was aborted; a socket still connecting (undici finishes a TLS
  // handshake it was told to abort) must not hold the exit for seconds. Unref'd: a clean exit is not delayed.
  setTimeout(() => process.exit(), 500).unref();
}
