// Compiles src/ into dist/: ES-module JavaScript, .d.ts declarations and source maps (tsconfig.build.json), for
// the published package. Run by `npm run build` (and so by `prepack`).
//
// Two things tsc does not do:
// - copy the plain-JavaScript modules of src/ (worker scripts, kernel-builds.mjs, ...) and their .d.mts types,
//   which the compiled code finds beside itself (new URL('./x.mjs', import.meta.url) and imports);
// - rewrite the `.ts` extensions of relative imports in the declarations (it does so in the JavaScript only):
//   a consumer's TypeScript would look for `.ts` files that are not shipped.
// The kernels stay in build/ at the package root, where src/backend/wasm/kernel-builds.mjs finds them from either
// src/ or dist/ (both are one level below the root).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const dist = join(root, 'dist');

function filesUnder(dir) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...filesUnder(path));
    else found.push(path);
  }
  return found;
}

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (compiled.status !== 0) {
  console.error('building dist/ failed: tsc reported errors');
  process.exit(compiled.status ?? 1);
}

let copied = 0;
for (const file of filesUnder(src)) {
  if (!file.endsWith('.mjs') && !file.endsWith('.d.mts')) continue;
  if (file.includes('.browser.')) continue; // bundled by build-browser.mjs
  const target = join(dist, relative(src, file));
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(file, target);
  copied++;
}

// `from './x.ts'`, `import('./x.ts')` and `export ... from '../y.ts'`: relative specifiers only.
const TS_SPECIFIER = /((?:from|import)\s*\(?\s*)(['"])(\.{1,2}\/[^'"]*?)\.ts\2/g;
let rewritten = 0;
for (const file of filesUnder(dist)) {
  if (!file.endsWith('.d.ts')) continue;
  const text = readFileSync(file, 'utf8');
  const fixed = text.replace(TS_SPECIFIER, (_, keyword, quote, path) => `${keyword}${quote}${path}.js${quote}`);
  if (fixed !== text) {
    writeFileSync(file, fixed);
    rewritten++;
  }
}
console.log(`built dist/ (${copied} JavaScript modules copied, ${rewritten} declaration files' imports rewritten)`);
