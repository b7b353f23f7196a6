import {
  LearningRateSchedule,
  type ScheduleConfig,
  checkScheduleOptions,
  scheduleNumber,
} from './learning-rate-schedule.ts';

/** Options of CosineDecayRestarts (keras.optimizers.schedules.CosineDecayRestarts). */
export interface CosineDecayRestartsOptions {
  initialLearningRate: number;
  firstDecaySteps: number;
  tMul?: number;
  mMul?: number;
  alpha?: number;
  name?: string;
}

const KEYS = ['initialLearningRate', 'firstDecaySteps', 'tMul', 'mMul', 'alpha', 'name'];

/**
 * Cosine decay with warm restarts (SGDR): period i lasts firstDecaySteps·tMul^i steps and starts at lr₀·mMul^i
 * (keras.optimizers.schedules.CosineDecayRestarts).
 */
export class CosineDecayRestarts extends LearningRateSchedule {
  readonly className = 'CosineDecayRestarts';
  readonly initialLearningRate: number;
  readonly firstDecaySteps: number;
  readonly tMul: number;
  readonly mMul: number;
  readonly alpha: number;

  constructor(options: CosineDecayRestartsOptions) {
    checkScheduleOptions('CosineDecayRestarts', options, KEYS, ['initialLearningRate', 'firstDecaySteps']);
    super(options.name ?? 'SGDRDecay');
    this.initialLearningRate = scheduleNumber(
      'CosineDecayRestarts',
      'initialLearningRate',
      options.initialLearningRate,
    );
    this.firstDecaySteps = scheduleNumber(
      'CosineDecayRestarts',
      'firstDecaySteps',
      options.firstDecaySteps,
      'positive',
    );
    this.tMul = scheduleNumber('CosineDecayRestarts', 'tMul', options.tMul ?? 2, 'positive');
    this.mMul = scheduleNumber('CosineDecayRestarts', 'mMul', options.mMul ?? 1);
    this.alpha = scheduleNumber('CosineDecayRestarts', 'alpha', options.alpha ?? 0);
  }

  call(step: number): number {
    let fraction = step / this.firstDecaySteps;
    let restart: number;
    if (this.tMul === 1) {
      restart = Math.floor(fraction);
      fraction -= restart;
    } else {
      // Periods grow geometrically: restart i begins at fraction (1 − tMul^i)/(1 − tMul).
      restart = Math.floor(Math.log(1 - fraction * (1 - this.tMul)) / Math.log(this.tMul));
      const begun = (1 - this.tMul ** restart) / (1 - this.tMul);
      fraction = (fraction - begun) / this.tMul ** restart;
    }
    const cosine = 0.5 * this.mMul ** restart * (1 + Math.cos(Math.PI * fraction));
    return this.initialLearningRate * ((1 - this.alpha) * cosine + this.alpha);
  }

  getConfig(): ScheduleConfig {
    return {
      initialLearningRate: this.initialLearningRate,
      firstDecaySteps: this.firstDecaySteps,
      tMul: this.tMul,
      mMul: this.mMul,
      alpha: this.alpha,
      name: this.name,
    };
  }
}
