import { ValueError } from '../errors.ts';
import { checkOptions } from '../options.ts';
import { type TensorLike, tensor } from '../tensor/ops/creation.ts';
import { Tensor } from '../tensor/tensor.ts';

/** Options of normalize (keras.utils.normalize). */
export interface NormalizeOptions {
  /** The axis the norms are taken along (default −1). */
  axis?: number;
  /** The norm's order p ≥ 1, or Infinity (default 2). */
  order?: number;
}

/** x / ‖x‖_order along `axis`, zero norms left as 1 (keras.utils.normalize); a float32 tensor. */
export function normalize(x: TensorLike, options: NormalizeOptions = {}): Tensor {
  checkOptions('normalize', options, ['axis', 'order']);
  const t = tensor(x);
  const order = options.order ?? 2;
  if (!(order >= 1))
    throw new ValueError(`normalize: order must be a number ≥ 1 or Infinity, got ${String(options.order)}`);
  const rank = t.shape.length;
  const axis = options.axis ?? -1;
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(axis) || a < 0 || a >= rank)
    throw new ValueError(`normalize: axis ${axis} is out of range for a tensor of rank ${rank}`);
  const length = t.shape[a];
  const inner = t.shape.slice(a + 1).reduce((p, d) => p * d, 1);
  const outer = t.size / Math.max(1, length * inner);
  const out = new Float32Array(t.size);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * length * inner + i;
      let norm = 0;
      for (let k = 0; k < length; k++) {
        const v = Math.abs(Number(t.data[base + k * inner]));
        norm = order === Infinity ? Math.max(norm, v) : norm + v ** order;
      }
      if (order !== Infinity) norm = norm ** (1 / order);
      if (norm === 0) norm = 1;
      for (let k = 0; k < length; k++) out[base + k * inner] = Number(t.data[base + k * inner]) / norm;
    }
  }
  return new Tensor(out, [...t.shape]);
}
