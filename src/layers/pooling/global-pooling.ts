// Global pooling: the mean or max of each channel over all positions, as a pooling window the size of the input.
import { type ConvGeometry, convGeometry } from '../../backend/conv-geometry.ts';
import { checkOptions } from '../../options.ts';
import { LAYER_ARG_KEYS, checkDataFormat, checkSpatialRank } from '../convolutional/window-args.ts';
import { poolingStep } from './base-pooling.ts';
import {
  type LayerArgs,
  type LayerConfig,
  type LayerStep,
  type StepOptions,
  Layer,
  layerArgsFromConfig,
} from '../layer.ts';

/** Options of the global pooling layers (keras.layers.GlobalAveragePooling2D … keyword arguments, camelCase). */
export interface GlobalPoolingOptions extends LayerArgs {
  dataFormat?: 'channels_last';
  /** Keep the spatial axes with size 1 (default false: the output is (batch, channels)). */
  keepdims?: boolean;
}

const OPTION_KEYS = [...LAYER_ARG_KEYS, 'dataFormat', 'keepdims'];

/** Global average or max pooling of rank 1 or 2 over channels-last data. */
abstract class GlobalPooling extends Layer {
  readonly dataFormat = 'channels_last' as const;
  readonly keepdims: boolean;

  protected constructor(
    className: string,
    private readonly rank: number,
    private readonly mode: 'max' | 'avg',
    options: GlobalPoolingOptions,
  ) {
    checkOptions(className, options, OPTION_KEYS);
    super(className, options);
    checkDataFormat(className, options.dataFormat);
    this.keepdims = options.keepdims ?? false;
  }

  /** One window over the whole input (rank 1: a height of 1). */
  private geometry(inputShape: readonly number[]): ConvGeometry {
    checkSpatialRank(this.name, this.className, this.rank, inputShape);
    const [height, width] = this.rank === 2 ? [inputShape[0], inputShape[1]] : [1, inputShape[0]];
    return convGeometry(height, width, inputShape[this.rank], [height, width], [1, 1], [1, 1], 'valid');
  }

  override computeOutputShape(inputShape: readonly number[]): number[] {
    const channels = this.geometry(inputShape).channels;
    return this.keepdims ? [...Array<number>(this.rank).fill(1), channels] : [channels];
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), dataFormat: this.dataFormat, keepdims: this.keepdims };
  }

  override createStep(options: StepOptions): LayerStep {
    return poolingStep(options, this.geometry(this.inputShape!), this.mode);
  }
}

function optionsFromConfig(config: LayerConfig): GlobalPoolingOptions {
  return { ...layerArgsFromConfig(config), keepdims: (config.keepdims as boolean | undefined) ?? false };
}

/** The mean of each channel over height and width (keras.layers.GlobalAveragePooling2D). */
export class GlobalAveragePooling2D extends GlobalPooling {
  constructor(options: GlobalPoolingOptions = {}) {
    super('GlobalAveragePooling2D', 2, 'avg', options);
  }

  static fromConfig(config: LayerConfig): GlobalAveragePooling2D {
    return new GlobalAveragePooling2D(optionsFromConfig(config));
  }
}

/** The max of each channel over height and width (keras.layers.GlobalMaxPooling2D). */
export class GlobalMaxPooling2D extends GlobalPooling {
  constructor(options: GlobalPoolingOptions = {}) {
    super('GlobalMaxPooling2D', 2, 'max', options);
  }

  static fromConfig(config: LayerConfig): GlobalMaxPooling2D {
    return new GlobalMaxPooling2D(optionsFromConfig(config));
  }
}

/** The mean of each channel over the steps (keras.layers.GlobalAveragePooling1D). */
export class GlobalAveragePooling1D extends GlobalPooling {
  constructor(options: GlobalPoolingOptions = {}) {
    super('GlobalAveragePooling1D', 1, 'avg', options);
  }

  static fromConfig(config: LayerConfig): GlobalAveragePooling1D {
    return new GlobalAveragePooling1D(optionsFromConfig(config));
  }
}

/** The max of each channel over the steps (keras.layers.GlobalMaxPooling1D). */
export class GlobalMaxPooling1D extends GlobalPooling {
  constructor(options: GlobalPoolingOptions = {}) {
    super('GlobalMaxPooling1D', 1, 'max', options);
  }

  static fromConfig(config: LayerConfig): GlobalMaxPooling1D {
    return new GlobalMaxPooling1D(optionsFromConfig(config));
  }
}
