import { RateDecay, type RateDecayOptions } from './rate-decay.ts';

/** Options of ExponentialDecay (keras.optimizers.schedules.ExponentialDecay). */
export type ExponentialDecayOptions = RateDecayOptions;

/** lr₀ · rate^(step / decaySteps), the exponent floored when staircase (keras.optimizers.schedules.ExponentialDecay). */
export class ExponentialDecay extends RateDecay {
  readonly className = 'ExponentialDecay';

  constructor(options: ExponentialDecayOptions) {
    super('ExponentialDecay', options);
  }

  call(step: number): number {
    return this.initialLearningRate * this.decayRate ** this.progress(step);
  }
}
