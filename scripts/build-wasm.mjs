// Compiles the AssemblyScript kernels (assembly/) into build/kernels.wasm. Run by `npm install` (prepare).
// SIMD on, -O3, no runtime allocations (stub runtime), memory imported from JS and shared so that growing it
// never detaches the Float32Array views the backend has handed out.
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = join(root, 'build');
const target = join(buildDir, 'kernels.wasm');
// The memory limits must match src/backend/wasm/wasm-backend.ts (the JS side creates the memory).
const MAXIMUM_PAGES = 65536;

mkdirSync(buildDir, { recursive: true });
const temporary = join(buildDir, `.kernels-${process.pid}.wasm`);
const { error, stderr } = await asc.main([
  join(root, 'assembly', 'index.ts'),
  '--outFile', temporary,
  '-O3', '--noAssert',
  '--runtime', 'stub',
  '--importMemory', '--sharedMemory', '--initialMemory', '1', '--maximumMemory', String(MAXIMUM_PAGES),
  '--enable', 'simd,threads',
]);
if (error) {
  rmSync(temporary, { force: true });
  console.error(stderr.toString());
  console.error(`building the WASM kernels failed: ${error.message}`);
  process.exit(1);
}
renameSync(temporary, target);
console.log(`built ${target}`);
