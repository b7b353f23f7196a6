// Shape changes: reshape (a view on the same storage, as numpy's) and transpose (a copy).
import { ShapeError, ValueError, formatShape } from '../../errors.ts';
import { normalizeAxis, stridesOf } from '../broadcast.ts';
import { allocate } from '../dtype.ts';
import { Tensor } from '../tensor.ts';
import { recordOp } from './record.ts';

/**
 * The same elements in a new shape; one dimension may be −1 and is inferred (np.reshape / keras.ops.reshape).
 * The result shares storage with `x`, like numpy's view.
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const target = resolveShape(x.shape, x.size, shape);
  const result = new Tensor(x.data, target);
  recordOp('reshape', [x], result, { inputShape: x.shape });
  return result;
}

/** Permutes the axes (np.transpose / keras.ops.transpose); reverses them when `perm` is omitted. Copies. */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  const order = perm ?? x.shape.map((_, i) => x.rank - 1 - i);
  checkPermutation(order, x.rank);
  const shape = order.map((a) => x.shape[a]);
  const out = allocate(x.dtype, x.size);
  const inStrides = stridesOf(x.shape);
  const readStrides = order.map((a) => inStrides[a]);
  const index = new Array<number>(x.rank).fill(0);
  let from = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = x.data[from];
    for (let axis = x.rank - 1; axis >= 0; axis--) {
      index[axis]++;
      from += readStrides[axis];
      if (index[axis] < shape[axis]) break;
      from -= readStrides[axis] * shape[axis];
      index[axis] = 0;
    }
  }
  const result = new Tensor(out, shape);
  recordOp('transpose', [x], result, { perm: order });
  return result;
}

/** The tensor with a new axis of size 1 at `axis` (np.expand_dims / keras.ops.expand_dims); a view. */
export function expandDims(x: Tensor, axis: number): Tensor {
  const a = normalizeAxis(axis, x.rank + 1, 'expandDims');
  return reshape(x, [...x.shape.slice(0, a), 1, ...x.shape.slice(a)]);
}

/** The tensor without its axes of size 1, or without the given ones (np.squeeze / keras.ops.squeeze); a view. */
export function squeeze(x: Tensor, axis?: number | readonly number[]): Tensor {
  const axes =
    axis === undefined
      ? x.shape.flatMap((d, i) => (d === 1 ? [i] : []))
      : (typeof axis === 'number' ? [axis] : [...axis]).map((a) => normalizeAxis(a, x.rank, 'squeeze'));
  for (const a of axes) {
    if (x.shape[a] !== 1)
      throw new ShapeError(`squeeze: axis ${a} of shape ${formatShape(x.shape)} has size ${x.shape[a]}, not 1`);
  }
  return reshape(
    x,
    x.shape.filter((_, i) => !axes.includes(i)),
  );
}

/** The concrete shape for a reshape request, inferring one −1; ShapeError names both shapes otherwise. */
export function resolveShape(from: readonly number[], size: number, requested: readonly number[]): number[] {
  if (!Array.isArray(requested))
    throw new ShapeError(`reshape: expected the new shape as an array such as [-1, 784], got ${String(requested)}`);
  const unknown = requested.filter((d) => d === -1).length;
  const bad = requested.find((d) => !Number.isInteger(d) || d < -1);
  const fail = (why: string): never => {
    throw new ShapeError(
      `cannot reshape a tensor of shape ${formatShape(from)} (${size} elements) into shape ${formatShape(requested)}: ${why}`,
    );
  };
  if (bad !== undefined) fail(`dimensions must be integers >= 0, or -1 once`);
  if (unknown > 1) fail('only one dimension can be -1');
  const known = requested.reduce((p, d) => (d === -1 ? p : p * d), 1);
  if (unknown === 0) {
    if (known !== size) fail(`that shape has ${known} elements`);
    return [...requested];
  }
  if (known === 0 || size % known !== 0) fail(`${size} is not a multiple of ${known}`);
  return requested.map((d) => (d === -1 ? size / known : d));
}

function checkPermutation(order: readonly number[], rank: number): void {
  const sorted = [...order].sort((a, b) => a - b);
  if (order.length !== rank || sorted.some((a, i) => a !== i)) {
    throw new ValueError(
      `transpose: perm [${order.join(', ')}] is not a permutation of the ${rank} axes 0..${rank - 1}`,
    );
  }
}
