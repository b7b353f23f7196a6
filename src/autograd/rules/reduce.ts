// Gradients of sum, mean and max: the output gradient spread back over the reduced axes.
import { div, equal, mul } from '../../tensor/ops/elementwise.ts';
import type { OpAttrs } from '../../tensor/ops/record.ts';
import { reducedShape, sum } from '../../tensor/ops/reduce.ts';
import { reshape } from '../../tensor/ops/shape-ops.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import type { GradientRule } from '../registry.ts';
import { broadcastTo } from '../unbroadcast.ts';

export const reduceGradients: Record<string, GradientRule> = {
  sum: (dy, [x], _, attrs) => [broadcastTo(keptDims(dy, x, attrs), x.shape)],
  mean: (dy, [x], _, attrs) => [broadcastTo(div(keptDims(dy, x, attrs), count(x, attrs)), x.shape)],
  // Ties share the gradient equally, as TensorFlow's reduce_max gradient does.
  max: (dy, [x], out, attrs) => {
    const isMax = equal(x, keptDims(out, x, attrs));
    const ties = sum(isMax, axesOf(attrs), true);
    return [mul(broadcastTo(keptDims(dy, x, attrs), x.shape), div(isMax, ties))];
  },
};

/** `t` (a reduction result) reshaped with the reduced axes kept as 1, so that it broadcasts against x. */
function keptDims(t: Tensor, x: Tensor, attrs: OpAttrs): Tensor {
  return reshape(t, reducedShape(x.shape, axesOf(attrs), true));
}

function count(x: Tensor, attrs: OpAttrs): number {
  return axesOf(attrs).reduce((p, a) => p * x.shape[a], 1);
}

function axesOf(attrs: OpAttrs): readonly number[] {
  return attrs.axes as readonly number[];
}
