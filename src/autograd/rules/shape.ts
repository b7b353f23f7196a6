// Gradients of ops that move elements without arithmetic: reshape, transpose, slice, take, astype.
import { isFloat } from '../../tensor/dtype.ts';
import { astype } from '../../tensor/ops/convert.ts';
import { zeros } from '../../tensor/ops/creation.ts';
import { reshape, transpose } from '../../tensor/ops/shape-ops.ts';
import type { GradientRule } from '../registry.ts';

export const shapeGradients: Record<string, GradientRule> = {
  reshape: (dy, [x]) => [reshape(dy, x.shape)],
  transpose: (dy, _, __, attrs) => [transpose(dy, inverse(attrs.perm as readonly number[]))],
  slice: (dy, [x], _, attrs) => {
    const g = zeros(x.shape, dy.dtype);
    const rowSize = x.shape[0] === 0 ? 0 : x.size / x.shape[0];
    g.data.set(dy.data, (attrs.start as number) * rowSize);
    return [g];
  },
  // Rows picked more than once collect the sum of their gradients.
  take: (dy, [x, indices]) => {
    const g = zeros(x.shape, dy.dtype);
    const rows = x.shape[0];
    const rowSize = rows === 0 ? 0 : x.size / rows;
    for (let k = 0; k < indices.size; k++) {
      const row = indices.data[k] < 0 ? indices.data[k] + rows : indices.data[k];
      for (let j = 0; j < rowSize; j++) g.data[row * rowSize + j] += dy.data[k * rowSize + j];
    }
    return [g, null];
  },
  astype: (dy, [x]) => [isFloat(x.dtype) ? astype(dy, x.dtype) : null],
  // Each input gets its own stretch of dy along the joined axis.
  concat: (dy, inputs, _, attrs) => {
    const axis = attrs.axis as number;
    const outer = dy.shape.slice(0, axis).reduce((p, d) => p * d, 1);
    const inner = dy.shape.slice(axis + 1).reduce((p, d) => p * d, 1);
    const total = dy.shape[axis];
    let start = 0;
    return inputs.map((x) => {
      const run = x.shape[axis] * inner;
      const g = zeros(x.shape, dy.dtype);
      for (let o = 0; o < outer; o++)
        g.data.set(dy.data.subarray(o * total * inner + start, o * total * inner + start + run), o * run);
      start += run;
      return g;
    });
  },
};

function inverse(perm: readonly number[]): number[] {
  const out = new Array<number>(perm.length);
  perm.forEach((axis, i) => (out[axis] = i));
  return out;
}
