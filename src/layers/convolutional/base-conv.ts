import type { MatmulOptions } from '../../backend/backend.ts';
import { type ConvGeometry, type Padding, convGeometry, geometrySizes } from '../../backend/conv-geometry.ts';
import { ShapeError, ValueError, formatShape } from '../../errors.ts';
import { checkOptions } from '../../options.ts';
import type { RegularizedCall } from '../kernel-bias-regularization.ts';
import { KernelBiasLayer, type KernelBiasOptions } from '../kernel-bias-layer.ts';
import type { LayerConfig, LayerStep, StepOptions } from '../layer.ts';
import { LAYER_ARG_KEYS, checkDataFormat, checkPadding, checkSpatialRank, toTuple } from './window-args.ts';

/** Options of the convolution layers (keras.layers.Conv1D / Conv2D keyword arguments, camelCase). */
export interface ConvOptions extends KernelBiasOptions {
  strides?: number | readonly number[];
  padding?: Padding;
  dataFormat?: 'channels_last';
  dilationRate?: number | readonly number[];
  /** Only 1 (no grouped convolution). */
  groups?: number;
}

const CONV_OPTION_KEYS = [
  ...LAYER_ARG_KEYS,
  'strides',
  'padding',
  'dataFormat',
  'dilationRate',
  'groups',
  'activation',
  'useBias',
  'kernelInitializer',
  'biasInitializer',
  'seed',
  'kernelRegularizer',
  'biasRegularizer',
  'activityRegularizer',
  'kernelConstraint',
  'biasConstraint',
];

/**
 * im2col buffers hold at most this many floats (16 MiB): a batch whose windows need more is convolved a few
 * images at a time, so predicting on large batches does not multiply the memory by kernel height × width.
 */
const MAX_COLUMN_FLOATS = 1 << 22;

const TRANSPOSE_B: MatmulOptions = { transB: true };
const TRANSPOSE_A: MatmulOptions = { transA: true };
const TRANSPOSE_A_ACCUMULATE: MatmulOptions = { transA: true, accumulate: true };

/**
 * A channels-last convolution of rank 1 or 2 (keras.layers.Conv1D / Conv2D): im2col, then one product with the
 * kernel (kernel size × input channels × filters), bias and activation. Rank 1 runs as rank 2 over a height of 1.
 */
export abstract class BaseConv extends KernelBiasLayer {
  readonly filters: number;
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly padding: Padding;
  readonly dataFormat = 'channels_last' as const;
  readonly dilationRate: number[];
  private readonly rank: number;

  protected constructor(
    className: string,
    rank: number,
    filters: number,
    kernelSize: number | readonly number[],
    options: ConvOptions,
  ) {
    checkOptions(className, options, CONV_OPTION_KEYS);
    super(className, options);
    if (!Number.isInteger(filters) || filters < 1) {
      throw new ValueError(`${className} filters must be a positive integer, got ${String(filters)}`);
    }
    this.rank = rank;
    this.filters = filters;
    this.kernelSize = toTuple(className, 'kernelSize', kernelSize, rank);
    this.strides = toTuple(className, 'strides', options.strides ?? 1, rank);
    this.padding = checkPadding(className, options.padding ?? 'valid', rank === 1);
    checkDataFormat(className, options.dataFormat);
    this.dilationRate = toTuple(className, 'dilationRate', options.dilationRate ?? 1, rank);
    if (this.strides.some((s) => s > 1) && this.dilationRate.some((d) => d > 1)) {
      throw new ValueError(`${className}: strides > 1 together with dilationRate > 1 is not supported (as in Keras)`);
    }
    if (options.groups !== undefined && options.groups !== 1) {
      throw new ValueError(`${className}: groups must be 1, got ${String(options.groups)}`);
    }
  }

  override weightShapes(inputShape: readonly number[]): number[][] {
    const kernel = [...this.kernelSize, inputShape[inputShape.length - 1], this.filters];
    return this.useBias ? [kernel, [this.filters]] : [kernel];
  }

  /** The window geometry over an input sample shape (rank 1: a height of 1). */
  geometry(inputShape: readonly number[]): ConvGeometry {
    checkSpatialRank(this.name, this.className, this.rank, inputShape);
    const two = (v: number[]): [number, number] => (this.rank === 2 ? [v[0], v[1]] : [1, v[0]]);
    const [height, width] = this.rank === 2 ? [inputShape[0], inputShape[1]] : [1, inputShape[0]];
    const channels = inputShape[this.rank];
    return convGeometry(
      height,
      width,
      channels,
      two(this.kernelSize),
      two(this.strides),
      two(this.dilationRate),
      this.padding,
    );
  }

  override computeOutputShape(inputShape: readonly number[]): number[] {
    const g = this.geometry(inputShape);
    if (g.outHeight < 1 || g.outWidth < 1) {
      throw new ShapeError(
        `layer '${this.name}' (${this.className}): input ${formatShape([null, ...inputShape])} is smaller than ` +
          `the kernel ${formatShape(this.kernelSize)} with padding '${this.padding}'`,
      );
    }
    return this.rank === 2 ? [g.outHeight, g.outWidth, this.filters] : [g.outWidth, this.filters];
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: [...this.kernelSize],
      strides: [...this.strides],
      padding: this.padding,
      dataFormat: this.dataFormat,
      dilationRate: [...this.dilationRate],
      groups: 1,
      ...this.kernelBiasConfig(),
    };
  }

  override createStep(options: StepOptions): LayerStep {
    const { backend, maxRows, input, inputGrad, alloc } = options;
    const g = this.geometry(this.inputShape!);
    const { image, positions, patch } = geometrySizes(g);
    const filters = this.filters;
    const activation = options.activationOverride ?? this.activation;
    const chunk = Math.max(1, Math.min(maxRows, Math.floor(MAX_COLUMN_FLOATS / (positions * patch))));
    const cols = alloc(chunk * positions * patch);
    const dCols = options.withGradients && inputGrad !== null ? alloc(chunk * positions * patch) : null;
    const output = alloc(maxRows * positions * filters);
    const outputGrad = options.withGradients ? alloc(maxRows * positions * filters) : null;
    const outWidth = positions * filters;
    const regularization = this.regularization;
    const [kernelValues, biasValues] = this.weightValues;
    const call: RegularizedCall = {
      layerName: this.name,
      trainable: () => this.trainable,
      kernel: kernelValues,
      kernelShape: this.weightShapes(this.inputShape!)[0],
      bias: this.useBias ? biasValues : null,
      output,
      outputWidth: outWidth,
      activation,
      layerActivation: this.activation,
      repeatCall: options.repeatCall === true,
    };
    return {
      output,
      outputGrad,
      ...regularization.stepHooks(call),
      forward: (rows) => {
        const [kernel, bias] = this.weightValues;
        for (let start = 0; start < rows; start += chunk) {
          const n = Math.min(chunk, rows - start);
          backend.im2col(from(input, start * image), cols, n, g);
          backend.matmul(cols, kernel, from(output, start * outWidth), n * positions, patch, filters);
        }
        backend.biasActivation(output, this.useBias ? bias : null, rows * positions, filters, activation);
      },
      backward: (rows) => {
        const dz = outputGrad!;
        const [kernel] = this.weightValues;
        const [kernelGrad, biasGrad] = this.weightGrads;
        regularization.addActivityGradient(call, dz, rows);
        if (activation !== 'linear') backend.activationGrad(output, dz, dz, rows * positions, filters, activation);
        for (let start = 0; start < rows; start += chunk) {
          const n = Math.min(chunk, rows - start);
          // With one chunk, cols still holds this step's forward windows.
          if (rows > chunk) backend.im2col(from(input, start * image), cols, n, g);
          const dzChunk = from(dz, start * outWidth);
          if (this.trainable) {
            backend.matmul(
              cols,
              dzChunk,
              kernelGrad,
              patch,
              n * positions,
              filters,
              start === 0 ? TRANSPOSE_A : TRANSPOSE_A_ACCUMULATE,
            );
          }
          if (inputGrad !== null) {
            backend.matmul(dzChunk, kernel, dCols!, n * positions, filters, patch, TRANSPOSE_B);
            backend.col2im(dCols!, from(inputGrad, start * image), n, g);
          }
        }
        if (this.trainable && this.useBias) backend.sumRows(dz, biasGrad, rows * positions, filters);
        regularization.addWeightGradients(call, kernelGrad, this.useBias ? biasGrad : null);
      },
    };
  }
}

/** The buffer from `offset` on (the buffer itself at 0: no view made per step). */
function from(buffer: Float32Array, offset: number): Float32Array {
  return offset === 0 ? buffer : buffer.subarray(offset);
}

/** The ConvOptions part of a camelCase config (fromConfig). */
export function convOptionsFromConfig(config: LayerConfig): ConvOptions {
  return {
    strides: config.strides as number[] | undefined,
    padding: config.padding as Padding | undefined,
    dilationRate: config.dilationRate as number[] | undefined,
    groups: config.groups as number | undefined,
    ...BaseConv.kernelBiasOptionsFromConfig(config),
  };
}
