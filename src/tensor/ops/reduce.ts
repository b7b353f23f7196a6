// Reductions: sum, mean, max (whole tensor or along axes) and argMax. Sums accumulate in float64.
import { ValueError, formatShape } from '../../errors.ts';
import { normalizeAxis } from '../broadcast.ts';
import { type DType, type TypedArray, allocate, floatDTypeOf, isFloat } from '../dtype.ts';
import { Tensor } from '../tensor.ts';
import { recordOp } from './record.ts';

/** One axis, several axes, or (undefined) all of them. */
export type Axis = number | readonly number[] | undefined;

type Kind = 'sum' | 'max';

/** Sum of elements, over all axes or the given ones (np.sum / keras.ops.sum). Integer sums give int32. */
export function sum(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  const axes = normalizeAxes(x, axis, 'sum');
  const result = castSum(reduceAxes('sum', x, axes, keepDims), x.dtype);
  recordOp('sum', [x], result, { axes, keepDims });
  return result;
}

/** Arithmetic mean, over all axes or the given ones (np.mean / keras.ops.mean); float32 unless float64. */
export function mean(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  const axes = normalizeAxes(x, axis, 'mean');
  const total = reduceAxes('sum', x, axes, keepDims);
  const count = axes.reduce((p, a) => p * x.shape[a], 1);
  const out = allocate(floatDTypeOf(x.dtype), total.size);
  for (let i = 0; i < out.length; i++) out[i] = total.data[i] / count;
  const result = new Tensor(out, total.shape);
  recordOp('mean', [x], result, { axes, keepDims });
  return result;
}

/** Largest element, over all axes or the given ones; NaN propagates (np.max / keras.ops.max). */
export function max(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  const axes = normalizeAxes(x, axis, 'max');
  for (const a of axes) {
    if (x.shape[a] === 0)
      throw new ValueError(`max: cannot reduce an empty axis ${a} of shape ${formatShape(x.shape)}`);
  }
  if (x.size === 0) throw new ValueError(`max: cannot reduce an empty tensor of shape ${formatShape(x.shape)}`);
  const result = reduceAxes('max', x, axes, keepDims);
  recordOp('max', [x], result, { axes, keepDims });
  return result;
}

/** Index of the largest element along `axis` (first one on ties), or in the flattened tensor (np.argmax). */
export function argMax(x: Tensor, axis?: number): Tensor {
  if (x.size === 0)
    throw new ValueError(`argMax: cannot take the argmax of an empty tensor of shape ${formatShape(x.shape)}`);
  if (axis === undefined) {
    const out = new Int32Array(1);
    out[0] = argMaxRun(x.data, 0, x.size, 1);
    return new Tensor(out, []);
  }
  const a = normalizeAxis(axis, x.rank, 'argMax');
  const { outer, len, inner } = split(x.shape, a);
  if (len === 0) throw new ValueError(`argMax: axis ${axis} of shape ${formatShape(x.shape)} is empty`);
  const out = new Int32Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) out[o * inner + i] = argMaxRun(x.data, o * len * inner + i, len, inner);
  }
  return new Tensor(
    out,
    x.shape.filter((_, k) => k !== a),
  );
}

/** Sorted, distinct, non-negative axes; all axes when `axis` is undefined. */
export function normalizeAxes(x: Tensor, axis: Axis, opName: string): number[] {
  if (axis === undefined) return x.shape.map((_, i) => i);
  const list = typeof axis === 'number' ? [axis] : [...axis];
  const axes = list.map((a) => normalizeAxis(a, x.rank, opName)).sort((p, q) => p - q);
  if (axes.some((a, i) => i > 0 && a === axes[i - 1]))
    throw new ValueError(`${opName}: repeated axis in [${list.join(', ')}]`);
  return axes;
}

/** The shape after reducing `axes` (kept as 1 with keepDims). */
export function reducedShape(shape: readonly number[], axes: readonly number[], keepDims: boolean): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keepDims) out.push(1);
  });
  return out;
}

/** Reduces the axes one at a time (highest first) into float64 sums or same-dtype maxima; records nothing. */
function reduceAxes(kind: Kind, x: Tensor, axes: readonly number[], keepDims: boolean): Tensor {
  let current: Tensor = x;
  if (axes.length === x.rank && kind === 'sum') current = new Tensor(Float64Array.of(sumAll(x.data)), []);
  else for (let k = axes.length - 1; k >= 0; k--) current = reduceOne(kind, current, axes[k]);
  const shape = reducedShape(x.shape, axes, keepDims);
  return new Tensor(current.data, shape);
}

function reduceOne(kind: Kind, x: Tensor, axis: number): Tensor {
  const { outer, len, inner } = split(x.shape, axis);
  const shape = x.shape.filter((_, k) => k !== axis);
  const out = kind === 'sum' ? new Float64Array(outer * inner) : allocate(x.dtype, outer * inner);
  const src = x.data;
  for (let o = 0; o < outer; o++) {
    const base = o * len * inner;
    const row = o * inner;
    if (kind === 'max') for (let i = 0; i < inner; i++) out[row + i] = src[base + i];
    for (let k = kind === 'max' ? 1 : 0; k < len; k++) {
      const at = base + k * inner;
      if (kind === 'sum') for (let i = 0; i < inner; i++) out[row + i] += src[at + i];
      else for (let i = 0; i < inner; i++) out[row + i] = maxOf(out[row + i], src[at + i]);
    }
  }
  return new Tensor(out, shape);
}

function maxOf(m: number, v: number): number {
  return v > m || v !== v ? v : m; // a NaN, once met, stays
}

function sumAll(data: TypedArray): number {
  let total = 0;
  const n = data.length;
  for (let i = 0; i < n; i++) total += data[i];
  return total;
}

function argMaxRun(data: TypedArray, start: number, len: number, stride: number): number {
  let best = 0;
  let value = data[start];
  if (value !== value) return 0;
  for (let k = 1; k < len; k++) {
    const v = data[start + k * stride];
    if (v !== v) return k; // numpy: the first NaN wins
    if (v > value) {
      value = v;
      best = k;
    }
  }
  return best;
}

/** Converts float64 sums to the result dtype of np.sum: floats keep theirs, integers give int32. */
function castSum(sums: Tensor, dtype: DType): Tensor {
  const target: DType = isFloat(dtype) ? dtype : 'int32';
  if (target === 'int32') {
    for (const v of sums.data) {
      if (v > 2147483647 || v < -2147483648) {
        throw new ValueError(`sum: the integer sum ${v} overflows int32; cast first with .astype('float64')`);
      }
    }
  }
  const out = allocate(target, sums.size);
  out.set(sums.data);
  return new Tensor(out, sums.shape);
}

function split(shape: readonly number[], axis: number): { outer: number; len: number; inner: number } {
  let outer = 1;
  let inner = 1;
  for (let k = 0; k < axis; k++) outer *= shape[k];
  for (let k = axis + 1; k < shape.length; k++) inner *= shape[k];
  return { outer, len: shape[axis], inner };
}
