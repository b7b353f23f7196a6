// The two builds of the sparse SGD kernels (assembly/sparse-sgd.ts) that scripts/build-wasm.mjs writes: one
// imports an unshared memory, one a shared memory (a WebAssembly module names which kind it imports). Plain
// JavaScript, so that the build script, which runs before any TypeScript loader, reads the same paths.
import { fileURLToPath } from 'node:url';

/** The build over an unshared memory. */
export const SPARSE_UNSHARED_BUILD = fileURLToPath(new URL('../../build/sparse-sgd.wasm', import.meta.url));
/** The build over a shared memory (a matrix that worker threads read). */
export const SPARSE_SHARED_BUILD = fileURLToPath(new URL('../../build/sparse-sgd-shared.wasm', import.meta.url));
