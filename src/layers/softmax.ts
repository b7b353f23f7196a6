import { ValueError } from '../errors.ts';
import { checkOptions } from '../options.ts';
import {
  type LayerArgs,
  type LayerConfig,
  type LayerStep,
  type StepOptions,
  Layer,
  layerArgsFromConfig,
} from './layer.ts';
import { activationStep } from './activation.ts';
import { LAYER_ARG_KEYS } from './pointwise.ts';

/** Options of Softmax (keras.layers.Softmax keyword arguments). */
export interface SoftmaxOptions extends LayerArgs {
  /** The axis to normalize: -1 (the last one, Keras's default) or its positive index counting the batch axis. */
  axis?: number;
}

/** The softmax along the last axis, exp(x) / Σ exp(x) (keras.layers.Softmax). */
export class Softmax extends Layer {
  readonly axis: number;
  /** Read by the losses like a Dense's activation: a cross-entropy after it works on the logits, as in Keras. */
  readonly activation = 'softmax' as const;

  constructor(options: SoftmaxOptions = {}) {
    checkOptions('Softmax', options, [...LAYER_ARG_KEYS, 'axis']);
    super('Softmax', options);
    this.axis = options.axis ?? -1;
    if (!Number.isInteger(this.axis) || this.axis === 0 || this.axis < -1) {
      throw new ValueError(
        `Softmax axis must be -1 (the last axis) or the last axis's index, got ${String(this.axis)}`,
      );
    }
  }

  /** Rebuilds a Softmax layer from getConfig() output. */
  static fromConfig(config: LayerConfig): Softmax {
    return new Softmax({ ...layerArgsFromConfig(config), axis: (config.axis as number | undefined) ?? -1 });
  }

  override computeOutputShape(inputShape: readonly number[]): number[] {
    if (this.axis !== -1 && this.axis !== inputShape.length) {
      throw new ValueError(
        `layer '${this.name}' (Softmax): axis ${this.axis} is not the last axis of inputs of rank ${inputShape.length + 1}; nabla normalizes the last axis only`,
      );
    }
    return [...inputShape];
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), axis: this.axis };
  }

  override createStep(options: StepOptions): LayerStep {
    // A fused loss after the model's last layer takes the logits: the step then passes them through.
    return activationStep(options, this.inputShape!, options.activationOverride ?? 'softmax');
  }
}
