import { ShapeError, ValueError, formatShape } from '../errors.ts';
import { Tensor } from '../tensor/tensor.ts';
import type { TypedArray } from '../tensor/dtype.ts';
import { type CategoricalLabels, encodeLabels, isCategorical } from './class-labels.ts';

// The data an estimator takes, and the one row-major form its algorithms run on. scikit-learn converts X
// to a C-contiguous float64 array once; we read a float32 or float64 tensor's own storage instead (every
// float32 value is exactly a float64, so each read gives the value the copy would hold, without the copy's
// hundreds of megabytes), convert anything else to float64 once, and a fold of a cross-validation is a list
// of row numbers into that storage rather than a copy (the rows are read in the same order either way).

/** Row-major sample storage: read as float64 values whichever the element type. */
export type RowStorage = Float32Array | Float64Array;

/** Nested number arrays of shape (n, d) or (n, h, w) (flattened to (n, h*w)). */
export type NestedRows = readonly (readonly number[] | readonly (readonly number[])[])[];

/** Samples as an estimator accepts them: a Tensor (float32, int32 or uint8), nested arrays, or DenseRows. */
export type Features = Tensor | NestedRows | DenseRows;

/** Labels, one per sample: a rank-1 Tensor, a number array or a typed array. */
export type Labels = Tensor | readonly number[] | TypedArray | Float64Array | CategoricalLabels;

/**
 * Rows of a matrix (n, d) of float64 values, stored row-major, optionally restricted to a list of row numbers.
 * The storage may live in a SharedArrayBuffer so that worker threads read it without a copy.
 */
export class DenseRows {
  constructor(
    readonly data: RowStorage,
    readonly nFeatures: number,
    /** The rows this view holds, in order; null means every row of `data`. */
    readonly rows: Int32Array | null = null,
  ) {
    if (nFeatures <= 0 || data.length % nFeatures !== 0) {
      throw new ShapeError(`DenseRows needs storage of n * ${nFeatures} values, got ${data.length}`);
    }
  }

  /** Number of samples in this view. */
  get nSamples(): number {
    return this.rows === null ? this.data.length / this.nFeatures : this.rows.length;
  }

  /** The storage row of sample i of this view. */
  rowOf(i: number): number {
    return this.rows === null ? i : this.rows[i];
  }

  /** The sub-view holding samples `indices` of this view. */
  take(indices: Int32Array): DenseRows {
    const rows = new Int32Array(indices.length);
    for (let k = 0; k < indices.length; k++) rows[k] = this.rowOf(indices[k]);
    return new DenseRows(this.data, this.nFeatures, rows);
  }
}

/**
 * A dense copy of samples `indices` of a view (all of them when null), in storage of the same element type;
 * `shared` puts it in a SharedArrayBuffer, for worker threads to read in place.
 */
export function gatherRows(data: DenseRows, indices: Int32Array | null, shared = false): DenseRows {
  const d = data.nFeatures;
  const n = indices === null ? data.nSamples : indices.length;
  const out = allocateRows(n * d, data.data instanceof Float32Array, shared);
  for (let k = 0; k < n; k++) {
    const start = data.rowOf(indices === null ? k : indices[k]) * d;
    out.set(data.data.subarray(start, start + d), k * d);
  }
  return new DenseRows(out, d);
}

/** The number of samples (first-axis length) of any supported array. */
export function numSamples(x: Features | Labels | readonly unknown[]): number {
  if (x instanceof DenseRows) return x.nSamples;
  if (x instanceof Tensor) {
    if (x.rank === 0) throw new ShapeError('expected an array of samples, got a scalar tensor (shape ())');
    return x.shape[0];
  }
  return x.length;
}

/**
 * Samples as rows (n, d) read as float64, refusing NaN and infinity. A float32 or float64 tensor lends its
 * own storage; anything else is converted to float64 once.
 */
export function toDenseRows(x: Features): DenseRows {
  if (x instanceof DenseRows) return x;
  const [nSamples, nFeatures] = x instanceof Tensor ? tensorRows(x) : nestedRows(x);
  let data: RowStorage;
  if (x instanceof Tensor && isRowStorage(x.data)) data = x.data;
  else {
    data = allocateRows(nSamples * nFeatures, false, false);
    if (x instanceof Tensor) data.set(x.data);
    else fillFromNested(x, data, nFeatures);
  }
  refuseNonFinite(data, nFeatures);
  return new DenseRows(data, nFeatures);
}

function isRowStorage(data: unknown): data is RowStorage {
  return data instanceof Float32Array || data instanceof Float64Array;
}

/** Zeroed storage for `size` values, float32 or float64, in a SharedArrayBuffer or not. */
function allocateRows(size: number, float32: boolean, shared: boolean): RowStorage {
  const Storage = float32 ? Float32Array : Float64Array;
  const bytes = size * Storage.BYTES_PER_ELEMENT;
  return new Storage((shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes)) as ArrayBuffer);
}

function refuseNonFinite(data: RowStorage, nFeatures: number): void {
  for (let i = 0; i < data.length; i++) {
    if (data[i] !== data[i] || data[i] === Infinity || data[i] === -Infinity) {
      throw new ValueError(
        `X contains NaN or infinity (sample ${Math.floor(i / nFeatures)}, feature ${i % nFeatures}): clean or impute the input first`,
      );
    }
  }
}

function tensorRows(x: Tensor): [number, number] {
  if (x.rank < 2) {
    throw new ShapeError(
      `expected 2-D samples (n_samples, n_features), got shape ${formatShape(x.shape)}: reshape a single feature to (-1, 1)`,
    );
  }
  const nFeatures = x.shape.slice(1).reduce((a, b) => a * b, 1);
  return [x.shape[0], nFeatures];
}

function nestedRows(x: NestedRows): [number, number] {
  if (x.length === 0) throw new ValueError('expected at least one sample, got an empty array');
  const first = x[0];
  if (!Array.isArray(first)) {
    throw new ShapeError('expected 2-D samples (n_samples, n_features), got a 1-D array: wrap each sample in an array');
  }
  const nFeatures = (first as readonly unknown[]).flat().length;
  if (nFeatures === 0) throw new ValueError('expected at least one feature per sample, got empty rows');
  return [x.length, nFeatures];
}

function fillFromNested(x: NestedRows, data: RowStorage, nFeatures: number): void {
  for (let i = 0; i < x.length; i++) {
    const row = (x[i] as readonly unknown[]).flat() as unknown[];
    if (row.length !== nFeatures) {
      throw new ShapeError(
        `sample ${i} has ${row.length} features, sample 0 has ${nFeatures}: rows must all have the same length`,
      );
    }
    for (let j = 0; j < nFeatures; j++) {
      const value = row[j];
      if (typeof value !== 'number')
        throw new ValueError(`sample ${i}, feature ${j} is ${typeof value}, expected a number`);
      data[i * nFeatures + j] = value;
    }
  }
}

/** Labels as float64 values, one per sample (numbers only; NaN refused). */
export function toLabelValues(y: Labels): Float64Array {
  // Strings and booleans become their index among the sorted classes, as scikit-learn's np.unique encodes them.
  if (isCategorical(y)) return encodeLabels(y);
  let values: Float64Array;
  if (y instanceof Tensor) {
    if (y.rank !== 1 && !(y.rank === 2 && y.shape[1] === 1)) {
      throw new ShapeError(`expected labels of shape (n_samples,), got ${formatShape(y.shape)}`);
    }
    values = Float64Array.from(y.data);
  } else {
    values = Float64Array.from(y as ArrayLike<number>);
  }
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]))
      throw new ValueError(`label ${i} is ${String(values[i])}: labels must be finite numbers`);
  }
  return values;
}

/** Raises the error scikit-learn's check_consistent_length raises when sample counts differ. */
export function checkConsistentLength(...arrays: (Features | Labels | readonly unknown[])[]): number {
  const counts = arrays.map(numSamples);
  if (counts.some((c) => c !== counts[0])) {
    throw new ValueError(
      `found input variables with inconsistent numbers of samples: [${counts.join(', ')}]; X and y need one row per sample`,
    );
  }
  return counts[0];
}

/** Rows `indices` of an array, as the same kind of array (a Tensor's rows gathered into a new Tensor). */
export function takeRows<T extends Tensor | TypedArray | Float64Array | readonly unknown[]>(
  x: T,
  indices: Int32Array,
): T {
  if (x instanceof Tensor) {
    const rowSize = x.shape.slice(1).reduce((a, b) => a * b, 1);
    const Ctor = x.data.constructor as new (n: number) => TypedArray;
    const out = new Ctor(indices.length * rowSize);
    for (let k = 0; k < indices.length; k++) {
      const start = indices[k] * rowSize;
      out.set(x.data.subarray(start, start + rowSize), k * rowSize);
    }
    return new Tensor(out, [indices.length, ...x.shape.slice(1)]) as T;
  }
  if (ArrayBuffer.isView(x)) {
    const typed = x as unknown as Float64Array;
    const Ctor = typed.constructor as new (n: number) => Float64Array;
    const out = new Ctor(indices.length);
    for (let k = 0; k < indices.length; k++) out[k] = typed[indices[k]];
    return out as unknown as T;
  }
  const list = x as readonly unknown[];
  return Array.from(indices, (i) => list[i]) as unknown as T;
}
