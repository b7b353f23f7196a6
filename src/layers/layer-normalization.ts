import { ShapeError, ValueError } from '../errors.ts';
import { type InitializerConfig, getInitializer, initialize } from '../initializers.ts';
import { LAYER_NORMALIZATION_KEYS } from '../option-keys.ts';
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
import {
  type NormParams,
  type NormState,
  normalizeBackward,
  normalizeForward,
  planGroups,
} from './layer-normalization-step.ts';

/** Options of LayerNormalization (keras.layers.LayerNormalization). */
export interface LayerNormalizationOptions extends LayerArgs {
  /**
   * The normalized axis or axes of the input, the batch axis being 0 (default −1, the last); gamma and beta
   * span these axes.
   */
  axis?: number | readonly number[];
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
  /** y = x / sqrt(var + ε) · gamma: no centering and no beta (center and scale are then ignored). */
  rmsScaling?: boolean;
  betaInitializer?: string | InitializerConfig;
  gammaInitializer?: string | InitializerConfig;
}

/**
 * Normalizes each sample over the chosen axes, y = (x − mean) / sqrt(var + ε) · gamma + beta, with the mean and
 * variance over those axes of that sample (keras.layers.LayerNormalization; ε 1e-3, weights [gamma, beta]).
 */
export class LayerNormalization extends Layer {
  /** The axis option as given; Keras saves a built layer's axis as a list, so getConfig does too. */
  readonly axis: number | readonly number[];
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly rmsScaling: boolean;
  readonly betaInitializer: InitializerConfig;
  readonly gammaInitializer: InitializerConfig;

  constructor(options: LayerNormalizationOptions = {}) {
    checkOptions('LayerNormalization', options, LAYER_NORMALIZATION_KEYS);
    super('LayerNormalization', options);
    this.axis = checkAxis(options.axis ?? -1);
    this.epsilon = options.epsilon ?? 1e-3;
    if (typeof this.epsilon !== 'number' || !(this.epsilon > 0))
      throw new ValueError(`LayerNormalization epsilon must be positive, got ${String(this.epsilon)}`);
    this.center = flag('center', options.center, true);
    this.scale = flag('scale', options.scale, true);
    this.rmsScaling = flag('rmsScaling', options.rmsScaling, false);
    this.betaInitializer = getInitializer(options.betaInitializer ?? 'zeros');
    this.gammaInitializer = getInitializer(options.gammaInitializer ?? 'ones');
  }

  /** Rebuilds a LayerNormalization layer from getConfig() output; regularizers and constraints must be null. */
  static fromConfig(config: LayerConfig): LayerNormalization {
    for (const key of ['betaRegularizer', 'gammaRegularizer', 'betaConstraint', 'gammaConstraint']) {
      const value = config[key];
      if (value !== undefined && value !== null) {
        throw new ValueError(`LayerNormalization option ${key}=${JSON.stringify(value)} is not supported by nabla`);
      }
    }
    return new LayerNormalization({
      ...layerArgsFromConfig(config),
      axis: (config.axis as number | number[] | undefined) ?? -1,
      epsilon: (config.epsilon as number | undefined) ?? 1e-3,
      center: (config.center as boolean | undefined) ?? true,
      scale: (config.scale as boolean | undefined) ?? true,
      rmsScaling: (config.rmsScaling as boolean | undefined) ?? false,
      betaInitializer: (config.betaInitializer as string | InitializerConfig | undefined) ?? 'zeros',
      gammaInitializer: (config.gammaInitializer as string | InitializerConfig | undefined) ?? 'ones',
    });
  }

  /** gamma when scale or rmsScaling, beta when center without rmsScaling (as Keras builds them). */
  override get weightNames(): string[] {
    const gamma = this.scale || this.rmsScaling;
    const beta = this.center && !this.rmsScaling;
    return [...(gamma ? ['gamma'] : []), ...(beta ? ['beta'] : [])];
  }

  /** The sizes of the normalized axes, in the order the axes were given (Keras's weight shape). */
  override weightShapes(inputShape: readonly number[]): number[][] {
    const given = (Array.isArray(this.axis) ? this.axis : [this.axis]) as number[];
    const shape = given.map((a) => inputShape[sampleAxis(a, inputShape.length)]);
    return this.weightNames.map(() => [...shape]);
  }

  override computeOutputShape(inputShape: readonly number[]): number[] {
    this.sampleAxes(inputShape);
    return [...inputShape];
  }

  /** The normalized axes of a sample (batch axis removed), ascending; a ShapeError when one is out of range. */
  private sampleAxes(inputShape: readonly number[]): number[] {
    const given = (Array.isArray(this.axis) ? this.axis : [this.axis]) as number[];
    const rank = inputShape.length + 1;
    const axes = given.map((a) => {
      if (a >= rank || a < -rank || a === 0 || a === -rank) {
        throw new ShapeError(
          `LayerNormalization axis ${a} does not fit inputs of rank ${rank} (shape [null, ${inputShape.join(', ')}]): expected 1 … ${rank - 1} or −1 … −${rank - 1}, not the batch axis`,
        );
      }
      return sampleAxis(a, inputShape.length);
    });
    if (new Set(axes).size !== axes.length) {
      throw new ValueError(`LayerNormalization axis ${JSON.stringify(this.axis)} names an axis twice`);
    }
    return axes.sort((a, b) => a - b);
  }

  protected override initializeWeights(generator: Generator): void {
    const [shape] = this.weightShapes(this.inputShape!);
    this.weightNames.forEach((name, k) =>
      initialize(
        name === 'gamma' ? this.gammaInitializer : this.betaInitializer,
        shape,
        this.weightValues[k],
        generator,
      ),
    );
  }

  override getConfig(): LayerConfig {
    const init = (c: InitializerConfig): LayerConfig => ({ className: c.className, config: { ...c.config } });
    return {
      ...super.getConfig(),
      axis: Array.isArray(this.axis) ? [...this.axis] : [this.axis],
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      rmsScaling: this.rmsScaling,
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
    const sampleSize = shape.reduce((a, b) => a * b, 1);
    const plan = planGroups(shape, this.sampleAxes(shape));
    const output = options.alloc(maxRows * sampleSize);
    const outputGrad = options.withGradients ? options.alloc(maxRows * sampleSize) : null;
    const state: NormState = {
      normalized: options.withGradients ? new Float32Array(maxRows * sampleSize) : output,
      inverseStd: new Float64Array(maxRows * plan.groups),
      shift: new Float64Array(this.rmsScaling ? maxRows * plan.groups : 0),
    };
    const gammaIndex = this.weightNames.indexOf('gamma');
    const betaIndex = this.weightNames.indexOf('beta');
    const params = (): NormParams => ({
      plan,
      sampleSize,
      epsilon: this.epsilon,
      rmsScaling: this.rmsScaling,
      gamma: gammaIndex >= 0 ? this.weightValues[gammaIndex] : null,
      beta: betaIndex >= 0 ? this.weightValues[betaIndex] : null,
    });
    return {
      output,
      outputGrad,
      forward: (rows) => normalizeForward(params(), rows, input, output, state),
      backward: (rows) => {
        const grads = (i: number): Float32Array | null => (this.trainable && i >= 0 ? this.weightGrads[i] : null);
        normalizeBackward(params(), rows, state, outputGrad!, inputGrad, grads(gammaIndex), grads(betaIndex));
      },
    };
  }
}

/** A sample axis (batch removed) from an input axis, for samples of rank `sampleRank`. */
function sampleAxis(axis: number, sampleRank: number): number {
  return (axis < 0 ? axis + sampleRank + 1 : axis) - 1;
}

function checkAxis(axis: unknown): number | readonly number[] {
  const list = Array.isArray(axis) ? axis : [axis];
  if (list.length === 0 || list.some((a) => typeof a !== 'number' || !Number.isInteger(a))) {
    throw new ValueError(
      `LayerNormalization axis must be an integer or a non-empty array of integers, got ${JSON.stringify(axis)}`,
    );
  }
  return Array.isArray(axis) ? [...axis] : (axis as number);
}

function flag(name: string, value: unknown, fallback: boolean): boolean {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new ValueError(`LayerNormalization ${name} must be true or false, got ${String(value)}`);
  }
  return value ?? fallback;
}
