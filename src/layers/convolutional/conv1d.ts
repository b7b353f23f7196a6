import { type LayerConfig, layerArgsFromConfig } from '../layer.ts';
import { type ConvOptions, BaseConv, convOptionsFromConfig } from './base-conv.ts';

/** Options of Conv1D (keras.layers.Conv1D keyword arguments, camelCase; padding may also be 'causal'). */
export type Conv1DOptions = ConvOptions;

/** A 1-D convolution over channels-last sequences, (batch, steps, channels) → (…, filters) (keras.layers.Conv1D). */
export class Conv1D extends BaseConv {
  constructor(filters: number, kernelSize: number | readonly [number], options: Conv1DOptions = {}) {
    super('Conv1D', 1, filters, kernelSize, options);
  }

  /** Rebuilds a Conv1D layer from getConfig() output (Conv1D.from_config). */
  static fromConfig(config: LayerConfig): Conv1D {
    const kernelSize = config.kernelSize as [number];
    return new Conv1D(config.filters as number, kernelSize, {
      ...layerArgsFromConfig(config),
      ...convOptionsFromConfig(config),
    });
  }
}
