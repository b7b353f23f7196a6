// Compiles the AssemblyScript kernels (assembly/) into build/kernels.wasm and build/kernels-relaxed.wasm, and the
// sparse SGD kernels (assembly/sparse-sgd.ts, a module of their own) into build/sparse-sgd*.wasm.
// Run by `npm install` (prepare) and `npm run build`; skipped when every build is newer than every source
// (`--force` rebuilds). SIMD on, -O3, no runtime allocations (stub runtime), memory imported from JS
// and shared so that growing it never detaches the Float32Array views the backend has handed out.
// The second build also enables relaxed SIMD, which the matrix product uses for fused multiply-adds; the
// backend loads it where the runtime validates it (Node.js 21 and later; Node.js 20 with
// --experimental-wasm-relaxed-simd), and the first build everywhere else.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';
import { PLAIN_BUILD, RELAXED_BUILD } from '../src/backend/wasm/kernel-builds.mjs';
import { SPARSE_SHARED_BUILD, SPARSE_UNSHARED_BUILD } from '../src/linear-model/sparse-kernel-builds.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The memory limits must match src/backend/wasm/wasm-backend.ts (the JS side creates the memory).
const MAXIMUM_PAGES = 65536;
const SHARED_MEMORY = ['--sharedMemory', '--initialMemory', '1', '--maximumMemory', String(MAXIMUM_PAGES)];
// The sparse kernels keep no data in memory (the caller owns it from address 0) and take the memory the caller
// made: unshared (no maximum, it grows in place) or shared (it must declare the maximum).
const SPARSE_SHARED_MEMORY = ['--sharedMemory', '--initialMemory', '0', '--maximumMemory', String(MAXIMUM_PAGES)];
const VARIANTS = [
  { source: 'index.ts', target: PLAIN_BUILD, features: 'simd,threads', memory: SHARED_MEMORY },
  { source: 'index.ts', target: RELAXED_BUILD, features: 'simd,threads,relaxed-simd', memory: SHARED_MEMORY },
  { source: 'sparse-sgd.ts', target: SPARSE_UNSHARED_BUILD, features: 'threads', memory: ['--initialMemory', '0'] },
  { source: 'sparse-sgd.ts', target: SPARSE_SHARED_BUILD, features: 'threads', memory: SPARSE_SHARED_MEMORY },
];

/** The newest modification time among the kernels' sources and this build's own settings. */
function newestSource() {
  const sources = readdirSync(join(root, 'assembly'), { recursive: true }).map((name) => join(root, 'assembly', name));
  sources.push(
    fileURLToPath(import.meta.url),
    join(root, 'src', 'backend', 'wasm', 'kernel-builds.mjs'),
    join(root, 'src', 'linear-model', 'sparse-kernel-builds.mjs'),
  );
  return Math.max(...sources.map((path) => statSync(path).mtimeMs));
}

const upToDate = (target) => existsSync(target) && statSync(target).mtimeMs > newestSource();
if (!process.argv.includes('--force') && VARIANTS.every(({ target }) => upToDate(target))) {
  console.log('the WASM kernels in build/ are up to date');
  process.exit(0);
}

for (const { source, target, features, memory } of VARIANTS) {
  const file = basename(target);
  mkdirSync(dirname(target), { recursive: true });
  // Written beside the target, then renamed: an interrupted build never leaves a truncated module.
  const temporary = join(dirname(target), `.${file}-${process.pid}`);
  const { error, stderr } = await asc.main([
    join(root, 'assembly', source),
    '--outFile',
    temporary,
    '-O3',
    '--noAssert',
    '--runtime',
    'stub',
    '--importMemory',
    ...memory,
    '--enable',
    features,
  ]);
  if (error) {
    rmSync(temporary, { force: true });
    console.error(stderr.toString());
    console.error(`building the WASM kernels (${file}) failed: ${error.message}`);
    process.exit(1);
  }
  renameSync(temporary, target);
  console.log(`built ${target}`);
}
