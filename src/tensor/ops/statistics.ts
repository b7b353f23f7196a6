// Spread and minimum along axes, composed from recorded ops so that autograd differentiates them.
import { type Axis, max, mean, normalizeAxes } from './reduce.ts';
import { mul, sub } from './elementwise.ts';
import { neg, sqrt } from './unary.ts';
import { ValueError } from '../../errors.ts';
import { astype } from './convert.ts';
import { isFloat } from '../dtype.ts';
import type { Tensor } from '../tensor.ts';

/** Population variance, mean((x − mean(x))²), over all axes or the given ones (np.var / keras.ops.var). */
export function variance(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  normalizeAxes(x, axis, 'variance');
  const values = isFloat(x.dtype) ? x : astype(x, 'float32');
  const centered = sub(values, mean(values, axis, true));
  return mean(mul(centered, centered), axis, keepDims);
}

/** Population standard deviation, sqrt(variance) (np.std / keras.ops.std). */
export function std(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  return sqrt(variance(x, axis, keepDims));
}

/** Smallest element, over all axes or the given ones; NaN propagates (np.min / keras.ops.min). */
export function min(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  if (x.dtype === 'uint8')
    throw new ValueError('min: uint8 tensors are not supported; convert with astype(x, "int32")');
  return neg(max(neg(x), axis, keepDims));
}
