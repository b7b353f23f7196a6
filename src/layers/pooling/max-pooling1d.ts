import type { LayerConfig } from '../layer.ts';
import {
  type PoolSizeOrOptions,
  type PoolingOptions,
  BasePooling,
  poolingOptions,
  poolingOptionsFromConfig,
} from './base-pooling.ts';

/**
 * A 1-D max pooling over channels-last sequences (keras.layers.MaxPooling1D):
 * `new MaxPooling1D(2)` or `new MaxPooling1D({ poolSize, strides, padding })`.
 */
export class MaxPooling1D extends BasePooling {
  constructor(poolSize?: PoolSizeOrOptions, options: PoolingOptions = {}) {
    super('MaxPooling1D', 1, 'max', poolingOptions('MaxPooling1D', poolSize, options));
  }

  /** Rebuilds the layer from getConfig() output. */
  static fromConfig(config: LayerConfig): MaxPooling1D {
    return new MaxPooling1D(poolingOptionsFromConfig(config));
  }
}
