// Compiles the AssemblyScript kernels (assembly/) into build/kernels.wasm and build/kernels-relaxed.wasm.
// Run by `npm install` (prepare) and `npm run build`; skipped when both builds are newer than every source
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

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The memory limits must match src/backend/wasm/wasm-backend.ts (the JS side creates the memory).
const MAXIMUM_PAGES = 65536;
const VARIANTS = [
  { target: PLAIN_BUILD, features: 'simd,threads' },
  { target: RELAXED_BUILD, features: 'simd,threads,relaxed-simd' },
];

/** The newest modification time among the kernels' sources and this build's own settings. */
function newestSource() {
  const sources = readdirSync(join(root, 'assembly'), { recursive: true }).map((name) => join(root, 'assembly', name));
  sources.push(fileURLToPath(import.meta.url), join(root, 'src', 'backend', 'wasm', 'kernel-builds.mjs'));
  return Math.max(...sources.map((path) => statSync(path).mtimeMs));
}

const upToDate = (target) => existsSync(target) && statSync(target).mtimeMs > newestSource();
if (!process.argv.includes('--force') && VARIANTS.every(({ target }) => upToDate(target))) {
  console.log('the WASM kernels in build/ are up to date');
  process.exit(0);
}

for (const { target, features } of VARIANTS) {
  const file = basename(target);
  mkdirSync(dirname(target), { recursive: true });
  // Written beside the target, then renamed: an interrupted build never leaves a truncated module.
  const temporary = join(dirname(target), `.${file}-${process.pid}`);
  const { error, stderr } = await asc.main([
    join(root, 'assembly', 'index.ts'),
    '--outFile', temporary,
    '-O3', '--noAssert',
    '--runtime', 'stub',
    '--importMemory', '--sharedMemory', '--initialMemory', '1', '--maximumMemory', String(MAXIMUM_PAGES),
    '--enable', features,
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
