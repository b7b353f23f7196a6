import { RateDecay, type RateDecayOptions } from './rate-decay.ts';

/** Options of InverseTimeDecay (keras.optimizers.schedules.InverseTimeDecay). */
export type InverseTimeDecayOptions = RateDecayOptions;

/** lr₀ / (1 + rate · step / decaySteps), the ratio floored when staircase (keras.optimizers.schedules.InverseTimeDecay). */
export class InverseTimeDecay extends RateDecay {
  readonly className = 'InverseTimeDecay';

  constructor(options: InverseTimeDecayOptions) {
    super('InverseTimeDecay', options);
  }

  call(step: number): number {
    return this.initialLearningRate / (1 + this.decayRate * this.progress(step));
  }
}
