// Bundles the browser build of nabla: dist/browser/nabla.js, one self-contained ES module for
// `<script type="module">` and for bundlers. Run by `npm run build` after build-dist.mjs (which writes the types,
// dist/browser.d.ts).
//
// The sources are the Node.js ones, with two substitutions made here rather than in the code:
// - a module `x.ts` (or `x.mjs`) that has a twin `x.browser.ts` (`x.browser.mjs`) beside it is replaced by the twin:
//   the kernels' loader (bytes embedded, see kernel-builds.browser.mjs), one thread, PNG encoding without pngjs;
// - an import of a Node.js built-in (node:fs, node:worker_threads, ...), reached only by what needs files,
//   threads, processes or a network, gets a module whose functions throw a NablaError saying so; except where
//   src/platform/browser/ has an implementation of it (zlib.ts: the one-shot inflate and gzip, on fflate).
// The global `process` is src/platform/browser/process.ts (no environment, output to the console).
// The build fails when the bundle still imports a Node.js built-in.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
// `--outfile PATH` writes the bundle elsewhere (the browser test builds its own).
const outfileArgument = process.argv.indexOf('--outfile');
const outfile = outfileArgument > 0 ? process.argv[outfileArgument + 1] : join(root, 'dist', 'browser', 'nabla.js');

function filesUnder(dir) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...filesUnder(path));
    else if (/\.(ts|mjs)$/.test(name)) found.push(path);
  }
  return found;
}

/** For each node: module the sources import, the names they take from it (named imports) and whether a default. */
function builtinImports() {
  const modules = new Map();
  const IMPORT = /import\s+(type\s+)?([^'";]*?)\s*from\s*['"](node:[^'"]+)['"]/g;
  for (const file of filesUnder(src)) {
    const text = readFileSync(file, 'utf8');
    for (const [, typeOnly, clause, specifier] of text.matchAll(IMPORT)) {
      if (typeOnly) continue;
      const entry = modules.get(specifier) ?? { names: new Set() };
      const named = /\{([^}]*)\}/.exec(clause);
      if (named) {
        for (const part of named[1].split(',')) {
          const name = part
            .trim()
            .replace(/^type\s+/, '')
            .split(/\s+as\s+/)[0]
            .trim();
          if (name && !part.trim().startsWith('type ')) entry.names.add(name);
        }
      }
      // `import * as zlib`: the members the file reads (zlib.inflateRawSync) are the names.
      const namespace = /\*\s+as\s+(\w+)/.exec(clause);
      if (namespace) {
        for (const [, member] of text.matchAll(new RegExp(`\\b${namespace[1]}\\)?\\.(\\w+)`, 'g')))
          entry.names.add(member);
      }
      modules.set(specifier, entry);
    }
  }
  return modules;
}

const builtins = builtinImports();

const UNAVAILABLE_MESSAGE =
  ' is not available in the browser build of nabla: it needs Node.js (files, threads, ' +
  'processes or downloads). In a page, pass data as arrays, typed arrays or ArrayBuffers, move weights with ' +
  'model.getWeights() / model.setWeights(), and export a model for serving with exportOnnx (bytes)';

function unavailableModule(specifier) {
  const entry = builtins.get(specifier) ?? { names: new Set() };
  const lines = [
    "import { NablaError } from './errors.ts';",
    'function unavailable(name) {',
    '  return function () {',
    `    throw new NablaError(name + ${JSON.stringify(UNAVAILABLE_MESSAGE)});`,
    '  };',
    '}',
  ];
  for (const name of entry.names)
    lines.push(`export const ${name} = unavailable(${JSON.stringify(`${specifier} ${name}`)});`);
  // `import * as x` and default imports: every member is a function that throws.
  lines.push(
    `export default new Proxy({}, { get: (_, key) => unavailable(${JSON.stringify(specifier)} + ' ' + String(key)) });`,
  );
  return lines.join('\n');
}

const NODE_FILE_URL = /new URL\(([^()]+?),\s*import\.meta\.url\s*\)/g;
const NODE_ONLY_BASE = 'file:///nabla/node-only/';

const browserTwins = {
  name: 'browser-twins',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.resolveDir === '') return undefined;
      const path = join(args.resolveDir, args.path);
      const twin = path.replace(/\.(ts|mjs)$/, '.browser.$1');
      if (twin !== path && twin !== args.importer && existsSync(twin)) return { path: twin };
      return undefined;
    });
    // `new URL('./worker.mjs', import.meta.url)` names a file beside a Node.js module (a worker script, a kernel
    // build) that the bundle does not ship, on paths the browser never runs; bundlers (webpack, Vite) would look
    // for the file. The URL is made against a base of its own instead.
    build.onLoad({ filter: /[\\/]src[\\/].*\.(ts|mjs)$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const contents = text.replace(
        NODE_FILE_URL,
        (_, quoted) => `new URL(${quoted}, ${JSON.stringify(NODE_ONLY_BASE)})`,
      );
      return { contents, loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
    });
    build.onResolve({ filter: /^node:/ }, (args) => {
      const implementation = join(src, 'platform', 'browser', `${args.path.slice('node:'.length)}.ts`);
      if (existsSync(implementation)) return { path: implementation };
      return { path: args.path, namespace: 'node-builtin' };
    });
    build.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => ({
      contents: unavailableModule(args.path),
      resolveDir: src,
      loader: 'js',
    }));
  },
};

await build({
  entryPoints: [join(src, 'browser.ts')],
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  loader: { '.wasm': 'binary' },
  inject: [join(src, 'platform', 'browser', 'process.ts')],
  plugins: [browserTwins],
  // Minified for pages; names kept, since the library reads class names (layer registry, errors' names).
  minify: true,
  keepNames: true,
  legalComments: 'none',
  // Optional members read through a cast (zip-reader.ts's `(zlib as ...).crc32`) are meant to be undefined here.
  logOverride: { 'import-is-undefined': 'silent' },
  logLevel: 'warning',
});

const bundle = readFileSync(outfile, 'utf8');
const nodeImport = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)['"]node:[^'"]*['"]/.exec(bundle);
if (nodeImport !== null) {
  console.error(`building the browser bundle failed: ${outfile} still imports a Node.js built-in (${nodeImport[0]})`);
  process.exit(1);
}
console.log(`built ${outfile} (${(bundle.length / 1024).toFixed(0)} KiB, kernels embedded)`);
