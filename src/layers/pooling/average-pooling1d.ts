import type { LayerConfig } from '../layer.ts';
import {
  type PoolSizeOrOptions,
  type PoolingOptions,
  BasePooling,
  poolingOptions,
  poolingOptionsFromConfig,
} from './base-pooling.ts';

/**
 * A 1-D average pooling over channels-last sequences (keras.layers.AveragePooling1D):
 * `new AveragePooling1D(2)` or `new AveragePooling1D({ poolSize, strides, padding })`.
 */
export class AveragePooling1D extends BasePooling {
  constructor(poolSize?: PoolSizeOrOptions, options: PoolingOptions = {}) {
    super('AveragePooling1D', 1, 'avg', poolingOptions('AveragePooling1D', poolSize, options));
  }

  /** Rebuilds the layer from getConfig() output. */
  static fromConfig(config: LayerConfig): AveragePooling1D {
    return new AveragePooling1D(poolingOptionsFromConfig(config));
  }
}
