#!/usr/bin/env node
// Bundles the CLI into dist/bundle/ so the npm package needs no runtime dependencies and starts fast:
// one ESM entry for the CI path, plus chunks that esbuild splits off at each dynamic import()
// (the Ink/React UI, explain, lint, demo), so `--version` and `--ci` never parse React.
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * ssh2 tries its optional native helpers (cpu-features, sshcrypto.node) inside try/catch and falls
 * back to pure JS. In the bundle they resolve to a module that throws, which takes that fallback, so
 * the package never needs a compiler or a prebuilt binary.
 */
const nativeAddonsAbsent = {
  name: 'native-addons-absent',
  setup(b) {
    b.onResolve({ filter: /(\.node$)|(^cpu-features$)/ }, (args) => ({ path: args.path, namespace: 'native-absent' }));
    b.onLoad({ filter: /.*/, namespace: 'native-absent' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} is not bundled (optional native addon)`)});`,
      loader: 'js',
    }));
  },
};

/**
 * src/engine/version.ts reads package.json relative to its own file, which a chunk no longer sits
 * beside; the bundle gets the version baked in at build time instead.
 */
const bakedVersion = (version) => ({
  name: 'baked-version',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]engine[\\/]version\.ts$/ }, () => ({
      contents: `export const VERSION = ${JSON.stringify(version)};`,
      loader: 'ts',
    }));
  },
});

/**
 * CommonJS dependencies (ssh2, …) call require() for Node built-ins and read __dirname: ESM chunks get
 * real ones from this banner. Only the chunks that name them keep it (see dropUnusedBanner).
 */
const COMMONJS_GLOBALS =
  "import{createRequire as __ghcrDoctorCreateRequire}from'node:module';import{fileURLToPath as __ghcrDoctorPath}from'node:url';const require=__ghcrDoctorCreateRequire(import.meta.url);const __filename=__ghcrDoctorPath(import.meta.url);const __dirname=__ghcrDoctorPath(new URL('.',import.meta.url));";

/**
 * Removes the banner from a chunk whose code never names require, __filename or __dirname (most of
 * them: our own modules are ES modules). Each banner costs its chunk two more imports for the module
 * loader to resolve and a createRequire at load. A name the code uses is in its text as a whole word
 * (esbuild leaves these free names as written), so a chunk without it (`required`, `requireImage` are
 * other words) cannot need it.
 */
function dropUnusedBanner(file) {
  const text = readFileSync(file, 'utf8');
  if (!text.startsWith(COMMONJS_GLOBALS)) throw new Error(`${file} does not start with the banner`);
  const code = text.slice(COMMONJS_GLOBALS.length);
  if (!/\b(require|__filename|__dirname)\b/.test(code)) writeFileSync(file, code);
}

/**
 * esbuild puts each module in a chunk of its own per set of entry points that reach it, and it counts
 * every import() target as an entry point. The CLI's own modules (args, config, output, the report…)
 * are reached from main and from many lazily loaded parts in different combinations: some twenty
 * chunks of a few hundred bytes, each one more file for Node's module loader to resolve, read and link
 * before main() runs. Every lazily loaded part of the program is loaded after main, so telling esbuild
 * that each of them imports main changes nothing at run time and makes main's whole static graph one
 * set: one chunk.
 */
const loadedAfterMain = (entries, mainPath) => ({
  name: 'loaded-after-main',
  setup(b) {
    b.onLoad({ filter: /\.tsx?$/ }, (args) => {
      if (!entries.has(args.path)) return undefined;
      const contents = `${readFileSync(args.path, 'utf8')}\nimport ${JSON.stringify(mainPath)};\n`;
      return { contents, loader: args.path.endsWith('.tsx') ? 'tsx' : 'ts', resolveDir: path.dirname(args.path) };
    });
  },
});

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'bundle');
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
rmSync(outdir, { recursive: true, force: true });

const options = {
  absWorkingDir: root,
  entryPoints: { main: 'src/cli/main.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'linked',
  metafile: true,
  chunkNames: 'chunks/[name]-[hash]',
  // ink imports react-devtools-core only when DEV=true; it is not installed and never needed.
  external: ['react-devtools-core'],
  define: { 'process.env.NODE_ENV': '"production"' },
  banner: { js: COMMONJS_GLOBALS },
  plugins: [nativeAddonsAbsent, bakedVersion(version)],
  logLevel: 'warning',
};
// A first pass only to learn which of our modules are import() targets (see loadedAfterMain).
const { metafile: graph } = await build({ ...options, write: false });
const lazyEntries = new Set(
  Object.values(graph.inputs).flatMap((input) =>
    input.imports.filter((i) => i.kind === 'dynamic-import' && i.path.startsWith('src/')).map((i) => path.join(root, i.path)),
  ),
);
const result = await build({ ...options, plugins: [...options.plugins, loadedAfterMain(lazyEntries, path.join(root, 'src/cli/main.ts'))] });

for (const file of Object.keys(result.metafile.outputs)) if (file.endsWith('.js')) dropUnusedBanner(path.join(root, file));
writeFileSync(path.join(outdir, 'meta.json'), JSON.stringify(result.metafile));
let total = 0;
for (const [file, info] of Object.entries(result.metafile.outputs)) if (file.endsWith('.js')) total += info.bytes;
console.log(`bundle: ${Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js')).length} files, ${(total / 1024).toFixed(0)} KiB in dist/bundle`);
