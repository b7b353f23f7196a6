import { ValueError } from '../errors.ts';
import { checkOptions } from '../options.ts';
import { type LayerArgs, type LayerConfig, layerArgsFromConfig } from './layer.ts';
import { LAYER_ARG_KEYS, PointwiseLayer } from './pointwise.ts';

/** Options of ELU (keras.layers.ELU keyword arguments). */
export interface ELUOptions extends LayerArgs {
  /** The scale of the negative part (default 1). */
  alpha?: number;
}

/** The exponential linear unit, x for x > 0 and alpha · (exp(x) − 1) otherwise (keras.layers.ELU). */
export class ELU extends PointwiseLayer {
  readonly alpha: number;

  constructor(options: ELUOptions = {}) {
    checkOptions('ELU', options, [...LAYER_ARG_KEYS, 'alpha']);
    super('ELU', options);
    this.alpha = options.alpha ?? 1;
    if (!Number.isFinite(this.alpha))
      throw new ValueError(`ELU alpha must be a finite number, got ${String(this.alpha)}`);
  }

  /** Rebuilds an ELU layer from getConfig() output. */
  static fromConfig(config: LayerConfig): ELU {
    return new ELU({ ...layerArgsFromConfig(config), alpha: (config.alpha as number | undefined) ?? 1 });
  }

  protected override valueAt(x: number): number {
    return x > 0 ? x : this.alpha * Math.expm1(x);
  }

  protected override slopeAt(x: number): number {
    return x > 0 ? 1 : this.alpha * Math.exp(x);
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), alpha: this.alpha };
  }
}
