#!/usr/bin/env node
// Plain JavaScript, CommonJS on purpose (bin/package.json): it must run on any Node to say which Node
// is needed, and `--version` answers without starting Node's ES module loader (that alone costs half
// of a bare Node start). Everything else imports the program, an ES module.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`ghcr-doctor needs Node.js 20.19 or newer; this is ${process.versions.node}.\n`);
  process.exit(2);
}
const { existsSync, readFileSync } = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  // The bare version, without loading the program: `--version` stays as fast as bare node.
  process.stdout.on('error', (error) => {
    // A reader that went away is fine; any other failure (a full disk) is one line and exit 2, as in the program.
    if (error.code === 'EPIPE') return;
    process.stderr.write(`ghcr-doctor: cannot write to stdout: ${error.code || error.message}\n`);
    process.exitCode = 2;
  });
  process.stdout.write(`${JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')).version}\n`);
} else {
  // A checkout runs what `tsc` just built (dist/cli); the npm package ships only the esbuild bundle
  // (dist/bundle, no runtime dependencies), see scripts/build-bundle.mjs.
  const unbundled = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
  const bundled = path.join(__dirname, '..', 'dist', 'bundle', 'main.js');
  if (!existsSync(unbundled) && !existsSync(bundled)) {
    // A fresh clone before its first build: say what to run instead of a module-not-found stack trace.
    process.stderr.write('ghcr-doctor is not built yet: run `npm ci` (it builds) or `npm run build` in this checkout.\n');
    process.exit(2);
  }
  import(pathToFileURL(existsSync(unbundled) ? unbundled : bundled).href).then(async ({ main }) => {
    process.exitCode = await main(args);
    // The report is out and every request was aborted; a socket still connecting (undici finishes a TLS
    // handshake it was told to abort) must not hold the exit for seconds. Unref'd: a clean exit is not delayed.
    setTimeout(() => process.exit(), 500).unref();
  });
}
