import { ShapeError, formatShape } from '../errors.ts';
import { type DType, type TypedArray, dtypeOf } from './dtype.ts';
import { formatTensor } from './format.ts';
// The ops import Tensor too; the cycle is safe because neither side uses the other while its module loads.
import { astype, toArray, type NestedValues } from './ops/convert.ts';
import { add, div, equal, mul, sub } from './ops/elementwise.ts';
import { type Indices, slice, take } from './ops/indexing.ts';
import { type MatmulTransposeOptions, matmul } from './ops/matmul.ts';
import { type Axis, argMax, max, mean, sum } from './ops/reduce.ts';
import { reshape, transpose } from './ops/shape-ops.ts';

/**
 * An n-dimensional array of one dtype, stored row-major in a typed array (numpy's ndarray).
 * Memory is garbage-collected: there is nothing to dispose.
 */
export class Tensor {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly data: TypedArray;

  constructor(data: TypedArray, shape: readonly number[]) {
    const size = shapeSize(shape);
    if (size !== data.length) {
      throw new ShapeError(`a tensor of shape ${formatShape(shape)} needs ${size} elements, got ${data.length}`);
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
    this.dtype = dtypeOf(data);
  }

  /** Number of elements. */
  get size(): number {
    return this.data.length;
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  /** this + other, broadcasting (numpy's `+`). */
  add(other: Tensor | number): Tensor {
    return add(this, other);
  }

  /** this − other, broadcasting. */
  sub(other: Tensor | number): Tensor {
    return sub(this, other);
  }

  /** this · other elementwise, broadcasting. */
  mul(other: Tensor | number): Tensor {
    return mul(this, other);
  }

  /** this / other, broadcasting; always a float result (uint8 / 255 gives float32). */
  div(other: Tensor | number): Tensor {
    return div(this, other);
  }

  /** this == other elementwise as uint8 0/1, broadcasting. */
  equal(other: Tensor | number): Tensor {
    return equal(this, other);
  }

  /** Same elements, new shape (one −1 is inferred); shares storage, like numpy's reshape. */
  reshape(shape: readonly number[]): Tensor {
    return reshape(this, shape);
  }

  /** Axes permuted (reversed by default), copied. */
  transpose(perm?: readonly number[]): Tensor {
    return transpose(this, perm);
  }

  /** Rows start..end−1 of the first axis (x[start:end]); shares storage. */
  slice(start: number, end?: number): Tensor {
    return slice(this, start, end);
  }

  /** The rows at `indices` along the first axis (x[indices]), copied. */
  take(indices: Indices): Tensor {
    return take(this, indices);
  }

  /** Index of the largest element along `axis`, or of the flattened tensor (np.argmax); int32. */
  argMax(axis?: number): Tensor {
    return argMax(this, axis);
  }

  /** Sum over all axes or the given ones. */
  sum(axis?: Axis, keepDims = false): Tensor {
    return sum(this, axis, keepDims);
  }

  /** Mean over all axes or the given ones; float32 (float64 stays float64). */
  mean(axis?: Axis, keepDims = false): Tensor {
    return mean(this, axis, keepDims);
  }

  /** Maximum over all axes or the given ones. */
  max(axis?: Axis, keepDims = false): Tensor {
    return max(this, axis, keepDims);
  }

  /** Matrix product with `other` (both 2-D). */
  matmul(other: Tensor, options?: MatmulTransposeOptions): Tensor {
    return matmul(this, other, options);
  }

  /** A copy in another dtype ('float32', 'int32', 'uint8', 'float64'). */
  astype(dtype: DType | string): Tensor {
    return astype(this, dtype);
  }

  /** The elements as nested arrays (ndarray.tolist()); a number for a rank-0 tensor. */
  toArray(): NestedValues {
    return toArray(this);
  }

  /** The single element of a size-1 tensor as a number (ndarray.item()). */
  item(): number {
    if (this.size !== 1)
      throw new ShapeError(`item() needs a tensor with one element, got shape ${formatShape(this.shape)}`);
    return this.data[0];
  }

  /** The values, shape and dtype, summarised above 1000 elements (numpy's repr). */
  toString(): string {
    return formatTensor(this);
  }

  /** What console.log shows: the same as toString(). */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return formatTensor(this);
  }
}

/** The number of elements of an array of this shape. */
export function shapeSize(shape: readonly number[]): number {
  let size = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0)
      throw new ShapeError(`invalid shape ${formatShape(shape)}: dimensions must be integers >= 0`);
    size *= d;
  }
  return size;
}
