// Layer-shaped ops: bias add and softmax.
import { ShapeError, formatShape } from '../../errors.ts';
import { normalizeAxis } from '../broadcast.ts';
import { allocate, floatDTypeOf } from '../dtype.ts';
import { Tensor } from '../tensor.ts';
import { add } from './elementwise.ts';
import { recordOp } from './record.ts';

/** x + bias along the last axis (tf.nn.bias_add, the Dense layer's `+ bias`). */
export function biasAdd(x: Tensor, bias: Tensor): Tensor {
  const last = x.shape[x.rank - 1];
  if (bias.rank !== 1 || x.rank === 0 || bias.shape[0] !== last) {
    throw new ShapeError(
      `biasAdd: expected a bias of shape (${last ?? 'last dim'},) for input ${formatShape(x.shape)}, got ${formatShape(bias.shape)}`,
    );
  }
  return add(x, bias);
}

/** exp(x − max) / Σ exp(x − max) along `axis` (keras.activations.softmax; the last axis by default). */
export function softmax(x: Tensor, axis = -1): Tensor {
  const a = normalizeAxis(axis, x.rank, 'softmax');
  let outer = 1;
  let inner = 1;
  for (let k = 0; k < a; k++) outer *= x.shape[k];
  for (let k = a + 1; k < x.rank; k++) inner *= x.shape[k];
  const len = x.shape[a];
  const out = allocate(floatDTypeOf(x.dtype), x.size);
  const src = x.data;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i;
      let top = -Infinity;
      for (let k = 0; k < len; k++) top = Math.max(top, src[base + k * inner]);
      let total = 0;
      for (let k = 0; k < len; k++) total += Math.exp(src[base + k * inner] - top);
      for (let k = 0; k < len; k++) out[base + k * inner] = Math.exp(src[base + k * inner] - top) / total;
    }
  }
  const result = new Tensor(out, x.shape);
  recordOp('softmax', [x], result, { axis: a });
  return result;
}
