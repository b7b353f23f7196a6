import { getBackend } from '../backend/registry.ts';
import { ShapeError, ValueError, formatShape } from '../errors.ts';
import { Tensor } from '../tensor/tensor.ts';

/** Numbers nested in arrays, e.g. number[][] for a (rows, features) matrix. */
export type NestedNumbers = number | readonly NestedNumbers[];

/** What fit/evaluate/predict accept as x or y: a Tensor or nested number arrays. */
export type ArrayInput = Tensor | readonly NestedNumbers[];

/** Input rows as one float32 matrix (converted once per call, not per batch). */
export interface Features {
  data: Float32Array;
  rows: number;
  /** The shape of one sample. */
  sampleShape: number[];
  sampleSize: number;
}

/** Targets: integer labels for sparse losses, else float rows. */
export interface Targets {
  labels: Int32Array | null;
  values: Float32Array | null;
  rows: number;
  /** The shape of y as given (for the 'accuracy' resolution and error messages). */
  shape: number[];
}

/**
 * Converts x to float32 rows; rejects empty data and, unless `checkFinite` is false (the caller then checks
 * each block of rows it copies, see checkFiniteRows), NaN/Inf with a clear message.
 */
export function toFeatures(x: ArrayInput, what = 'x', checkFinite = true): Features {
  const { data, shape } = toFloat32(x, what);
  if (shape.length === 0 || shape[0] === 0)
    throw new ValueError(`${what} is empty (shape ${formatShape(shape)}): expected at least one sample`);
  // A 1-D x is one feature per sample, as Keras's data adapter expands it to (n, 1).
  const sampleShape = shape.length === 1 ? [1] : shape.slice(1);
  const sampleSize = sampleShape.reduce((a, b) => a * b, 1);
  if (checkFinite) checkFiniteRows(data, 0, sampleSize, what);
  return { data, rows: shape[0], sampleShape, sampleSize };
}

/** Throws, naming the sample, when `rows` (samples from `firstSample` on, `sampleSize` values each) hold NaN or ±Infinity. */
export function checkFiniteRows(rows: Float32Array, firstSample: number, sampleSize: number, what = 'x'): void {
  const bad = firstNonFinite(rows);
  if (bad >= 0) {
    throw new ValueError(
      `${what} contains ${String(rows[bad])} at sample ${firstSample + Math.floor(bad / sampleSize)}: inputs must be finite numbers (check for missing values or a division by zero)`,
    );
  }
}

/**
 * Converts y for a loss: labels in [0, units) for sparse losses (and `ignoreClass`, a label the loss skips),
 * (rows, units) values otherwise.
 */
export function toTargets(
  y: ArrayInput,
  sparse: boolean,
  units: number,
  lossName: string,
  ignoreClass: number | null = null,
): Targets {
  const { data, shape } = toFloat32(y, 'y');
  if (shape.length === 0 || shape[0] === 0)
    throw new ValueError(`y is empty (shape ${formatShape(shape)}): expected one target per sample`);
  const rows = shape[0];
  const perSample = data.length / rows;
  if (sparse) {
    if (perSample !== 1) {
      throw new ShapeError(
        `${lossName} expects integer labels of shape (n,) or (n, 1), got y of shape ${formatShape(shape)}: for one-hot targets use categorical_crossentropy`,
      );
    }
    return { labels: toLabels(data, units, lossName, ignoreClass), values: null, rows, shape };
  }
  if (perSample !== units) {
    const hint = perSample === 1 && units > 1 ? ': for integer labels use sparse_categorical_crossentropy' : '';
    throw new ShapeError(
      `${lossName} expects targets of shape (n, ${units}) to match the model output, got y of shape ${formatShape(shape)}${hint}`,
    );
  }
  const bad = firstNonFinite(data);
  if (bad >= 0)
    throw new ValueError(
      `y contains ${String(data[bad])} at sample ${Math.floor(bad / units)}: targets must be finite numbers`,
    );
  return { labels: null, values: data, rows, shape };
}

function toLabels(data: Float32Array, units: number, lossName: string, ignoreClass: number | null): Int32Array {
  const labels = new Int32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v !== ignoreClass && (!Number.isInteger(v) || v < 0 || v >= units)) {
      throw new ValueError(
        `label ${String(v)} at sample ${i} is outside [0, ${units}): ${lossName} needs integer class labels 0..${units - 1} for a model with ${units} outputs`,
      );
    }
    labels[i] = v;
  }
  return labels;
}

/** A float32 view of x with its shape; float32 Tensors are used without copying. */
function toFloat32(x: ArrayInput, what: string): { data: Float32Array; shape: number[] } {
  if (x instanceof Tensor) {
    const data = x.data instanceof Float32Array ? x.data : Float32Array.from(x.data);
    return { data, shape: [...x.shape] };
  }
  if (!Array.isArray(x)) throw new ValueError(`${what} must be a Tensor or a nested array of numbers, got ${typeof x}`);
  const shape = nestedShape(x, what);
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  let k = 0;
  const fill = (v: NestedNumbers): void => {
    if (typeof v === 'number') data[k++] = v;
    else for (const item of v) fill(item);
  };
  fill(x);
  return { data, shape };
}

function nestedShape(x: NestedNumbers, what: string): number[] {
  const shape: number[] = [];
  let level: NestedNumbers = x;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  checkRectangular(x, shape, 0, what);
  return shape;
}

function checkRectangular(x: NestedNumbers, shape: number[], depth: number, what: string): void {
  if (depth === shape.length) {
    if (typeof x !== 'number') throw new ValueError(`${what} must hold numbers only, found ${typeof x}`);
    return;
  }
  if (!Array.isArray(x) || x.length !== shape[depth]) {
    throw new ShapeError(
      `${what} is ragged: expected ${shape[depth]} entries at depth ${depth}, found ${Array.isArray(x) ? x.length : typeof x}`,
    );
  }
  for (const item of x) checkRectangular(item, shape, depth + 1, what);
}

/** Where the first NaN or ±Infinity is: a scan of every input value, so the backend's fastest kernel does it. */
function firstNonFinite(data: Float32Array): number {
  return getBackend().firstNonFinite(data);
}

/** Copies sample rows order[start..start+count) from src into dst (the batch gather). */
export function gatherRows(
  src: Float32Array,
  size: number,
  order: Int32Array,
  start: number,
  count: number,
  dst: Float32Array,
): void {
  if (size < 16) {
    for (let i = 0; i < count; i++) {
      const from = order[start + i] * size;
      for (let j = 0; j < size; j++) dst[i * size + j] = src[from + j];
    }
    return;
  }
  // A short-lived view per row and a memcpy beat an element loop about 3× for image rows.
  for (let i = 0; i < count; i++) {
    const from = order[start + i] * size;
    dst.set(src.subarray(from, from + size), i * size);
  }
}

/** Copies labels order[start..start+count) into dst. */
export function gatherLabels(src: Int32Array, order: Int32Array, start: number, count: number, dst: Int32Array): void {
  for (let i = 0; i < count; i++) dst[i] = src[order[start + i]];
}
