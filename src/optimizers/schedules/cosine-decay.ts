import {
  LearningRateSchedule,
  type ScheduleConfig,
  checkScheduleOptions,
  scheduleNumber,
} from './learning-rate-schedule.ts';

/** Options of CosineDecay (keras.optimizers.schedules.CosineDecay). */
export interface CosineDecayOptions {
  initialLearningRate: number;
  decaySteps: number;
  alpha?: number;
  name?: string;
  warmupTarget?: number | null;
  warmupSteps?: number;
}

const KEYS = ['initialLearningRate', 'decaySteps', 'alpha', 'name', 'warmupTarget', 'warmupSteps'];

/**
 * Optional linear warmup from lr₀ to warmupTarget over warmupSteps, then a cosine decay over decaySteps from the
 * warmup target (or lr₀ without warmup) down to alpha times it (keras.optimizers.schedules.CosineDecay).
 */
export class CosineDecay extends LearningRateSchedule {
  readonly className = 'CosineDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly alpha: number;
  readonly warmupTarget: number | null;
  readonly warmupSteps: number;

  constructor(options: CosineDecayOptions) {
    checkScheduleOptions('CosineDecay', options, KEYS, ['initialLearningRate', 'decaySteps']);
    super(options.name ?? 'CosineDecay');
    this.initialLearningRate = scheduleNumber('CosineDecay', 'initialLearningRate', options.initialLearningRate);
    this.decaySteps = scheduleNumber('CosineDecay', 'decaySteps', options.decaySteps, 'positive');
    this.alpha = scheduleNumber('CosineDecay', 'alpha', options.alpha ?? 0);
    const target = options.warmupTarget ?? null;
    this.warmupTarget = target === null ? null : scheduleNumber('CosineDecay', 'warmupTarget', target);
    this.warmupSteps = scheduleNumber('CosineDecay', 'warmupSteps', options.warmupSteps ?? 0, 'nonNegative');
  }

  call(step: number): number {
    if (this.warmupTarget === null) return this.decayed(Math.min(step, this.decaySteps), this.initialLearningRate);
    const s = Math.min(step, this.decaySteps + this.warmupSteps);
    if (s < this.warmupSteps) {
      return (this.warmupTarget - this.initialLearningRate) * (s / this.warmupSteps) + this.initialLearningRate;
    }
    return this.decayed(s - this.warmupSteps, this.warmupTarget);
  }

  private decayed(step: number, from: number): number {
    const cosine = 0.5 * (1 + Math.cos((Math.PI * step) / this.decaySteps));
    return from * ((1 - this.alpha) * cosine + this.alpha);
  }

  getConfig(): ScheduleConfig {
    return {
      initialLearningRate: this.initialLearningRate,
      decaySteps: this.decaySteps,
      alpha: this.alpha,
      name: this.name,
      warmupTarget: this.warmupTarget,
      warmupSteps: this.warmupSteps,
    };
  }
}
