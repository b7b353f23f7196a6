import {
  LearningRateSchedule,
  type ScheduleConfig,
  checkScheduleOptions,
  scheduleFlag,
  scheduleNumber,
} from './learning-rate-schedule.ts';

/** Options of PolynomialDecay (keras.optimizers.schedules.PolynomialDecay). */
export interface PolynomialDecayOptions {
  initialLearningRate: number;
  decaySteps: number;
  endLearningRate?: number;
  power?: number;
  cycle?: boolean;
  name?: string;
}

const KEYS = ['initialLearningRate', 'decaySteps', 'endLearningRate', 'power', 'cycle', 'name'];

/**
 * (lr₀ − end)·(1 − step/decaySteps)^power + end, the step capped at decaySteps; with cycle, decaySteps grows to
 * the first multiple ≥ step instead (keras.optimizers.schedules.PolynomialDecay).
 */
export class PolynomialDecay extends LearningRateSchedule {
  readonly className = 'PolynomialDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly endLearningRate: number;
  readonly power: number;
  readonly cycle: boolean;

  constructor(options: PolynomialDecayOptions) {
    checkScheduleOptions('PolynomialDecay', options, KEYS, ['initialLearningRate', 'decaySteps']);
    super(options.name ?? 'PolynomialDecay');
    this.initialLearningRate = scheduleNumber('PolynomialDecay', 'initialLearningRate', options.initialLearningRate);
    this.decaySteps = scheduleNumber('PolynomialDecay', 'decaySteps', options.decaySteps, 'positive');
    this.endLearningRate = scheduleNumber('PolynomialDecay', 'endLearningRate', options.endLearningRate ?? 0.0001);
    this.power = scheduleNumber('PolynomialDecay', 'power', options.power ?? 1);
    this.cycle = scheduleFlag('PolynomialDecay', 'cycle', options.cycle ?? false);
  }

  call(step: number): number {
    let decaySteps = this.decaySteps;
    let s = step;
    // Keras uses a multiplier of 1 at step 0 so that the cycle starts at the initial rate.
    if (this.cycle) decaySteps *= step === 0 ? 1 : Math.ceil(step / this.decaySteps);
    else s = Math.min(step, decaySteps);
    const p = s / decaySteps;
    return (this.initialLearningRate - this.endLearningRate) * (1 - p) ** this.power + this.endLearningRate;
  }

  getConfig(): ScheduleConfig {
    return {
      initialLearningRate: this.initialLearningRate,
      decaySteps: this.decaySteps,
      endLearningRate: this.endLearningRate,
      power: this.power,
      cycle: this.cycle,
      name: this.name,
    };
  }
}
