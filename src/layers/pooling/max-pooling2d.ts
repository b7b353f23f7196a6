import type { LayerConfig } from '../layer.ts';
import {
  type PoolSizeOrOptions,
  type PoolingOptions,
  BasePooling,
  poolingOptions,
  poolingOptionsFromConfig,
} from './base-pooling.ts';

/**
 * A 2-D max pooling over channels-last images (keras.layers.MaxPooling2D):
 * `new MaxPooling2D(2)` or `new MaxPooling2D({ poolSize, strides, padding })`.
 */
export class MaxPooling2D extends BasePooling {
  constructor(poolSize?: PoolSizeOrOptions, options: PoolingOptions = {}) {
    super('MaxPooling2D', 2, 'max', poolingOptions('MaxPooling2D', poolSize, options));
  }

  /** Rebuilds the layer from getConfig() output. */
  static fromConfig(config: LayerConfig): MaxPooling2D {
    return new MaxPooling2D(poolingOptionsFromConfig(config));
  }
}
