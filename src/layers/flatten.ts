import { ValueError } from '../errors.ts';
import {
  type LayerArgs,
  type LayerConfig,
  type LayerStep,
  type StepOptions,
  Layer,
  layerArgsFromConfig,
} from './layer.ts';
import { checkOptions } from '../options.ts';
import { FLATTEN_KEYS } from '../option-keys.ts';

/** Options of Flatten (keras.layers.Flatten). */
export interface FlattenOptions extends LayerArgs {
  dataFormat?: 'channels_last';
}

/** Flattens each sample to one axis, (batch, …) → (batch, features) (keras.layers.Flatten). */
export class Flatten extends Layer {
  readonly dataFormat = 'channels_last' as const;

  constructor(options: FlattenOptions = {}) {
    super('Flatten', options);
    checkOptions('Flatten', options, FLATTEN_KEYS);
    if (options.dataFormat !== undefined && options.dataFormat !== 'channels_last') {
      throw new ValueError(
        `Flatten dataFormat '${String(options.dataFormat)}' is not supported: expected 'channels_last'`,
      );
    }
  }

  /** Rebuilds a Flatten layer from getConfig() output. */
  static fromConfig(config: LayerConfig): Flatten {
    return new Flatten(layerArgsFromConfig(config));
  }

  override computeOutputShape(inputShape: readonly number[]): number[] {
    return [inputShape.reduce((a, b) => a * b, 1)];
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), dataFormat: this.dataFormat };
  }

  /** Row-major data is already flat: the step passes its buffers through untouched. */
  override createStep(options: StepOptions): LayerStep {
    return {
      output: options.input,
      outputGrad: options.withGradients ? options.inputGrad : null,
      forward: () => {},
      backward: () => {},
    };
  }
}
