// Inverted dropout (keras.layers.Dropout in training): a seeded keep-mask, scaled, multiplied in.
import { ValueError } from '../../errors.ts';
import { Generator, defaultGenerator } from '../../random/generator.ts';
import { Tensor } from '../tensor.ts';
import { mul } from './elementwise.ts';

export interface DropoutOptions {
  /** Seed for the mask; the global generator (nb.random.setSeed) when omitted. */
  seed?: number;
}

/**
 * An inverted-dropout mask: each element is 1/(1−rate) with probability 1−rate, else 0
 * (keras.layers.Dropout's scaling). The same seed gives the same mask.
 */
export function dropoutMask(shape: readonly number[], rate: number, options: DropoutOptions = {}): Tensor {
  if (!(rate >= 0 && rate <= 1)) throw new ValueError(`dropout rate must be in [0, 1], got ${rate}`);
  const generator = options.seed === undefined ? defaultGenerator() : new Generator(options.seed);
  const mask = new Float32Array(shape.reduce((p, d) => p * d, 1));
  const keep = 1 - rate;
  const scale = keep > 0 ? 1 / keep : 0;
  generator.fillBernoulli(mask, mask.length, keep, scale);
  return new Tensor(mask, shape);
}

/** x ⊙ mask with a fresh inverted-dropout mask (keras.layers.Dropout in training); differentiable in x. */
export function dropout(x: Tensor, rate: number, options: DropoutOptions = {}): Tensor {
  const mask = dropoutMask(x.shape, rate, options);
  return mul(x, x.dtype === 'float64' ? new Tensor(Float64Array.from(mask.data), mask.shape) : mask);
}
