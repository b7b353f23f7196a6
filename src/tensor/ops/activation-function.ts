// The Keras activations as eager tensor functions (keras.activations.gelu(x), …), differentiable by autograd.
import type { ActivationName } from '../../backend/backend.ts';
import { activateScalar } from '../../backend/reference/activation-functions.ts';
import { activationId } from '../../backend/kernel-checks.ts';
import { allocate, floatDTypeOf } from '../dtype.ts';
import { Tensor } from '../tensor.ts';
import { softmax } from './activation.ts';
import { sub } from './elementwise.ts';
import { max, sum } from './reduce.ts';
import { recordOp } from './record.ts';
import { exp, log } from './unary.ts';

/** activation(x) elementwise; softmax and log_softmax along the last axis (keras.activations.<name>(x)). */
export function activate(x: Tensor, activation: ActivationName): Tensor {
  activationId(activation); // a ValueError for a name that is no activation
  if (activation === 'linear') return x;
  if (activation === 'softmax') return softmax(x);
  if (activation === 'log_softmax') return logSoftmax(x);
  const out = allocate(floatDTypeOf(x.dtype), x.size);
  for (let i = 0; i < out.length; i++) out[i] = activateScalar(x.data[i], activation);
  const result = new Tensor(out, x.shape);
  recordOp('activation', [x], result, { activation });
  return result;
}

/** x − log Σ exp(x) along the last axis, shifted by the maximum (composed of recorded ops). */
function logSoftmax(x: Tensor): Tensor {
  const shifted = sub(x, max(x, -1, true));
  return sub(shifted, log(sum(exp(shifted), -1, true)));
}
