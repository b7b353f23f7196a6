// Three WebAssembly kernels for SGD on sparse rows (assembly/sparse-sgd.ts, built into build/sparse-sgd*.wasm):
//
//   dot(w, cols, vals, start, end, init) -> f64   init + sum over k in [start, end) of w[cols[k]] * vals[k]
//   axpy(w, cols, vals, start, end, factor)        w[cols[k]] += vals[k] * factor for k in [start, end)
//   dot4(w0..w3, cols, vals, s0, e0, .., s3, e3, out)  four dots in lockstep, results stored at out
//
// w, cols, vals and out are byte addresses in the memory the caller provides. cols and vals come in two
// layouts: wide (int32 column, float64 value: 12 bytes a value) and compact (uint16 column, float32 value: 6
// bytes), for rows of float32 values and at most 65,536 features; a float32 value widens to float64
// exactly, so both give the same sums. The memory is shared (for worker threads) or not; a module names the
// kind of memory it imports, so each kind has a build of its own. The arithmetic (one IEEE multiply and add
// per term, in feature order) is that of the reference twin (sparse-kernels-reference.ts), which runs where
// the builds are missing.
import { existsSync, readFileSync } from 'node:fs';
import { webAssembly, type WasmLinearMemory } from '../backend/wasm/webassembly-api.ts';
import { referenceKernelsOn } from './sparse-kernels-reference.ts';
import { SPARSE_SHARED_BUILD, SPARSE_UNSHARED_BUILD } from './sparse-kernel-builds.mjs';

/** The storage of the column numbers and values: wide (int32, float64) or compact (uint16, float32). */
export type SparseLayout = 'wide' | 'compact';

/** Bytes of one column number and of one value in a layout. */
export const LAYOUT_BYTES: Record<SparseLayout, { column: number; value: number }> = {
  wide: { column: 4, value: 8 },
  compact: { column: 2, value: 4 },
};

/** The most pages a memory may have (4 GiB: WebAssembly's 32-bit addresses); a shared memory declares it. */
const MAX_PAGES = 65536;

/** The kernels bound to one memory. */
export interface SparseKernels {
  readonly memory: WasmLinearMemory;
  dot(w: number, cols: number, vals: number, start: number, end: number, init: number): number;
  axpy(w: number, cols: number, vals: number, start: number, end: number, factor: number): void;
  dot4(
    w0: number,
    w1: number,
    w2: number,
    w3: number,
    cols: number,
    vals: number,
    s0: number,
    e0: number,
    s1: number,
    e1: number,
    s2: number,
    e2: number,
    s3: number,
    e3: number,
    out: number,
  ): void;
}

/** The functions of a build: each kernel in the wide and the compact layout. */
type SparseExports = Record<`${'dot' | 'axpy' | 'dot4'}${'Wide' | 'Compact'}`, (...args: number[]) => number>;

// The compiled module of each build (null: the build is missing), compiled once per thread.
const compiled = new Map<string, object | null>();

function compiledBuild(path: string): object | null {
  let module = compiled.get(path);
  if (module === undefined) {
    module = existsSync(path) ? new webAssembly.Module(readFileSync(path)) : null;
    if (module === null) {
      process.emitWarning(
        `the sparse SGD kernels are missing (${path}): run npm install (builds the WASM kernels); ` +
          'using the slower reference kernels',
        'NablaWarning',
      );
    }
    compiled.set(path, module);
  }
  return module;
}

/** The kernels of `layout` bound to `memory` (a shared one when `shared`). */
export function kernelsOn(memory: WasmLinearMemory, layout: SparseLayout, shared: boolean): SparseKernels {
  const module = compiledBuild(shared ? SPARSE_SHARED_BUILD : SPARSE_UNSHARED_BUILD);
  if (module === null) return referenceKernelsOn(memory, layout);
  const exports = new webAssembly.Instance(module, { env: { memory } }).exports as SparseExports;
  return layout === 'wide'
    ? { memory, dot: exports.dotWide, axpy: exports.axpyWide, dot4: exports.dot4Wide }
    : { memory, dot: exports.dotCompact, axpy: exports.axpyCompact, dot4: exports.dot4Compact };
}

/** A shared memory of at least `bytes` bytes, for kernels that worker threads run on the same data. */
export function sharedMemory(bytes: number): WasmLinearMemory {
  const pages = pagesFor(bytes);
  return new webAssembly.Memory({ initial: pages, maximum: pages, shared: true });
}

/** A fresh unshared memory of at least `bytes` bytes. */
export function unsharedMemory(bytes: number): WasmLinearMemory {
  return new webAssembly.Memory({ initial: pagesFor(bytes) });
}

// The last unshared memory made, held weakly: consecutive fits (the folds of a cross-validation) reuse it,
// grown in place when a fold needs a little more, instead of touching hundreds of fresh megabytes each time
// while the previous memory waits for the GC; an idle process lets the GC take it back.
let recent: WeakRef<WasmLinearMemory> | null = null;

/** Kernels of `layout` over an unshared memory of at least `bytes` bytes (contents left as they are). */
export function sparseKernels(bytes: number, layout: SparseLayout): SparseKernels {
  const pages = pagesFor(bytes);
  let memory = recent?.deref();
  if (memory !== undefined) {
    const missing = pages - memory.buffer.byteLength / PAGE_BYTES;
    if (missing > 0) memory.grow(missing);
  } else {
    memory = unsharedMemory(bytes);
    recent = new WeakRef(memory);
  }
  return kernelsOn(memory, layout, false);
}

const PAGE_BYTES = 65536;

/** The most bytes a WebAssembly memory can hold (32-bit addresses). */
export const MAX_MEMORY_BYTES = MAX_PAGES * PAGE_BYTES;

function pagesFor(bytes: number): number {
  const pages = Math.max(1, Math.ceil(bytes / PAGE_BYTES));
  if (bytes > MAX_MEMORY_BYTES)
    throw new RangeError(`sparse rows need ${bytes} bytes, more than a WebAssembly memory holds (4 GiB)`);
  return pages;
}
