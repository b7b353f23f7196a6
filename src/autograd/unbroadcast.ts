// Gradients of broadcast operands: sum the output gradient back down to the operand's shape.
import { sameShape } from '../tensor/broadcast.ts';
import { add } from '../tensor/ops/elementwise.ts';
import { zeros } from '../tensor/ops/creation.ts';
import { sum } from '../tensor/ops/reduce.ts';
import { reshape } from '../tensor/ops/shape-ops.ts';
import type { Tensor } from '../tensor/tensor.ts';

/** Sums `g` over the axes along which an operand of `shape` was broadcast, giving that shape. */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  g.shape.forEach((d, i) => {
    if (i < lead || (shape[i - lead] === 1 && d !== 1)) axes.push(i);
  });
  return reshape(sum(g, axes), shape);
}

/** `g` repeated along broadcast axes so that it has `shape` (the inverse of sumToShape). */
export function broadcastTo(g: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(g.shape, shape)) return g;
  return add(zeros(shape, g.dtype), g);
}
