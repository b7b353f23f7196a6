// Conversions: to another dtype, and to plain nested arrays.
import { type DType, allocate, checkDType } from '../dtype.ts';
import { Tensor } from '../tensor.ts';
import { recordOp } from './record.ts';

/** A nested array of numbers as toArray() returns it (a number for a rank-0 tensor). */
export type NestedValues = number | NestedValues[];

/**
 * A copy in another dtype (ndarray.astype / keras.ops.cast). Floats to integers truncate toward zero and wrap
 * like C casts; NaN becomes 0.
 */
export function astype(x: Tensor, dtype: DType | string): Tensor {
  const target = checkDType(dtype);
  const out = allocate(target, x.size);
  // Typed-array stores truncate, then wrap modulo 2^bits (NaN → 0): the C cast numpy performs.
  out.set(x.data);
  const result = new Tensor(out, x.shape);
  recordOp('astype', [x], result);
  return result;
}

/** The elements as nested arrays, like ndarray.tolist(). */
export function toArray(x: Tensor): NestedValues {
  if (x.rank === 0) return x.data[0];
  return nest(x, 0, 0);
}

function nest(x: Tensor, axis: number, offset: number): NestedValues[] {
  const len = x.shape[axis];
  if (axis === x.rank - 1) return Array.from(x.data.subarray(offset, offset + len));
  let step = 1;
  for (let k = axis + 1; k < x.rank; k++) step *= x.shape[k];
  const rows: NestedValues[] = new Array(len);
  for (let i = 0; i < len; i++) rows[i] = nest(x, axis + 1, offset + i * step);
  return rows;
}
