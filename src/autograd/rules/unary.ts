// Gradients of the elementwise functions, written from the forward output where that is cheaper.
import { allocate } from '../../tensor/dtype.ts';
import { div, mul, sub } from '../../tensor/ops/elementwise.ts';
import { Tensor } from '../../tensor/tensor.ts';
import type { GradientRule } from '../registry.ts';
import type { ActivationName } from '../../backend/backend.ts';
import { derivativeScalar } from '../../backend/reference/activation-functions.ts';

export const unaryGradients: Record<string, GradientRule> = {
  exp: (dy, _, out) => [mul(dy, out)],
  log: (dy, [x]) => [div(dy, x)],
  relu: (dy, [x]) => [passWherePositive(dy, x)],
  sigmoid: (dy, _, out) => [mul(dy, mul(out, sub(1, out)))],
  tanh: (dy, _, out) => [mul(dy, sub(1, mul(out, out)))],
  sqrt: (dy, _, out) => [div(mul(dy, 0.5), out)],
};

/** dy where x > 0, else 0 (relu's derivative, taken as 0 at 0 like TensorFlow). */
function passWherePositive(dy: Tensor, x: Tensor): Tensor {
  const out = allocate(dy.dtype, dy.size);
  const g = dy.data;
  const v = x.data;
  for (let i = 0; i < out.length; i++) out[i] = v[i] > 0 ? g[i] : 0;
  return new Tensor(out, dy.shape);
}

/** The Keras activations applied eagerly (tensor/ops/activation-function.ts): dy · f'(x), f' from x and y. */
export const activationGradients: Record<string, GradientRule> = {
  activation: (dy, [x], y, attrs) => {
    const name = attrs.activation as ActivationName;
    const out = allocate(dy.dtype, dy.size);
    for (let i = 0; i < out.length; i++) out[i] = dy.data[i] * derivativeScalar(x.data[i], y.data[i], name);
    return [new Tensor(out, dy.shape)];
  },
};
