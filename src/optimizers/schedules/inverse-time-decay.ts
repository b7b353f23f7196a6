import {
  LearningRateSchedule,
  type ScheduleConfig,
  checkScheduleOptions,
  scheduleFlag,
  scheduleNumber,
} from './learning-rate-schedule.ts';

/** Options of InverseTimeDecay (keras.optimizers.schedules.InverseTimeDecay). */
export interface InverseTimeDecayOptions {
  initialLearningRate: number;
  decaySteps: number;
  decayRate: number;
  staircase?: boolean;
  name?: string;
}

const KEYS = ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase', 'name'];

/** lr₀ / (1 + rate · step / decaySteps), the ratio floored when staircase (keras.optimizers.schedules.InverseTimeDecay). */
export class InverseTimeDecay extends LearningRateSchedule {
  readonly className = 'InverseTimeDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;

  constructor(options: InverseTimeDecayOptions) {
    checkScheduleOptions('InverseTimeDecay', options, KEYS, ['initialLearningRate', 'decaySteps', 'decayRate']);
    super(options.name ?? 'InverseTimeDecay');
    this.initialLearningRate = scheduleNumber('InverseTimeDecay', 'initialLearningRate', options.initialLearningRate);
    this.decaySteps = scheduleNumber('InverseTimeDecay', 'decaySteps', options.decaySteps, 'positive');
    this.decayRate = scheduleNumber('InverseTimeDecay', 'decayRate', options.decayRate);
    this.staircase = scheduleFlag('InverseTimeDecay', 'staircase', options.staircase ?? false);
  }

  call(step: number): number {
    let p = step / this.decaySteps;
    if (this.staircase) p = Math.floor(p);
    return this.initialLearningRate / (1 + this.decayRate * p);
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
