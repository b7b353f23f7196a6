import { ValueError } from '../errors.ts';
import { checkOptions } from '../options.ts';
import { type LayerArgs, type LayerConfig, layerArgsFromConfig } from './layer.ts';
import { LAYER_ARG_KEYS, PointwiseLayer } from './pointwise.ts';

/** Options of ReLU (keras.layers.ReLU keyword arguments, camelCase). */
export interface ReLUOptions extends LayerArgs {
  /** The largest output (null: unbounded). */
  maxValue?: number | null;
  /** The slope below the threshold (default 0). */
  negativeSlope?: number;
  /** The input below which the negative slope applies (default 0). */
  threshold?: number;
}

/**
 * The rectified linear unit with Keras's options (keras.layers.ReLU): maxValue for x ≥ maxValue, x for
 * threshold ≤ x < maxValue, negativeSlope · (x − threshold) below the threshold.
 */
export class ReLU extends PointwiseLayer {
  readonly maxValue: number | null;
  readonly negativeSlope: number;
  readonly threshold: number;

  constructor(options: ReLUOptions = {}) {
    checkOptions('ReLU', options, [...LAYER_ARG_KEYS, 'maxValue', 'negativeSlope', 'threshold']);
    super('ReLU', options);
    this.maxValue = options.maxValue ?? null;
    this.negativeSlope = options.negativeSlope ?? 0;
    this.threshold = options.threshold ?? 0;
    if (this.maxValue !== null && !(this.maxValue >= 0)) {
      throw new ValueError(`ReLU maxValue must be a number >= 0 or null, got ${String(this.maxValue)}`);
    }
    if (!(this.negativeSlope >= 0))
      throw new ValueError(`ReLU negativeSlope must be a number >= 0, got ${String(this.negativeSlope)}`);
    if (!Number.isFinite(this.threshold))
      throw new ValueError(`ReLU threshold must be a finite number, got ${String(this.threshold)}`);
  }

  /** Rebuilds a ReLU layer from getConfig() output. */
  static fromConfig(config: LayerConfig): ReLU {
    return new ReLU({
      ...layerArgsFromConfig(config),
      maxValue: (config.maxValue as number | null | undefined) ?? null,
      negativeSlope: (config.negativeSlope as number | undefined) ?? 0,
      threshold: (config.threshold as number | undefined) ?? 0,
    });
  }

  protected override valueAt(x: number): number {
    if (this.maxValue !== null && x >= this.maxValue) return this.maxValue;
    return x >= this.threshold ? x : this.negativeSlope * (x - this.threshold);
  }

  protected override slopeAt(x: number): number {
    if (this.maxValue !== null && x >= this.maxValue) return 0;
    return x >= this.threshold ? 1 : this.negativeSlope;
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      maxValue: this.maxValue,
      negativeSlope: this.negativeSlope,
      threshold: this.threshold,
    };
  }
}
