import { ValueError } from '../../errors.ts';
import {
  LearningRateSchedule,
  type ScheduleConfig,
  checkScheduleOptions,
  scheduleNumber,
} from './learning-rate-schedule.ts';

/** Options of PiecewiseConstantDecay (keras.optimizers.schedules.PiecewiseConstantDecay). */
export interface PiecewiseConstantDecayOptions {
  boundaries: number[];
  values: number[];
  name?: string;
}

const KEYS = ['boundaries', 'values', 'name'];

/**
 * values[0] while step ≤ boundaries[0], values[i] while boundaries[i−1] < step ≤ boundaries[i], values[last] after
 * the last boundary (keras.optimizers.schedules.PiecewiseConstantDecay).
 */
export class PiecewiseConstantDecay extends LearningRateSchedule {
  readonly className = 'PiecewiseConstantDecay';
  readonly boundaries: readonly number[];
  readonly values: readonly number[];

  constructor(options: PiecewiseConstantDecayOptions) {
    checkScheduleOptions('PiecewiseConstantDecay', options, KEYS, ['boundaries', 'values']);
    super(options.name ?? 'PiecewiseConstant');
    const { boundaries, values } = options;
    if (!Array.isArray(boundaries) || !Array.isArray(values) || boundaries.length !== values.length - 1) {
      throw new ValueError(
        `PiecewiseConstantDecay: the length of boundaries should be 1 less than the length of values; got boundaries=${JSON.stringify(boundaries)} and values=${JSON.stringify(values)}`,
      );
    }
    boundaries.forEach((b, i) => scheduleNumber('PiecewiseConstantDecay', `boundaries[${i}]`, b));
    values.forEach((v, i) => scheduleNumber('PiecewiseConstantDecay', `values[${i}]`, v));
    for (let i = 1; i < boundaries.length; i++) {
      if (!(boundaries[i] > boundaries[i - 1]))
        throw new ValueError(
          `PiecewiseConstantDecay: boundaries must be strictly increasing, got ${JSON.stringify(boundaries)}`,
        );
    }
    this.boundaries = [...boundaries];
    this.values = [...values];
  }

  call(step: number): number {
    const i = this.boundaries.findIndex((b) => step <= b);
    return this.values[i === -1 ? this.values.length - 1 : i];
  }

  getConfig(): ScheduleConfig {
    return { boundaries: [...this.boundaries], values: [...this.values], name: this.name };
  }
}
