// Learning-rate schedules (keras.optimizers.schedules).
export { LearningRateSchedule } from './learning-rate-schedule.ts';
export type { ScheduleConfig, ScheduleSpec } from './learning-rate-schedule.ts';
export { ExponentialDecay } from './exponential-decay.ts';
export type { ExponentialDecayOptions } from './exponential-decay.ts';
export { PiecewiseConstantDecay } from './piecewise-constant-decay.ts';
export type { PiecewiseConstantDecayOptions } from './piecewise-constant-decay.ts';
export { PolynomialDecay } from './polynomial-decay.ts';
export type { PolynomialDecayOptions } from './polynomial-decay.ts';
export { InverseTimeDecay } from './inverse-time-decay.ts';
export type { InverseTimeDecayOptions } from './inverse-time-decay.ts';
export { CosineDecay } from './cosine-decay.ts';
export type { CosineDecayOptions } from './cosine-decay.ts';
export { CosineDecayRestarts } from './cosine-decay-restarts.ts';
export type { CosineDecayRestartsOptions } from './cosine-decay-restarts.ts';
export { getSchedule } from './get-schedule.ts';
