// Joining tensors: concat along an existing axis, stack along a new one (np.concatenate / np.stack).
import { ShapeError, ValueError, formatShape } from '../../errors.ts';
import { normalizeAxis } from '../broadcast.ts';
import { allocate } from '../dtype.ts';
import { Tensor } from '../tensor.ts';
import { recordOp } from './record.ts';
import { expandDims } from './shape-ops.ts';

/** The tensors joined along `axis` (default 0); every other dimension and the dtype must agree (np.concatenate). */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  if (!Array.isArray(tensors as unknown) || tensors.length === 0)
    throw new ValueError('concat: expected a non-empty array of tensors');
  const first = tensors[0];
  if (first.rank === 0) throw new ShapeError('concat: cannot concatenate scalars (shape ()); use stack');
  const a = normalizeAxis(axis, first.rank, 'concat');
  tensors.forEach((t, k) => {
    if (t.dtype !== first.dtype) throw new ValueError(`concat: tensor ${k} is ${t.dtype}, tensor 0 is ${first.dtype}`);
    if (t.rank !== first.rank || t.shape.some((d, i) => i !== a && d !== first.shape[i])) {
      throw new ShapeError(
        `concat: tensor ${k} has shape ${formatShape(t.shape)}, which does not match ${formatShape(first.shape)} outside axis ${a}`,
      );
    }
  });
  const outer = first.shape.slice(0, a).reduce((p, d) => p * d, 1);
  const inner = first.shape.slice(a + 1).reduce((p, d) => p * d, 1);
  const sizes = tensors.map((t) => t.shape[a]);
  const total = sizes.reduce((p, d) => p + d, 0);
  const out = allocate(first.dtype, outer * total * inner);
  for (let o = 0; o < outer; o++) {
    let offset = o * total * inner;
    tensors.forEach((t, k) => {
      const run = sizes[k] * inner;
      out.set(t.data.subarray(o * run, (o + 1) * run), offset);
      offset += run;
    });
  }
  const shape = [...first.shape];
  shape[a] = total;
  const result = new Tensor(out, shape);
  recordOp('concat', tensors, result, { axis: a, sizes });
  return result;
}

/** The tensors (all of one shape) stacked along a new axis (default 0) (np.stack / keras.ops.stack). */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  if (!Array.isArray(tensors as unknown) || tensors.length === 0)
    throw new ValueError('stack: expected a non-empty array of tensors');
  const shape = tensors[0].shape;
  tensors.forEach((t, k) => {
    if (t.rank !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new ShapeError(
        `stack: tensor ${k} has shape ${formatShape(t.shape)}, tensor 0 ${formatShape(shape)}: all must match`,
      );
    }
  });
  const a = normalizeAxis(axis, shape.length + 1, 'stack');
  return concat(
    tensors.map((t) => expandDims(t, a)),
    a,
  );
}
