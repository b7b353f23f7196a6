import { NotImplementedLayerError, ShapeError, ValueError, formatShape } from '../errors.ts';
import { checkOptions } from '../options.ts';
import { type NestedArray, tensor } from '../tensor/ops/creation.ts';
import { Tensor } from '../tensor/tensor.ts';
import {
  type LayerArgs,
  type LayerConfig,
  type LayerStep,
  type StepOptions,
  Layer,
  layerArgsFromConfig,
} from './layer.ts';

/** Options of Normalization (keras.layers.Normalization). */
export interface NormalizationOptions extends LayerArgs {
  /** The axis that keeps its own statistics: −1 (each feature of the last axis, the default) or null (one for all). */
  axis?: -1 | null;
  mean?: number | readonly number[] | null;
  variance?: number | readonly number[] | null;
  /** De-normalize instead: x · sqrt(variance) + mean. */
  invert?: boolean;
}

/** Keras's backend epsilon: the smallest standard deviation divided by. */
const EPSILON = 1e-7;

/**
 * (x − mean) / max(sqrt(variance), 1e-7), per feature of the last axis (keras.layers.Normalization); the
 * statistics come from the constructor (constants in the config, no weights) or from adapt(data): then, as in
 * Keras 3, the layer holds the non-trainable weights `mean` and `variance` (one value per feature, or one for
 * axis null) and `count` (a scalar int64 in Keras files, kept at 0 as Keras does). Before adapt they are 0 and
 * 1, so the layer passes values through.
 */
export class Normalization extends Layer {
  readonly axis: -1 | null;
  readonly invert: boolean;
  /** Whether mean and variance were given to the constructor (Keras then stores them in the config only). */
  private readonly fixed: boolean;
  // The constructor's statistics, or adapted ones waiting for the layer to be built.
  private meanValues: Float32Array | null;
  private varianceValues: Float32Array | null;

  constructor(options: NormalizationOptions = {}) {
    checkOptions('Normalization', options, [
      'axis',
      'mean',
      'variance',
      'invert',
      'name',
      'trainable',
      'inputShape',
      'batchInputShape',
      'dtype',
    ]);
    super('Normalization', options);
    const axis = options.axis === undefined ? -1 : options.axis;
    if (axis !== -1 && axis !== null)
      throw new ValueError(`Normalization axis must be -1 or null, got ${String(axis)}`);
    this.axis = axis;
    this.invert = options.invert ?? false;
    const mean = options.mean ?? null;
    const variance = options.variance ?? null;
    if ((mean === null) !== (variance === null)) {
      throw new ValueError('Normalization: give both mean and variance, or neither (and call adapt)');
    }
    this.fixed = mean !== null;
    this.meanValues = mean === null ? null : Float32Array.from(typeof mean === 'number' ? [mean] : mean);
    this.varianceValues =
      variance === null ? null : Float32Array.from(typeof variance === 'number' ? [variance] : variance);
    if (this.varianceValues?.some((v) => !(v >= 0)))
      throw new ValueError('Normalization: variance must be non-negative');
    if (this.meanValues !== null && this.meanValues.length !== this.varianceValues!.length) {
      throw new ValueError(
        `Normalization: mean has ${this.meanValues.length} values, variance ${this.varianceValues!.length}`,
      );
    }
  }

  /** Rebuilds a Normalization layer from getConfig() output. */
  static fromConfig(config: LayerConfig): Normalization {
    const layer = new Normalization({
      ...layerArgsFromConfig(config),
      axis: config.axis === null ? null : -1,
      invert: (config.invert as boolean | undefined) ?? false,
      mean: config.mean as number | number[] | null | undefined,
      variance: config.variance as number | number[] | null | undefined,
    });
    layer.storedAxis = storedAxis(config.axis ?? -1);
    return layer;
  }

  // Keras stores the axis as a list counting the batch axis ([-1], or [1] for 2-D inputs): checked at build.
  private storedAxis = -1;

  /** The statistics in use (copies): the weights once built, else the given or adapted ones, else null. */
  get mean(): Float32Array | null {
    return this.statistic(0)?.slice() ?? null;
  }

  get variance(): Float32Array | null {
    return this.statistic(1)?.slice() ?? null;
  }

  private statistic(index: 0 | 1): Float32Array | null {
    if (!this.fixed && this.built) return this.weightValues[index];
    return index === 0 ? this.meanValues : this.varianceValues;
  }

  override get weightNames(): string[] {
    return this.fixed ? [] : ['mean', 'variance', 'count'];
  }

  override get nonTrainableWeightNames(): string[] {
    return this.weightNames;
  }

  /** The weights Keras stores as integers (int64): count. */
  get integerWeightNames(): string[] {
    return this.fixed ? [] : ['count'];
  }

  override weightShapes(inputShape: readonly number[]): number[][] {
    if (this.fixed) return [];
    const perAxis = this.axis === null ? [] : [inputShape[inputShape.length - 1]];
    return [perAxis, [...perAxis], []];
  }

  protected override initializeWeights(): void {
    if (this.fixed) return;
    const [mean, variance] = this.weightValues;
    if (this.meanValues !== null && this.meanValues.length === mean.length) {
      mean.set(this.meanValues);
      variance.set(this.varianceValues!);
    } else variance.fill(1);
    this.meanValues = null;
    this.varianceValues = null;
  }

  /** Sets the mean and (population) variance from data, per feature of the last axis (Normalization.adapt). */
  adapt(data: Tensor | NestedArray): void {
    const t = data instanceof Tensor ? data : tensor(data);
    if (t.size === 0) throw new ValueError('Normalization.adapt: data is empty');
    const features = this.axis === null ? 1 : t.shape.length < 2 ? 1 : t.shape[t.shape.length - 1];
    if (this.inputShape !== null && this.axis !== null && features !== this.inputShape[this.inputShape.length - 1]) {
      throw new ShapeError(
        `Normalization.adapt: data has ${features} features, the layer was built for ${this.inputShape[this.inputShape.length - 1]}`,
      );
    }
    const sums = new Float64Array(features);
    const squares = new Float64Array(features);
    const values = t.data;
    for (let i = 0; i < t.size; i++) sums[i % features] += Number(values[i]);
    const count = t.size / features;
    const mean = Float64Array.from(sums, (s) => s / count);
    for (let i = 0; i < t.size; i++) squares[i % features] += (Number(values[i]) - mean[i % features]) ** 2;
    const adaptedMean = Float32Array.from(mean);
    const adaptedVariance = Float32Array.from(squares, (s) => s / count);
    if (this.built && !this.fixed) {
      this.weightValues[0].set(adaptedMean);
      this.weightValues[1].set(adaptedVariance);
      return;
    }
    this.meanValues = adaptedMean;
    this.varianceValues = adaptedVariance;
  }

  override computeOutputShape(inputShape: readonly number[]): number[] {
    if (this.axis !== null && this.storedAxis !== -1 && this.storedAxis !== inputShape.length) {
      throw new NotImplementedLayerError(
        `layer '${this.name}' (Normalization) keeps axis ${this.storedAxis} of input ${formatShape([null, ...inputShape])}: nabla keeps the last axis only`,
      );
    }
    const stats = this.fixed || this.meanValues !== null ? this.meanValues!.length : 1;
    const features = inputShape[inputShape.length - 1];
    if (stats !== 1 && stats !== features) {
      throw new ShapeError(
        `layer '${this.name}' (Normalization) holds ${stats} means, input ${formatShape([null, ...inputShape])} has ${features} features`,
      );
    }
    return [...inputShape];
  }

  override getConfig(): LayerConfig {
    const list = (v: Float32Array | null): number[] | null => (v === null ? null : Array.from(v));
    return {
      ...super.getConfig(),
      axis: this.axis,
      invert: this.invert,
      // Adapted statistics are weights, not config (Keras writes mean: null then).
      mean: this.fixed ? list(this.meanValues) : null,
      variance: this.fixed ? list(this.varianceValues) : null,
    };
  }

  override createStep(options: StepOptions): LayerStep {
    const { maxRows, input, inputGrad } = options;
    const shape = this.inputShape!;
    const cols = shape.reduce((a, b) => a * b, 1);
    const features = shape[shape.length - 1];
    const output = options.alloc(maxRows * cols);
    const outputGrad = options.withGradients ? options.alloc(maxRows * cols) : null;
    // Per-feature shift and scale, read at each pass so that adapt after compile takes effect.
    const shift = new Float32Array(features);
    const scale = new Float32Array(features);
    const prepare = (): void => {
      const mean = this.statistic(0);
      const variance = this.statistic(1);
      for (let j = 0; j < features; j++) {
        const k = mean === null ? -1 : mean.length === 1 ? 0 : j;
        const std = k < 0 ? 1 : Math.max(Math.sqrt(variance![k]), EPSILON);
        shift[j] = k < 0 ? 0 : mean![k];
        scale[j] = this.invert ? std : 1 / std;
      }
    };
    return {
      output,
      outputGrad,
      forward: (rows) => {
        prepare();
        for (let i = 0; i < rows * cols; i++) {
          const j = i % features;
          output[i] = this.invert ? input[i] * scale[j] + shift[j] : (input[i] - shift[j]) * scale[j];
        }
      },
      backward: (rows) => {
        if (inputGrad === null || outputGrad === null) return;
        for (let i = 0; i < rows * cols; i++) inputGrad[i] = outputGrad[i] * scale[i % features];
      },
    };
  }
}

// One axis as an index counting the batch axis (-1 for the last); several axes are refused by name.
function storedAxis(value: unknown): number {
  const list = Array.isArray(value) ? value : [value];
  if (list.length !== 1 || !Number.isInteger(list[0])) {
    throw new NotImplementedLayerError(
      `Normalization axis ${JSON.stringify(value)}: nabla keeps one axis, the last (-1), or none (null)`,
    );
  }
  return list[0] as number;
}
