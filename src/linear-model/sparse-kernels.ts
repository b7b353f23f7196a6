// Three WebAssembly kernels for SGD on sparse rows, assembled here from their instructions (a module of a few
// hundred bytes, built at run time: nothing to compile at install time, no binary in the repository):
//
//   dot(w, cols, vals, start, end, init) -> f64   init + sum over k in [start, end) of w[cols[k]] * vals[k]
//   axpy(w, cols, vals, start, end, factor)        w[cols[k]] += vals[k] * factor for k in [start, end)
//   dot4(w0..w3, cols, vals, s0, e0, .., s3, e3, out)  four dots in lockstep, results stored at out
//
// w, cols, vals and out are byte addresses in the memory the caller provides. cols and vals come in two
// layouts: wide (int32 column, float64 value: 12 bytes a value) and compact (uint16 column, float32 value: 6
// bytes), for rows of float32 values and at most 65,536 features; a float32 value widens to float64
// exactly, so both give the same sums. The memory is shared (for worker threads) or not. The arithmetic is
// that of the TypeScript loops it replaces (one IEEE multiply and add per term, in feature order), so the
// results are identical. dot4 runs four independent sums in one loop over their common
// length (each then finishes its own tail), so the processor is not idle while one sum waits on an addition.
import { webAssembly, type WasmLinearMemory } from '../backend/wasm/webassembly-api.ts';

const I32 = 0x7f;
const F64 = 0x7c;

const op = {
  block: 0x02, loop: 0x03, brIf: 0x0d, end: 0x0b, call: 0x10, select: 0x1b,
  localGet: 0x20, localSet: 0x21, localTee: 0x22,
  i32Load: 0x28, f32Load: 0x2a, f64Load: 0x2b, i32Load16U: 0x2f, f64Store: 0x39, i32Const: 0x41,
  i32LtS: 0x48, i32GtS: 0x4a, i32LeS: 0x4c, i32GeS: 0x4e,
  i32Add: 0x6a, i32Sub: 0x6b, i32Shl: 0x74, f64Add: 0xa0, f64Mul: 0xa2, f64PromoteF32: 0xbb,
  void: 0x40,
} as const;

const DOT_FUNCTION = 0;

/** The storage of the column numbers and values: wide (int32, float64) or compact (uint16, float32). */
export type SparseLayout = 'wide' | 'compact';

/** Bytes of one column number and of one value in a layout. */
export const LAYOUT_BYTES: Record<SparseLayout, { column: number; value: number }> = {
  wide: { column: 4, value: 8 },
  compact: { column: 2, value: 4 },
};

/** The instructions of one layout: column k's number, and value k widened to float64. */
interface Access {
  column(cols: number, k: number): number[];
  value(vals: number, k: number): number[];
}

function access(layout: SparseLayout): Access {
  const element = (base: number, k: number, shift: number) => [op.localGet, base, op.localGet, k, op.i32Const, shift, op.i32Shl, op.i32Add];
  return layout === 'wide'
    ? {
        column: (cols, k) => [...element(cols, k, 2), op.i32Load, 2, 0],
        value: (vals, k) => [...element(vals, k, 3), op.f64Load, 3, 0],
      }
    : {
        column: (cols, k) => [...element(cols, k, 1), op.i32Load16U, 1, 0],
        value: (vals, k) => [...element(vals, k, 2), op.f32Load, 2, 0, op.f64PromoteF32],
      };
}

/** Pushes w[cols[k]] * vals[k] for the locals holding w, cols, vals and k. */
function term(a: Access, w: number, cols: number, vals: number, k: number): number[] {
  return [
    op.localGet, w, ...a.column(cols, k), op.i32Const, 3, op.i32Shl, op.i32Add, op.f64Load, 3, 0,
    ...a.value(vals, k),
    op.f64Mul,
  ];
}

/** local k += 1 */
function increment(k: number): number[] {
  return [op.localGet, k, op.i32Const, 1, op.i32Add, op.localSet, k];
}

/** Wraps a loop body over k in [k, end): skipped when empty, repeated while k < end. */
function loopTo(k: number, end: number, body: number[]): number[] {
  return [
    op.block, op.void, op.localGet, k, op.localGet, end, op.i32GeS, op.brIf, 0,
    op.loop, op.void, ...body, ...increment(k), op.localGet, k, op.localGet, end, op.i32LtS, op.brIf, 0, op.end,
    op.end,
  ];
}

// dot: params w 0, cols 1, vals 2, k 3, end 4, sum 5 (starts at init).
function dotBody(a: Access): number[] {
  return [
    0,
    ...loopTo(3, 4, [op.localGet, 5, ...term(a, 0, 1, 2, 3), op.f64Add, op.localSet, 5]),
    op.localGet, 5,
    op.end,
  ];
}

// axpy: params w 0, cols 1, vals 2, k 3, end 4, factor 5; local address 6.
function axpyBody(a: Access): number[] {
  return [
    1, 1, I32,
    ...loopTo(3, 4, [
      op.localGet, 0, ...a.column(1, 3), op.i32Const, 3, op.i32Shl, op.i32Add, op.localTee, 6,
      op.localGet, 6, op.f64Load, 3, 0,
      ...a.value(2, 3),
      op.localGet, 5, op.f64Mul, op.f64Add,
      op.f64Store, 3, 0,
    ]),
    op.end,
  ];
}

// dot4: params w0..w3 0-3, cols 4, vals 5, (start, end) pairs 6-13, out 14; locals: remaining 15, length 16
// (i32), sums 17-20 (f64). The starts advance through the common part; the tails go through dot.
const start = (a: number) => 6 + 2 * a;
const stop = (a: number) => 7 + 2 * a;
const sum = (a: number) => 17 + a;
const REMAINING = 15;
const LENGTH = 16;
const chains = [0, 1, 2, 3];
function dot4Body(x: Access): number[] {
  return [
    2, 2, I32, 4, F64,
    op.localGet, stop(0), op.localGet, start(0), op.i32Sub, op.localSet, REMAINING,
    ...[1, 2, 3].flatMap((a) => [
      op.localGet, stop(a), op.localGet, start(a), op.i32Sub, op.localTee, LENGTH,
      op.localGet, REMAINING, op.localGet, LENGTH, op.localGet, REMAINING, op.i32LtS, op.select, op.localSet, REMAINING,
    ]),
    op.block, op.void, op.localGet, REMAINING, op.i32Const, 0, op.i32LeS, op.brIf, 0,
    op.loop, op.void,
    ...chains.flatMap((a) => [op.localGet, sum(a), ...term(x, a, 4, 5, start(a)), op.f64Add, op.localSet, sum(a), ...increment(start(a))]),
    op.localGet, REMAINING, op.i32Const, 1, op.i32Sub, op.localTee, REMAINING, op.i32Const, 0, op.i32GtS, op.brIf, 0,
    op.end, op.end,
    ...chains.flatMap((a) => [
      op.localGet, 14,
      op.localGet, a, op.localGet, 4, op.localGet, 5, op.localGet, start(a), op.localGet, stop(a), op.localGet, sum(a),
      op.call, DOT_FUNCTION,
      op.f64Store, 3, 8 * a,
    ]),
    op.end,
  ];
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function name(text: string): number[] {
  return [text.length, ...Array.from(text, (c) => c.charCodeAt(0))];
}

/** The most pages a memory may have (4 GiB: WebAssembly's 32-bit addresses); a shared memory declares it. */
const MAX_PAGES = 65536;

function assemble(layout: SparseLayout, shared: boolean): Uint8Array {
  const a = access(layout);
  const i32s = (n: number) => new Array<number>(n).fill(I32);
  const types = [
    3,
    0x60, 6, ...i32s(5), F64, 1, F64, // dot
    0x60, 6, ...i32s(5), F64, 0, // axpy
    0x60, 15, ...i32s(15), 0, // dot4
  ];
  // The memory import's limits: minimum 0 pages; a shared memory must also declare a maximum (flag 3).
  const limits = shared ? [0x03, 0x00, ...uleb(MAX_PAGES)] : [0x00, 0x00];
  const imports = [1, ...name('env'), ...name('memory'), 0x02, ...limits];
  const functions = [3, 0, 1, 2];
  const exports = [3, ...name('dot'), 0x00, 0, ...name('axpy'), 0x00, 1, ...name('dot4'), 0x00, 2];
  const bodies = [dotBody(a), axpyBody(a), dot4Body(a)];
  const code = [3, ...bodies.flatMap((body) => [...uleb(body.length), ...body])];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, types),
    ...section(2, imports),
    ...section(3, functions),
    ...section(7, exports),
    ...section(10, code),
  ]);
}

/** The kernels bound to one memory. */
export interface SparseKernels {
  readonly memory: WasmLinearMemory;
  dot(w: number, cols: number, vals: number, start: number, end: number, init: number): number;
  axpy(w: number, cols: number, vals: number, start: number, end: number, factor: number): void;
  dot4(
    w0: number, w1: number, w2: number, w3: number, cols: number, vals: number,
    s0: number, e0: number, s1: number, e1: number, s2: number, e2: number, s3: number, e3: number, out: number,
  ): void;
}

const compiled = new Map<string, object>();

/** The kernels of `layout` bound to `memory` (a shared one when `shared`). */
export function kernelsOn(memory: WasmLinearMemory, layout: SparseLayout, shared: boolean): SparseKernels {
  const key = `${layout} ${shared}`;
  let module = compiled.get(key);
  if (module === undefined) {
    module = new webAssembly.Module(assemble(layout, shared));
    compiled.set(key, module);
  }
  const exports = new webAssembly.Instance(module, { env: { memory } }).exports as unknown as Omit<SparseKernels, 'memory'>;
  return { memory, dot: exports.dot, axpy: exports.axpy, dot4: exports.dot4 };
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
  if (bytes > MAX_MEMORY_BYTES) throw new RangeError(`sparse rows need ${bytes} bytes, more than a WebAssembly memory holds (4 GiB)`);
  return pages;
}
