import {
  LearningRateSchedule,
  type ScheduleConfig,
  checkScheduleOptions,
  scheduleFlag,
  scheduleNumber,
} from './learning-rate-schedule.ts';

/** Options of ExponentialDecay (keras.optimizers.schedules.ExponentialDecay). */
export interface ExponentialDecayOptions {
  initialLearningRate: number;
  decaySteps: number;
  decayRate: number;
  staircase?: boolean;
  name?: string;
}

const KEYS = ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase', 'name'];

/** lr₀ · rate^(step / decaySteps), the exponent floored when staircase (keras.optimizers.schedules.ExponentialDecay). */
export class ExponentialDecay extends LearningRateSchedule {
  readonly className = 'ExponentialDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;

  constructor(options: ExponentialDecayOptions) {
    checkScheduleOptions('ExponentialDecay', options, KEYS, ['initialLearningRate', 'decaySteps', 'decayRate']);
    super(options.name ?? 'ExponentialDecay');
    this.initialLearningRate = scheduleNumber('ExponentialDecay', 'initialLearningRate', options.initialLearningRate);
    this.decaySteps = scheduleNumber('ExponentialDecay', 'decaySteps', options.decaySteps, 'positive');
    this.decayRate = scheduleNumber('ExponentialDecay', 'decayRate', options.decayRate);
    this.staircase = scheduleFlag('ExponentialDecay', 'staircase', options.staircase ?? false);
  }

  call(step: number): number {
    let p = step / this.decaySteps;
    if (this.staircase) p = Math.floor(p);
    return this.initialLearningRate * this.decayRate ** p;
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
