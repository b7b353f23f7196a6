import type { RowStorage } from '../model-selection/samples.ts';
import type { SparseKernels } from './sparse-kernels.ts';
import { SparseMatrix } from './sparse-matrix.ts';

// The two inner loops of SGD, a dot product w·x and an update w += c·x, over the training rows, in a dense
// and in a sparse (CSR) form. The sparse form skips zero features: adding w·0 or 0·c changes no sum and no
// weight (at most the sign of a zero), so both forms give the same bits, and images with half their pixels
// at zero take about half the time; the sparse loops run as WebAssembly (sparse-kernels.ts). Dot products
// of several problems run in lockstep, four (sparse) or four or five (dense) at once: each sum still adds
// its own terms one by one in feature order, but independent sums keep the processor busy where a single
// sum waits on each addition.

/** One problem's weights and where its current sample lies in the row storage, [start, end). */
export interface Cursor {
  readonly w: Float64Array;
  start: number;
  end: number;
}

/** The training rows as SGD reads them. */
export interface SampleRows {
  /** A zeroed weight vector of d values, stored where the kernels read it. */
  allocateWeights(d: number): Float64Array;
  /** Points the cursor at training sample `sample` (a position in the list of training rows). */
  locate(cursor: Cursor, sample: number): void;
  /** out[a] = w_a · x_a for every cursor, each summed in feature order. */
  dots(cursors: readonly Cursor[], out: Float64Array): void;
  /** w += factor · x for the cursor's sample. */
  axpy(cursor: Cursor, factor: number): void;
}

/** A lockstep kernel: out[at + i] = w_i · x_i for the cursors group[0..width). */
type GroupKernel = (group: readonly Cursor[], out: Float64Array, at: number) => void;

/**
 * Runs the lockstep kernels over all cursors: five at a time when the count is a multiple of five (ten
 * classes), else four at a time; a remainder of two or three is padded to four by repeating its last cursor.
 */
class LockstepDots {
  private readonly group: Cursor[] = [];
  private readonly scratch = new Float64Array(5);

  constructor(
    private readonly dot4: GroupKernel,
    private readonly dot5: GroupKernel,
    private readonly single: (cursor: Cursor) => number,
  ) {}

  run(cursors: readonly Cursor[], out: Float64Array): void {
    const width = cursors.length % 5 === 0 ? 5 : 4;
    const kernel = width === 5 ? this.dot5 : this.dot4;
    const group = this.group;
    let a = 0;
    for (; a + width <= cursors.length; a += width) {
      for (let i = 0; i < width; i++) group[i] = cursors[a + i];
      kernel(group, out, a);
    }
    const left = cursors.length - a;
    if (left === 1) out[a] = this.single(cursors[a]);
    else if (left > 1) {
      for (let i = 0; i < 4; i++) group[i] = cursors[a + Math.min(i, left - 1)];
      this.dot4(group, this.scratch, 0);
      for (let i = 0; i < left; i++) out[a + i] = this.scratch[i];
    }
  }
}

/** Below this share of non-zero values the sparse form is used. */
const SPARSE_BELOW = 0.7;

// Matrices of all the rows of a storage, shared by the folds of a cross-validation (see shareSparseRows).
const foldMatrices = new WeakMap<RowStorage, { matrix: SparseMatrix; slot: number }>();

/** The faster form for these rows of x (n_rows, d), with room for the weights of `nProblems` problems. */
export function sampleRows(x: RowStorage, d: number, rows: Int32Array, nProblems: number): SampleRows {
  const shared = foldMatrices.get(x);
  if (shared !== undefined && shared.matrix.shape.maxProblems >= nProblems) {
    checkRowsBelow(rows, shared.matrix.shape.nRows, 'the shared sparse matrix', d);
    return new SparseSampleRows(shared.matrix, rows, shared.slot);
  }
  checkRowsBelow(rows, x.length / d, 'the sample storage', d);
  const nonZero = countNonZero(x, d, rows);
  if (!sparsePays(x, d, rows.length, nonZero, { maxProblems: nProblems, slots: 1 }))
    return new DenseSampleRows(x, d, rows);
  const matrix = SparseMatrix.build(x, d, nonZero, { rows, maxProblems: nProblems, slots: 1, shared: false });
  return new SparseSampleRows(matrix, null, 0);
}

/**
 * The sparse matrix of every row of x, for fits of up to `maxProblems` problems on `slots` threads at once,
 * or null where the dense form is the faster (or the only possible) one.
 */
export function sparseMatrixOfAllRows(
  x: RowStorage,
  d: number,
  maxProblems: number,
  slots: number,
  shared: boolean,
): SparseMatrix | null {
  const nonZero = countNonZero(x, d, null);
  if (!sparsePays(x, d, x.length / d, nonZero, { maxProblems, slots })) return null;
  return SparseMatrix.build(x, d, nonZero, { rows: null, maxProblems, slots, shared });
}

/**
 * While registered (until the returned function is called), every fit over rows of x on this thread reads
 * `matrix` (all rows of x) through its slot `slot` instead of copying its rows into a matrix of its own.
 */
export function shareSparseRows(x: RowStorage, matrix: SparseMatrix, slot: number): () => void {
  matrix.slotAt(slot); // checks the slot
  foldMatrices.set(x, { matrix, slot });
  return () => foldMatrices.delete(x);
}

/**
 * Rows past the end of the storage, or of the shared matrix (a worker's storage is empty: the matrix holds the
 * rows), would read as undefined and silently count as empty rows: refuse them.
 */
function checkRowsBelow(rows: Int32Array, nRows: number, where: string, d: number): void {
  let last = -1;
  for (const row of rows) if (row > last) last = row;
  if (last >= nRows)
    throw new RangeError(`training row ${last} lies past the end of ${where} (${nRows} rows of ${d} values)`);
}

function countNonZero(x: RowStorage, d: number, rows: Int32Array | null): number {
  let nonZero = 0;
  const nRows = rows === null ? x.length / d : rows.length;
  for (let i = 0; i < nRows; i++) {
    const base = (rows === null ? i : rows[i]) * d;
    for (let j = base; j < base + d; j++) if (x[j] !== 0) nonZero++;
  }
  return nonZero;
}

/** Sparse pays below SPARSE_BELOW non-zero values, where the matrix fits in a WebAssembly memory. */
function sparsePays(
  x: RowStorage,
  d: number,
  nRows: number,
  nonZero: number,
  room: { maxProblems: number; slots: number },
): boolean {
  return nonZero < SPARSE_BELOW * nRows * d && SparseMatrix.fits(x, d, nRows, nonZero, room);
}

class DenseSampleRows implements SampleRows {
  private readonly lockstep: LockstepDots;

  constructor(
    private readonly x: RowStorage,
    private readonly d: number,
    private readonly rows: Int32Array,
  ) {
    this.lockstep = new LockstepDots(
      (group, out, at) => denseDot4(group, x, d, out, at),
      (group, out, at) => denseDot5(group, x, d, out, at),
      (c) => denseDot(c.w, x, c.start, d),
    );
  }

  allocateWeights(d: number): Float64Array {
    return new Float64Array(d);
  }

  locate(cursor: Cursor, sample: number): void {
    cursor.start = this.rows[sample] * this.d;
    cursor.end = cursor.start + this.d;
  }

  dots(cursors: readonly Cursor[], out: Float64Array): void {
    this.lockstep.run(cursors, out);
  }

  axpy(cursor: Cursor, factor: number): void {
    const { x, d } = this;
    const w = cursor.w;
    const base = cursor.start;
    for (let j = 0; j < d; j++) w[j] += x[base + j] * factor;
  }
}

function denseDot(w: Float64Array, x: RowStorage, base: number, d: number): number {
  let sum = 0;
  for (let j = 0; j < d; j++) sum += w[j] * x[base + j];
  return sum;
}

function denseDot4(g: readonly Cursor[], x: RowStorage, d: number, out: Float64Array, at: number): void {
  const w0 = g[0].w,
    w1 = g[1].w,
    w2 = g[2].w,
    w3 = g[3].w;
  const b0 = g[0].start,
    b1 = g[1].start,
    b2 = g[2].start,
    b3 = g[3].start;
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0;
  for (let j = 0; j < d; j++) {
    s0 += w0[j] * x[b0 + j];
    s1 += w1[j] * x[b1 + j];
    s2 += w2[j] * x[b2 + j];
    s3 += w3[j] * x[b3 + j];
  }
  out[at] = s0;
  out[at + 1] = s1;
  out[at + 2] = s2;
  out[at + 3] = s3;
}

function denseDot5(g: readonly Cursor[], x: RowStorage, d: number, out: Float64Array, at: number): void {
  const w0 = g[0].w,
    w1 = g[1].w,
    w2 = g[2].w,
    w3 = g[3].w,
    w4 = g[4].w;
  const b0 = g[0].start,
    b1 = g[1].start,
    b2 = g[2].start,
    b3 = g[3].start,
    b4 = g[4].start;
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0,
    s4 = 0;
  for (let j = 0; j < d; j++) {
    s0 += w0[j] * x[b0 + j];
    s1 += w1[j] * x[b1 + j];
    s2 += w2[j] * x[b2 + j];
    s3 += w3[j] * x[b3 + j];
    s4 += w4[j] * x[b4 + j];
  }
  out[at] = s0;
  out[at + 1] = s1;
  out[at + 2] = s2;
  out[at + 3] = s3;
  out[at + 4] = s4;
}

class SparseSampleRows implements SampleRows {
  private readonly kernels: SparseKernels;
  private readonly columnsAt: number;
  private readonly valuesAt: number;
  private readonly resultsAt: number;
  private readonly weightsEnd: number;
  private nextWeightsAt: number;
  private readonly results: Float64Array;

  /**
   * Samples read from `matrix` through this thread's `slot`: sample i is matrix row rowOf[i] (or row i
   * when rowOf is null).
   */
  constructor(
    private readonly matrix: SparseMatrix,
    private readonly rowOf: Int32Array | null,
    slot: number,
  ) {
    this.kernels = matrix.kernels;
    this.columnsAt = matrix.shape.columnsAt;
    this.valuesAt = matrix.shape.valuesAt;
    this.resultsAt = matrix.slotAt(slot);
    this.nextWeightsAt = matrix.weightsAt(slot);
    this.weightsEnd = this.resultsAt + matrix.shape.slotBytes;
    this.results = new Float64Array(this.kernels.memory.buffer, this.resultsAt, 4);
  }

  allocateWeights(d: number): Float64Array {
    if (this.nextWeightsAt + d * 8 > this.weightsEnd) {
      throw new RangeError(`this sparse matrix has room for the weights of ${this.matrix.shape.maxProblems} problems`);
    }
    const w = new Float64Array(this.kernels.memory.buffer, this.nextWeightsAt, d).fill(0);
    this.nextWeightsAt += d * 8;
    return w;
  }

  locate(cursor: Cursor, sample: number): void {
    const row = this.rowOf === null ? sample : this.rowOf[sample];
    cursor.start = this.matrix.starts[row];
    cursor.end = this.matrix.starts[row + 1];
  }

  dots(cursors: readonly Cursor[], out: Float64Array): void {
    const { kernels, columnsAt: cols, valuesAt: vals, results, resultsAt } = this;
    let a = 0;
    for (; a + 4 <= cursors.length; a += 4) {
      const c0 = cursors[a],
        c1 = cursors[a + 1],
        c2 = cursors[a + 2],
        c3 = cursors[a + 3];
      kernels.dot4(
        c0.w.byteOffset,
        c1.w.byteOffset,
        c2.w.byteOffset,
        c3.w.byteOffset,
        cols,
        vals,
        c0.start,
        c0.end,
        c1.start,
        c1.end,
        c2.start,
        c2.end,
        c3.start,
        c3.end,
        resultsAt,
      );
      out[a] = results[0];
      out[a + 1] = results[1];
      out[a + 2] = results[2];
      out[a + 3] = results[3];
    }
    for (; a < cursors.length; a++) {
      const c = cursors[a];
      out[a] = kernels.dot(c.w.byteOffset, cols, vals, c.start, c.end, 0);
    }
  }

  axpy(cursor: Cursor, factor: number): void {
    this.kernels.axpy(cursor.w.byteOffset, this.columnsAt, this.valuesAt, cursor.start, cursor.end, factor);
  }
}
