import { ShapeError, formatShape } from '../errors.ts';
import { type DType, type TypedArray, dtypeOf } from './dtype.ts';

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
}

/** The number of elements of an array of this shape. */
export function shapeSize(shape: readonly number[]): number {
  let size = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new ShapeError(`invalid shape ${formatShape(shape)}: dimensions must be integers >= 0`);
    size *= d;
  }
  return size;
}
