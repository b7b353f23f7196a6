import { ValueError } from '../errors.ts';
import { type InitializerConfig, getInitializer, initialize } from '../initializers.ts';
import { checkOptions } from '../options.ts';
import type { Generator } from '../random/generator.ts';
import {
  type LayerArgs,
  type LayerConfig,
  type LayerStep,
  type StepOptions,
  Layer,
  layerArgsFromConfig,
} from './layer.ts';

/** Options of LayerNormalization (keras.layers.LayerNormalization). */
export interface LayerNormalizationOptions extends LayerArgs {
  /** The normalized axis: the last (−1) only. */
  axis?: -1;
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
  betaInitializer?: string | InitializerConfig;
  gammaInitializer?: string | InitializerConfig;
}

const ACCEPTED = [
  'axis',
  'epsilon',
  'center',
  'scale',
  'betaInitializer',
  'gammaInitializer',
  'name',
  'trainable',
  'inputShape',
  'batchInputShape',
  'dtype',
];

/**
 * Normalizes each sample over its last axis, y = (x − mean) / sqrt(var + ε) · gamma + beta, with the mean and
 * variance of that sample's row (keras.layers.LayerNormalization; ε 1e-3, weights [gamma, beta]).
 */
export class LayerNormalization extends Layer {
  readonly axis = -1 as const;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly betaInitializer: InitializerConfig;
  readonly gammaInitializer: InitializerConfig;

  constructor(options: LayerNormalizationOptions = {}) {
    checkOptions('LayerNormalization', options, ACCEPTED);
    super('LayerNormalization', options);
    if (options.axis !== undefined && options.axis !== -1) {
      throw new ValueError(
        `LayerNormalization axis ${JSON.stringify(options.axis)} is not supported: expected -1 (the last axis)`,
      );
    }
    this.epsilon = options.epsilon ?? 1e-3;
    if (!(this.epsilon > 0))
      throw new ValueError(`LayerNormalization epsilon must be positive, got ${String(this.epsilon)}`);
    this.center = options.center ?? true;
    this.scale = options.scale ?? true;
    this.betaInitializer = getInitializer(options.betaInitializer ?? 'zeros');
    this.gammaInitializer = getInitializer(options.gammaInitializer ?? 'ones');
  }

  /** Rebuilds a LayerNormalization layer from getConfig() output; regularizers and constraints must be null. */
  static fromConfig(config: LayerConfig): LayerNormalization {
    for (const key of ['betaRegularizer', 'gammaRegularizer', 'betaConstraint', 'gammaConstraint', 'rmsScaling']) {
      const value = config[key];
      if (value !== undefined && value !== null && value !== false) {
        throw new ValueError(`LayerNormalization option ${key}=${JSON.stringify(value)} is not supported by nabla`);
      }
    }
    const axis = Array.isArray(config.axis) ? config.axis : [config.axis ?? -1];
    if (axis.length !== 1 || axis[0] !== -1) {
      throw new ValueError(`LayerNormalization axis ${JSON.stringify(config.axis)} is not supported: expected -1`);
    }
    return new LayerNormalization({
      ...layerArgsFromConfig(config),
      epsilon: (config.epsilon as number | undefined) ?? 1e-3,
      center: (config.center as boolean | undefined) ?? true,
      scale: (config.scale as boolean | undefined) ?? true,
      betaInitializer: (config.betaInitializer as string | InitializerConfig | undefined) ?? 'zeros',
      gammaInitializer: (config.gammaInitializer as string | InitializerConfig | undefined) ?? 'ones',
    });
  }

  override get weightNames(): string[] {
    return [...(this.scale ? ['gamma'] : []), ...(this.center ? ['beta'] : [])];
  }

  override weightShapes(inputShape: readonly number[]): number[][] {
    const features = inputShape[inputShape.length - 1];
    return this.weightNames.map(() => [features]);
  }

  override computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  protected override initializeWeights(generator: Generator): void {
    const shape = [this.inputShape![this.inputShape!.length - 1]];
    let k = 0;
    if (this.scale) initialize(this.gammaInitializer, shape, this.weightValues[k++], generator);
    if (this.center) initialize(this.betaInitializer, shape, this.weightValues[k], generator);
  }

  override getConfig(): LayerConfig {
    const init = (c: InitializerConfig): LayerConfig => ({ className: c.className, config: { ...c.config } });
    return {
      ...super.getConfig(),
      axis: -1,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      rmsScaling: false,
      betaInitializer: init(this.betaInitializer),
      gammaInitializer: init(this.gammaInitializer),
      betaRegularizer: null,
      gammaRegularizer: null,
      betaConstraint: null,
      gammaConstraint: null,
    };
  }

  override createStep(options: StepOptions): LayerStep {
    const { maxRows, input, inputGrad } = options;
    const shape = this.inputShape!;
    const features = shape[shape.length - 1];
    const rowsPerSample = shape.reduce((a, b) => a * b, 1) / features;
    const output = options.alloc(maxRows * rowsPerSample * features);
    const outputGrad = options.withGradients ? options.alloc(maxRows * rowsPerSample * features) : null;
    // x̂ and 1/σ of each row, kept for the backward pass.
    const normalized = options.withGradients ? new Float32Array(maxRows * rowsPerSample * features) : output;
    const inverseStd = new Float64Array(maxRows * rowsPerSample);
    const gammaIndex = this.scale ? 0 : -1;
    const betaIndex = this.center ? (this.scale ? 1 : 0) : -1;
    return {
      output,
      outputGrad,
      forward: (rows) => {
        const gamma = gammaIndex >= 0 ? this.weightValues[gammaIndex] : null;
        const beta = betaIndex >= 0 ? this.weightValues[betaIndex] : null;
        for (let r = 0; r < rows * rowsPerSample; r++) {
          const at = r * features;
          let mean = 0;
          for (let j = 0; j < features; j++) mean += input[at + j];
          mean /= features;
          let variance = 0;
          for (let j = 0; j < features; j++) variance += (input[at + j] - mean) ** 2;
          const inv = 1 / Math.sqrt(variance / features + this.epsilon);
          inverseStd[r] = inv;
          for (let j = 0; j < features; j++) {
            const xHat = (input[at + j] - mean) * inv;
            normalized[at + j] = xHat;
            output[at + j] = xHat * (gamma === null ? 1 : gamma[j]) + (beta === null ? 0 : beta[j]);
          }
        }
      },
      backward: (rows) =>
        this.backward(
          rows * rowsPerSample,
          features,
          normalized,
          inverseStd,
          outputGrad!,
          inputGrad,
          gammaIndex,
          betaIndex,
        ),
    };
  }

  /** dγ = Σ dy·x̂, dβ = Σ dy; dx = (1/σ)·(g − mean(g) − x̂·mean(g·x̂)) with g = dy·γ, per row. */
  private backward(
    rows: number,
    features: number,
    normalized: Float32Array,
    inverseStd: Float64Array,
    dy: Float32Array,
    dx: Float32Array | null,
    gammaIndex: number,
    betaIndex: number,
  ): void {
    const gamma = gammaIndex >= 0 ? this.weightValues[gammaIndex] : null;
    if (this.trainable) {
      if (gammaIndex >= 0) this.weightGrads[gammaIndex].fill(0);
      if (betaIndex >= 0) this.weightGrads[betaIndex].fill(0);
    }
    for (let r = 0; r < rows; r++) {
      const at = r * features;
      let meanG = 0;
      let meanGx = 0;
      for (let j = 0; j < features; j++) {
        const g = dy[at + j] * (gamma === null ? 1 : gamma[j]);
        meanG += g;
        meanGx += g * normalized[at + j];
        if (this.trainable) {
          if (gammaIndex >= 0) this.weightGrads[gammaIndex][j] += dy[at + j] * normalized[at + j];
          if (betaIndex >= 0) this.weightGrads[betaIndex][j] += dy[at + j];
        }
      }
      if (dx === null) continue;
      meanG /= features;
      meanGx /= features;
      for (let j = 0; j < features; j++) {
        const g = dy[at + j] * (gamma === null ? 1 : gamma[j]);
        dx[at + j] = inverseStd[r] * (g - meanG - normalized[at + j] * meanGx);
      }
    }
  }
}
