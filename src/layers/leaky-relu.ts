import { ValueError } from '../errors.ts';
import { checkOptions } from '../options.ts';
import { type LayerArgs, type LayerConfig, layerArgsFromConfig } from './layer.ts';
import { LAYER_ARG_KEYS, PointwiseLayer } from './pointwise.ts';

/** Options of LeakyReLU (keras.layers.LeakyReLU keyword arguments, camelCase). */
export interface LeakyReLUOptions extends LayerArgs {
  /** The slope for x < 0 (Keras's default 0.3). */
  negativeSlope?: number;
}

/** The leaky rectifier, x for x ≥ 0 and negativeSlope · x below (keras.layers.LeakyReLU). */
export class LeakyReLU extends PointwiseLayer {
  readonly negativeSlope: number;

  constructor(options: LeakyReLUOptions = {}) {
    checkOptions('LeakyReLU', options, [...LAYER_ARG_KEYS, 'negativeSlope']);
    super('LeakyReLU', options);
    this.negativeSlope = options.negativeSlope ?? 0.3;
    if (!(this.negativeSlope >= 0)) {
      throw new ValueError(`LeakyReLU negativeSlope must be a number >= 0, got ${String(this.negativeSlope)}`);
    }
  }

  /** Rebuilds a LeakyReLU layer from getConfig() output; tf.keras 2.x stored the slope as `alpha`. */
  static fromConfig(config: LayerConfig): LeakyReLU {
    const { alpha, ...rest } = config;
    const slope = (rest.negativeSlope ?? alpha ?? 0.3) as number;
    return new LeakyReLU({ ...layerArgsFromConfig(rest), negativeSlope: slope });
  }

  protected override valueAt(x: number): number {
    return x >= 0 ? x : this.negativeSlope * x;
  }

  protected override slopeAt(x: number): number {
    return x >= 0 ? 1 : this.negativeSlope;
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), negativeSlope: this.negativeSlope };
  }
}
