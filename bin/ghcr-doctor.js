#!/usr/bin/env node
// Plain JavaScript on purpose: it must run on any Node to say which Node is needed.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`ghcr-doctor needs Node.js 20.19 or newer; this is ${process.versions.node}.\n`);
  process.exit(2);
}
// A checkout runs what `tsc` just built (dist/cli); the npm package ships only the esbuild bundle
// (dist/bundle, no runtime dependencies), see scripts/build-bundle.mjs.
const { existsSync } = await import('node:fs');
const unbundled = new URL('../dist/cli/main.js', import.meta.url);
const { main } = await import(existsSync(unbundled) ? unbundled.href : '../dist/bundle/main.js');
process.exitCode = await main(process.argv.slice(2));
