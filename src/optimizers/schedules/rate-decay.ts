import {
  LearningRateSchedule,
  type ScheduleConfig,
  checkScheduleOptions,
  scheduleFlag,
  scheduleNumber,
} from './learning-rate-schedule.ts';

/** Options of ExponentialDecay and InverseTimeDecay (Keras gives both the same arguments). */
export interface RateDecayOptions {
  initialLearningRate: number;
  decaySteps: number;
  decayRate: number;
  staircase?: boolean;
  name?: string;
}

const KEYS = ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase', 'name'];

/**
 * The schedules that decay lr₀ at a rate per `decaySteps` steps: they differ only in the formula applied to the
 * progress step / decaySteps (floored when staircase).
 */
export abstract class RateDecay extends LearningRateSchedule {
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;

  protected constructor(className: string, options: RateDecayOptions) {
    checkScheduleOptions(className, options, KEYS, ['initialLearningRate', 'decaySteps', 'decayRate']);
    super(options.name ?? className);
    this.initialLearningRate = scheduleNumber(className, 'initialLearningRate', options.initialLearningRate);
    this.decaySteps = scheduleNumber(className, 'decaySteps', options.decaySteps, 'positive');
    this.decayRate = scheduleNumber(className, 'decayRate', options.decayRate);
    this.staircase = scheduleFlag(className, 'staircase', options.staircase ?? false);
  }

  /** step / decaySteps, floored when staircase. */
  protected progress(step: number): number {
    const p = step / this.decaySteps;
    return this.staircase ? Math.floor(p) : p;
  }

  getConfig(): ScheduleConfig {
    return {
      initialLearningRate: this.initialLearningRate,
      decaySteps: this.decaySteps,
      decayRate: this.decayRate,
      staircase: this.staircase,
      name: this.name,
    };
  }
}
