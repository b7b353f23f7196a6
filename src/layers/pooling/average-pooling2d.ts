import type { LayerConfig } from '../layer.ts';
import {
  type PoolSizeOrOptions,
  type PoolingOptions,
  BasePooling,
  poolingOptions,
  poolingOptionsFromConfig,
} from './base-pooling.ts';

/**
 * A 2-D average pooling over channels-last images (keras.layers.AveragePooling2D):
 * `new AveragePooling2D(2)` or `new AveragePooling2D({ poolSize, strides, padding })`.
 */
export class AveragePooling2D extends BasePooling {
  constructor(poolSize?: PoolSizeOrOptions, options: PoolingOptions = {}) {
    super('AveragePooling2D', 2, 'avg', poolingOptions('AveragePooling2D', poolSize, options));
  }

  /** Rebuilds the layer from getConfig() output. */
  static fromConfig(config: LayerConfig): AveragePooling2D {
    return new AveragePooling2D(poolingOptionsFromConfig(config));
  }
}
