import { type LayerConfig, layerArgsFromConfig } from '../layer.ts';
import { type ConvOptions, BaseConv, convOptionsFromConfig } from './base-conv.ts';

/** Options of Conv2D (keras.layers.Conv2D keyword arguments, camelCase). */
export type Conv2DOptions = ConvOptions;

/** A 2-D convolution over channels-last images, (batch, height, width, channels) → (…, filters) (keras.layers.Conv2D). */
export class Conv2D extends BaseConv {
  constructor(filters: number, kernelSize: number | readonly [number, number], options: Conv2DOptions = {}) {
    super('Conv2D', 2, filters, kernelSize, options);
  }

  /** Rebuilds a Conv2D layer from getConfig() output (Conv2D.from_config). */
  static fromConfig(config: LayerConfig): Conv2D {
    const kernelSize = config.kernelSize as [number, number];
    return new Conv2D(config.filters as number, kernelSize, {
      ...layerArgsFromConfig(config),
      ...convOptionsFromConfig(config),
    });
  }
}
