// Selecting along the first axis: slice (a view) and take (a copy), like x[a:b] and x[idx] in numpy.
import { ShapeError, ValueError, formatShape } from '../../errors.ts';
import { allocate } from '../dtype.ts';
import { Tensor } from '../tensor.ts';
import { recordOp } from './record.ts';
import { reshape } from './shape-ops.ts';

/** Indices along the first axis: plain numbers, an Int32Array, or an integer Tensor. */
export type Indices = readonly number[] | Int32Array | Uint8Array | Tensor;

/**
 * Rows start..end−1 of the first axis, x[start:end] in numpy (negative indices count from the end; out-of-range
 * bounds are clipped). The result shares storage with `x`.
 */
export function slice(x: Tensor, start: number, end?: number): Tensor {
  if (x.rank === 0) throw new ShapeError(`slice: cannot slice a scalar (shape ()); expected rank >= 1`);
  if (!Number.isInteger(start) || (end !== undefined && !Number.isInteger(end))) {
    throw new ValueError(`slice: start and end must be integers, got ${start} and ${end}`);
  }
  const rows = x.shape[0];
  const from = clip(start, rows);
  const to = Math.max(from, end === undefined ? rows : clip(end, rows));
  const rowSize = rows === 0 ? 0 : x.size / rows;
  const result = new Tensor(x.data.subarray(from * rowSize, to * rowSize), [to - from, ...x.shape.slice(1)]);
  recordOp('slice', [x], result, { start: from, end: to });
  return result;
}

/** Row `index` of the first axis without that axis, x[i] in numpy (negative counts from the end); a view. */
export function row(x: Tensor, index: number): Tensor {
  if (x.rank === 0) throw new ShapeError('row: cannot index a scalar (shape ()); expected rank >= 1');
  const rows = x.shape[0];
  if (!Number.isInteger(index) || index >= rows || index < -rows) {
    throw new ValueError(`row: index ${index} is out of range for axis 0 of shape ${formatShape(x.shape)}`);
  }
  const i = index < 0 ? index + rows : index;
  return reshape(slice(x, i, i + 1), x.shape.slice(1));
}

/** The rows at `indices` along the first axis, copied (np.take(x, indices, axis=0) / x[indices]). */
export function take(x: Tensor, indices: Indices): Tensor {
  if (x.rank === 0) throw new ShapeError(`take: cannot index a scalar (shape ()); expected rank >= 1`);
  const list = indices instanceof Tensor ? indices : indexTensor(indices);
  if (list.dtype !== 'int32' && list.dtype !== 'uint8') {
    throw new ValueError(`take: indices must be integers (int32 or uint8), got a ${list.dtype} tensor`);
  }
  const rows = x.shape[0];
  const rowSize = rows === 0 ? 0 : x.size / rows;
  const out = allocate(x.dtype, list.size * rowSize);
  for (let k = 0; k < list.size; k++) {
    let row = list.data[k];
    if (!Number.isInteger(row) || row >= rows || row < -rows) {
      throw new ValueError(
        `take: index ${row} (position ${k}) is out of range for axis 0 of shape ${formatShape(x.shape)}`,
      );
    }
    if (row < 0) row += rows;
    out.set(x.data.subarray(row * rowSize, (row + 1) * rowSize), k * rowSize);
  }
  const result = new Tensor(out, [...list.shape, ...x.shape.slice(1)]);
  recordOp('take', [x, list], result);
  return result;
}

function indexTensor(indices: Exclude<Indices, Tensor>): Tensor {
  if (!Array.isArray(indices) && !ArrayBuffer.isView(indices)) {
    throw new ValueError(
      `take: expected indices as an array of integers, an Int32Array or a Tensor, got ${typeof indices}`,
    );
  }
  const bad = Array.from(indices as ArrayLike<number>).findIndex((i) => !Number.isInteger(i));
  if (bad >= 0) throw new ValueError(`take: index ${indices[bad]} (position ${bad}) is not an integer`);
  return new Tensor(Int32Array.from(indices as ArrayLike<number>), [indices.length]);
}

function clip(index: number, rows: number): number {
  const i = index < 0 ? index + rows : index;
  return Math.min(Math.max(i, 0), rows);
}
