import { ShapeError, ValueError, formatShape } from '../../errors.ts';
import { type InitializerConfig, getInitializer, initialize } from '../../initializers.ts';
import { checkOptions } from '../../options.ts';
import type { Generator } from '../../random/generator.ts';
import { LAYER_ARG_KEYS } from '../convolutional/window-args.ts';
import {
  type LayerArgs,
  type LayerConfig,
  type LayerStep,
  type StepOptions,
  Layer,
  layerArgsFromConfig,
} from '../layer.ts';

/** Options of BatchNormalization (keras.layers.BatchNormalization keyword arguments, camelCase). */
export interface BatchNormalizationOptions extends LayerArgs {
  /** The features axis: only the last one (-1, the default; tf.keras 2 files store it as [rank]). */
  axis?: number | readonly number[];
  /** Weight of the old value in the moving statistics' update (default 0.99). */
  momentum?: number;
  /** Added to the variance before the square root (default 1e-3). */
  epsilon?: number;
  /** Learn an offset beta (default true). */
  center?: boolean;
  /** Learn a factor gamma (default true). */
  scale?: boolean;
  betaInitializer?: string | InitializerConfig;
  gammaInitializer?: string | InitializerConfig;
  movingMeanInitializer?: string | InitializerConfig;
  movingVarianceInitializer?: string | InitializerConfig;
  /** Regularizers, constraints and synchronized statistics: off only. */
  betaRegularizer?: null;
  gammaRegularizer?: null;
  betaConstraint?: null;
  gammaConstraint?: null;
  synchronized?: false;
}

const OFF_ONLY_KEYS = ['betaRegularizer', 'gammaRegularizer', 'betaConstraint', 'gammaConstraint'] as const;
const OPTION_KEYS = [
  ...LAYER_ARG_KEYS,
  'axis',
  'momentum',
  'epsilon',
  'center',
  'scale',
  'betaInitializer',
  'gammaInitializer',
  'movingMeanInitializer',
  'movingVarianceInitializer',
  ...OFF_ONLY_KEYS,
  'synchronized',
];

/**
 * Normalizes each feature (the last axis) with the batch's mean and variance in training, the moving averages
 * of them otherwise, then scales by gamma and shifts by beta (keras.layers.BatchNormalization). The moving mean
 * and variance are non-trainable weights, updated by each training forward pass:
 * moving = moving·momentum + batch·(1 − momentum), with the biased batch variance (docs/convolutions.md).
 * A layer that is not trainable runs in inference mode even in training, as Keras's does.
 */
export class BatchNormalization extends Layer {
  readonly axis: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly initializers: Record<'beta' | 'gamma' | 'movingMean' | 'movingVariance', InitializerConfig>;

  constructor(options: BatchNormalizationOptions = {}) {
    checkOptions('BatchNormalization', options, OPTION_KEYS);
    super('BatchNormalization', options);
    const axis = Array.isArray(options.axis) ? options.axis : [options.axis ?? -1];
    if (axis.length !== 1 || !Number.isInteger(axis[0])) {
      throw new ValueError(
        `BatchNormalization: axis must be one integer (the last axis, -1), got ${JSON.stringify(options.axis)}`,
      );
    }
    this.axis = axis[0] as number;
    this.momentum = checkFraction('momentum', options.momentum ?? 0.99);
    this.epsilon = options.epsilon ?? 1e-3;
    if (!(this.epsilon > 0))
      throw new ValueError(`BatchNormalization: epsilon must be a positive number, got ${String(options.epsilon)}`);
    this.center = options.center ?? true;
    this.scale = options.scale ?? true;
    for (const key of OFF_ONLY_KEYS) {
      if (options[key] != null) throw new ValueError(`BatchNormalization: ${key} is not supported (only null)`);
    }
    if (options.synchronized) throw new ValueError('BatchNormalization: synchronized is not supported (only false)');
    this.initializers = {
      beta: getInitializer(options.betaInitializer ?? 'zeros'),
      gamma: getInitializer(options.gammaInitializer ?? 'ones'),
      movingMean: getInitializer(options.movingMeanInitializer ?? 'zeros'),
      movingVariance: getInitializer(options.movingVarianceInitializer ?? 'ones'),
    };
  }

  /** Rebuilds a BatchNormalization layer from getConfig() output (or a Keras file's config). */
  static fromConfig(config: LayerConfig): BatchNormalization {
    const pick = <T>(key: string): T | undefined => (config[key] ?? undefined) as T | undefined;
    return new BatchNormalization({
      ...layerArgsFromConfig(config),
      axis: pick<number | number[]>('axis'),
      momentum: pick<number>('momentum'),
      epsilon: pick<number>('epsilon'),
      center: pick<boolean>('center'),
      scale: pick<boolean>('scale'),
      betaInitializer: pick<InitializerConfig>('betaInitializer'),
      gammaInitializer: pick<InitializerConfig>('gammaInitializer'),
      movingMeanInitializer: pick<InitializerConfig>('movingMeanInitializer'),
      movingVarianceInitializer: pick<InitializerConfig>('movingVarianceInitializer'),
    });
  }

  override get weightNames(): string[] {
    return [...(this.scale ? ['gamma'] : []), ...(this.center ? ['beta'] : []), 'moving_mean', 'moving_variance'];
  }

  override get nonTrainableWeightNames(): string[] {
    return ['moving_mean', 'moving_variance'];
  }

  override weightShapes(inputShape: readonly number[]): number[][] {
    return this.weightNames.map(() => [inputShape[inputShape.length - 1]]);
  }

  override computeOutputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length === 0 || (this.axis !== -1 && this.axis !== inputShape.length)) {
      throw new ShapeError(
        `layer '${this.name}' (BatchNormalization) normalizes the last axis only: ` +
          `axis ${this.axis} does not fit input ${formatShape([null, ...inputShape])}`,
      );
    }
    return [...inputShape];
  }

  protected override initializeWeights(generator: Generator): void {
    const keys = {
      gamma: 'gamma',
      beta: 'beta',
      moving_mean: 'movingMean',
      moving_variance: 'movingVariance',
    } as const;
    this.weightNames.forEach((name, i) => {
      initialize(
        this.initializers[keys[name as keyof typeof keys]],
        [this.weightValues[i].length],
        this.weightValues[i],
        generator,
      );
    });
  }

  override getConfig(): LayerConfig {
    const clone = (init: InitializerConfig): LayerConfig => ({ className: init.className, config: { ...init.config } });
    return {
      ...super.getConfig(),
      axis: this.axis,
      momentum: this.momentum,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: clone(this.initializers.beta),
      gammaInitializer: clone(this.initializers.gamma),
      movingMeanInitializer: clone(this.initializers.movingMean),
      movingVarianceInitializer: clone(this.initializers.movingVariance),
      betaRegularizer: null,
      gammaRegularizer: null,
      betaConstraint: null,
      gammaConstraint: null,
      synchronized: false,
    };
  }

  /** The weight named `name`, or null when the layer has none (no gamma without scale, no beta without center). */
  private weight(name: string, grads = false): Float32Array | null {
    const i = this.weightNames.indexOf(name);
    return i < 0 ? null : (grads ? this.weightGrads : this.weightValues)[i];
  }

  override createStep(options: StepOptions): LayerStep {
    const { backend, maxRows, input, inputGrad, alloc } = options;
    const shape = this.inputShape!;
    const channels = shape[shape.length - 1];
    const perSample = shape.reduce((a, b) => a * b, 1) / channels;
    const output = alloc(maxRows * perSample * channels);
    const outputGrad = options.withGradients ? alloc(maxRows * perSample * channels) : null;
    // Per-channel work buffers: the statistics used, 1/√(var + ε), and the affine maps of both passes.
    const [mean, variance, invStd, factor, offset, sumDy, sumDyX, factor2] = Array.from({ length: 8 }, () =>
      alloc(channels),
    );
    let usedBatchStatistics = false;
    return {
      output,
      outputGrad,
      forward: (rows, training) => {
        const count = rows * perSample;
        usedBatchStatistics = training && this.trainable;
        const movingMean = this.weight('moving_mean')!;
        const movingVariance = this.weight('moving_variance')!;
        if (usedBatchStatistics) {
          backend.columnMoments(input, count, channels, mean, variance);
          for (let c = 0; c < channels; c++) {
            movingMean[c] = movingMean[c] * this.momentum + mean[c] * (1 - this.momentum);
            movingVariance[c] = movingVariance[c] * this.momentum + variance[c] * (1 - this.momentum);
          }
        } else {
          mean.set(movingMean);
          variance.set(movingVariance);
        }
        const gamma = this.weight('gamma');
        const beta = this.weight('beta');
        for (let c = 0; c < channels; c++) {
          invStd[c] = 1 / Math.sqrt(variance[c] + this.epsilon);
          factor[c] = (gamma === null ? 1 : gamma[c]) * invStd[c];
          offset[c] = (beta === null ? 0 : beta[c]) - mean[c] * factor[c];
        }
        backend.columnAffine(input, factor, offset, output, count, channels);
      },
      backward: (rows) => {
        const count = rows * perSample;
        const dy = outputGrad!;
        backend.columnGradSums(dy, input, count, channels, sumDy, sumDyX);
        const gammaGrad = this.scale && this.trainable ? this.weight('gamma', true) : null;
        const betaGrad = this.center && this.trainable ? this.weight('beta', true) : null;
        for (let c = 0; c < channels; c++) {
          // Σ dy·x̂ with x̂ = (x − mean)·invStd.
          const sumDyXhat = invStd[c] * (sumDyX[c] - mean[c] * sumDy[c]);
          if (gammaGrad !== null) gammaGrad[c] = sumDyXhat;
          if (betaGrad !== null) betaGrad[c] = sumDy[c];
          if (!usedBatchStatistics) {
            // Fixed statistics: dx = dy·γ·invStd.
            factor2[c] = 0;
            offset[c] = 0;
            continue;
          }
          // dx = γ·invStd·(dy − mean(dy) − x̂·mean(dy·x̂)), written as dy·factor + x·factor2 + offset.
          const meanDy = sumDy[c] / count;
          const meanDyXhat = sumDyXhat / count;
          factor2[c] = -factor[c] * invStd[c] * meanDyXhat;
          offset[c] = factor[c] * (mean[c] * invStd[c] * meanDyXhat - meanDy);
        }
        if (inputGrad !== null) backend.columnAffine(input, factor2, offset, inputGrad, count, channels, dy, factor);
      },
    };
  }
}

function checkFraction(name: string, value: number): number {
  if (!(typeof value === 'number' && value >= 0 && value <= 1)) {
    throw new ValueError(`BatchNormalization: ${name} must be a number in [0, 1], got ${String(value)}`);
  }
  return value;
}
