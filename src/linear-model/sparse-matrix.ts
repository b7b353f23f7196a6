import type { RowStorage } from '../model-selection/samples.ts';
import type { WasmLinearMemory } from '../backend/wasm/webassembly-api.ts';
import {
  LAYOUT_BYTES,
  MAX_MEMORY_BYTES,
  type SparseKernels,
  type SparseLayout,
  kernelsOn,
  sharedMemory,
  sparseKernels,
  unsharedMemory,
} from './sparse-kernels.ts';

// Rows of a matrix in compressed sparse row (CSR) form, in a WebAssembly memory that the sparse SGD kernels
// read: each row's non-zero values with their column numbers, in feature order. In front of the rows the
// memory keeps one scratch slot per thread that fits on them: dot4's four results and the weights of every
// problem of a fit. A cross-validation builds the matrix of all rows once, in a shared memory, and every
// fold (on this thread or on a worker thread, each with its own slot) reads it in place.
//
//   [ slot 0 | slot 1 | ... | row starts (int32, rows + 1) | columns | values ]
//   slot: [ dot4 results (4 float64) + padding | weights (maxProblems × nFeatures float64) ]

/** Bytes at the start of a slot where dot4 leaves its four sums. */
const RESULTS_BYTES = 64;

/** Where everything lies in the memory; plain data, sent to worker threads with the memory. */
export interface SparseMatrixLayout {
  readonly layout: SparseLayout;
  readonly nRows: number;
  readonly nFeatures: number;
  readonly nonZero: number;
  readonly slots: number;
  readonly maxProblems: number;
  readonly slotBytes: number;
  readonly startsAt: number;
  readonly columnsAt: number;
  readonly valuesAt: number;
  readonly bytes: number;
}

/** What a worker thread needs to read a matrix built by another thread. */
export interface SparseMatrixHandle {
  readonly memory: WasmLinearMemory;
  readonly shape: SparseMatrixLayout;
}

export interface SparseMatrixOptions {
  /** Storage rows to copy, in order (matrix row i = storage row rows[i]); null: every storage row. */
  rows: Int32Array | null;
  /** Problems a fit may run at once (weights room per slot). */
  maxProblems: number;
  /** Threads that fit on the matrix at the same time. */
  slots: number;
  /** Put the matrix in a shared memory, for worker threads. */
  shared: boolean;
}

export class SparseMatrix {
  /** Row starts: the values of matrix row i are [starts[i], starts[i + 1]). */
  readonly starts: Int32Array;

  private constructor(
    readonly kernels: SparseKernels,
    readonly shape: SparseMatrixLayout,
  ) {
    this.starts = new Int32Array(kernels.memory.buffer, shape.startsAt, shape.nRows + 1);
  }

  /** Whether a matrix of `nRows` rows of x holding `nonZero` values fits in a WebAssembly memory. */
  static fits(
    x: RowStorage,
    d: number,
    nRows: number,
    nonZero: number,
    room: Pick<SparseMatrixOptions, 'maxProblems' | 'slots'>,
  ): boolean {
    return planLayout(layoutFor(x, d), nRows, d, nonZero, room).bytes <= MAX_MEMORY_BYTES;
  }

  /** Copies the non-zero values of `options.rows` of x (row-major, d columns) into a new matrix. */
  static build(x: RowStorage, d: number, nonZero: number, options: SparseMatrixOptions): SparseMatrix {
    const nRows = options.rows === null ? x.length / d : options.rows.length;
    const layout = layoutFor(x, d);
    const shape = planLayout(layout, nRows, d, nonZero, options);
    // A fit's own matrix lives as long as the fit and reuses the last scratch memory (sparseKernels); a matrix
    // of all rows outlives the fits that read it (a cross-validation), so it gets a memory of its own, which
    // those fits' own matrices cannot overwrite.
    const kernels = options.shared
      ? kernelsOn(sharedMemory(shape.bytes), layout, true)
      : options.rows === null
        ? kernelsOn(unsharedMemory(shape.bytes), layout, false)
        : sparseKernels(shape.bytes, layout);
    const matrix = new SparseMatrix(kernels, shape);
    matrix.fill(x, options.rows);
    return matrix;
  }

  /** The matrix another thread built (from its handle). */
  static adopt(handle: SparseMatrixHandle): SparseMatrix {
    return new SparseMatrix(kernelsOn(handle.memory, handle.shape.layout, true), handle.shape);
  }

  /** What adopt needs, for a matrix in a shared memory. */
  handle(): SparseMatrixHandle {
    return { memory: this.kernels.memory, shape: this.shape };
  }

  /** Byte address of a slot's dot4 results; its weights follow (weightsAt) up to slotAt(slot) + slotBytes. */
  slotAt(slot: number): number {
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.shape.slots) {
      throw new RangeError(`slot ${slot} is not one of this sparse matrix's ${this.shape.slots} slots`);
    }
    return slot * this.shape.slotBytes;
  }

  /** Byte address of the first weight vector of a slot. */
  weightsAt(slot: number): number {
    return this.slotAt(slot) + RESULTS_BYTES;
  }

  private fill(x: RowStorage, rows: Int32Array | null): void {
    const { nRows, nFeatures: d, nonZero, layout, columnsAt, valuesAt } = this.shape;
    const buffer = this.kernels.memory.buffer;
    const columns =
      layout === 'compact' ? new Uint16Array(buffer, columnsAt, nonZero) : new Int32Array(buffer, columnsAt, nonZero);
    const values =
      layout === 'compact' ? new Float32Array(buffer, valuesAt, nonZero) : new Float64Array(buffer, valuesAt, nonZero);
    let at = 0;
    this.starts[0] = 0;
    for (let i = 0; i < nRows; i++) {
      const base = (rows === null ? i : rows[i]) * d;
      for (let j = 0; j < d; j++) {
        const value = x[base + j];
        if (value !== 0) {
          columns[at] = j;
          values[at++] = value;
        }
      }
      this.starts[i + 1] = at;
    }
  }
}

/** Compact where it holds the values exactly (float32) and the column numbers (below 65,536); else wide. */
function layoutFor(x: RowStorage, d: number): SparseLayout {
  return x instanceof Float32Array && d <= 65536 ? 'compact' : 'wide';
}

function planLayout(
  layout: SparseLayout,
  nRows: number,
  d: number,
  nonZero: number,
  o: Pick<SparseMatrixOptions, 'maxProblems' | 'slots'>,
): SparseMatrixLayout {
  const bytes = LAYOUT_BYTES[layout];
  const slotBytes = RESULTS_BYTES + o.maxProblems * d * 8;
  const startsAt = o.slots * slotBytes;
  const columnsAt = startsAt + (nRows + 1) * 4;
  const valuesAt = alignTo(columnsAt + nonZero * bytes.column, 8);
  return {
    layout,
    nRows,
    nFeatures: d,
    nonZero,
    slots: o.slots,
    maxProblems: o.maxProblems,
    slotBytes,
    startsAt,
    columnsAt,
    valuesAt,
    bytes: valuesAt + nonZero * bytes.value,
  };
}

function alignTo(n: number, alignment: number): number {
  return Math.ceil(n / alignment) * alignment;
}
