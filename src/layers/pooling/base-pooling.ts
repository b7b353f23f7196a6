import { type ConvGeometry, type Padding, convGeometry, geometrySizes } from '../../backend/conv-geometry.ts';
import { ShapeError, ValueError, formatShape } from '../../errors.ts';
import { checkOptions } from '../../options.ts';
import {
  type LayerArgs,
  type LayerConfig,
  type LayerStep,
  type StepOptions,
  Layer,
  layerArgsFromConfig,
} from '../layer.ts';
import {
  LAYER_ARG_KEYS,
  checkDataFormat,
  checkPadding,
  checkSpatialRank,
  toTuple,
} from '../convolutional/window-args.ts';

/** Options of the pooling layers (keras.layers.MaxPooling2D … keyword arguments, camelCase). */
export interface PoolingOptions extends LayerArgs {
  /** Window size per spatial axis (default 2). */
  poolSize?: number | readonly number[];
  /** Step per spatial axis (default: poolSize). */
  strides?: number | readonly number[] | null;
  padding?: 'valid' | 'same';
  dataFormat?: 'channels_last';
}

const POOLING_OPTION_KEYS = [...LAYER_ARG_KEYS, 'poolSize', 'strides', 'padding', 'dataFormat'];

/** The first constructor argument of a pooling layer: the pool size (Keras's positional pool_size) or the options. */
export type PoolSizeOrOptions = number | readonly number[] | PoolingOptions;

/** Splits `new MaxPooling2D(2, {...})` and `new MaxPooling2D({ poolSize: 2, ... })` into one options object. */
export function poolingOptions(
  owner: string,
  first: PoolSizeOrOptions | undefined,
  rest: PoolingOptions,
): PoolingOptions {
  if (first === undefined) return rest;
  if (typeof first === 'number' || Array.isArray(first)) {
    if (rest.poolSize !== undefined)
      throw new ValueError(`${owner}: poolSize given twice (as the first argument and in the options)`);
    return { ...rest, poolSize: first as number | readonly number[] };
  }
  return { ...(first as PoolingOptions), ...rest };
}

/**
 * Max or average pooling of rank 1 or 2 over channels-last data, each channel on its own (keras.layers.MaxPooling2D
 * and relatives). 'same' windows cover only the pixels inside the input. Rank 1 runs as rank 2 over a height of 1.
 */
export abstract class BasePooling extends Layer {
  readonly poolSize: number[];
  readonly strides: number[];
  readonly padding: Padding;
  readonly dataFormat = 'channels_last' as const;
  private readonly rank: number;
  private readonly mode: 'max' | 'avg';

  protected constructor(className: string, rank: number, mode: 'max' | 'avg', options: PoolingOptions) {
    checkOptions(className, options, POOLING_OPTION_KEYS);
    super(className, options);
    this.rank = rank;
    this.mode = mode;
    this.poolSize = toTuple(className, 'poolSize', options.poolSize ?? 2, rank);
    this.strides = toTuple(className, 'strides', options.strides ?? this.poolSize, rank);
    this.padding = checkPadding(className, options.padding ?? 'valid');
    checkDataFormat(className, options.dataFormat);
  }

  /** The window geometry over an input sample shape (rank 1: a height of 1). */
  geometry(inputShape: readonly number[]): ConvGeometry {
    checkSpatialRank(this.name, this.className, this.rank, inputShape);
    const two = (v: number[]): [number, number] => (this.rank === 2 ? [v[0], v[1]] : [1, v[0]]);
    const [height, width] = this.rank === 2 ? [inputShape[0], inputShape[1]] : [1, inputShape[0]];
    return convGeometry(
      height,
      width,
      inputShape[this.rank],
      two(this.poolSize),
      two(this.strides),
      [1, 1],
      this.padding,
    );
  }

  override computeOutputShape(inputShape: readonly number[]): number[] {
    const g = this.geometry(inputShape);
    if (g.outHeight < 1 || g.outWidth < 1) {
      throw new ShapeError(
        `layer '${this.name}' (${this.className}): input ${formatShape([null, ...inputShape])} is smaller than the pool ${formatShape(this.poolSize)}`,
      );
    }
    return this.rank === 2 ? [g.outHeight, g.outWidth, g.channels] : [g.outWidth, g.channels];
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      poolSize: [...this.poolSize],
      padding: this.padding,
      strides: [...this.strides],
      dataFormat: this.dataFormat,
    };
  }

  override createStep(options: StepOptions): LayerStep {
    return poolingStep(options, this.geometry(this.inputShape!), this.mode);
  }
}

/**
 * The step of a pooling layer over the windows of `g` (a global pooling's one window covers the image): the max
 * keeps the index of each maximum for the backward pass, the average spreads the gradient over its window.
 */
export function poolingStep(options: StepOptions, g: ConvGeometry, mode: 'max' | 'avg'): LayerStep {
  const { backend, maxRows, input, inputGrad, alloc } = options;
  const outputs = geometrySizes(g).positions * g.channels;
  const output = alloc(maxRows * outputs);
  const outputGrad = options.withGradients ? alloc(maxRows * outputs) : null;
  // The argmax indices live in a buffer from alloc (freed with the plan), seen as int32.
  const argmaxStore = mode === 'max' ? alloc(maxRows * outputs) : null;
  const argmax =
    argmaxStore === null ? null : new Int32Array(argmaxStore.buffer, argmaxStore.byteOffset, argmaxStore.length);
  return {
    output,
    outputGrad,
    forward: (rows) => {
      if (argmax !== null) backend.maxPool(input, output, argmax, rows, g);
      else backend.avgPool(input, output, rows, g);
    },
    backward: (rows) => {
      if (inputGrad === null) return;
      if (argmax !== null) backend.maxPoolGrad(outputGrad!, argmax, inputGrad, rows, g);
      else backend.avgPoolGrad(outputGrad!, inputGrad, rows, g);
    },
  };
}

/** The PoolingOptions part of a camelCase config (fromConfig). */
export function poolingOptionsFromConfig(config: LayerConfig): PoolingOptions {
  return {
    ...layerArgsFromConfig(config),
    poolSize: config.poolSize as number[] | undefined,
    strides: config.strides as number[] | null | undefined,
    padding: config.padding as 'valid' | 'same' | undefined,
  };
}
