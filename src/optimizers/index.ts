// Public exports of the optimizers.
export { Optimizer } from './optimizer.ts';
export type { OptimizerConfig, OptimizerOptions, OptimizerVariable } from './optimizer.ts';
export { SGD } from './sgd.ts';
export type { SGDOptions } from './sgd.ts';
export { Adam } from './adam.ts';
export type { AdamOptions } from './adam.ts';
export { RMSprop } from './rmsprop.ts';
export type { RMSpropOptions } from './rmsprop.ts';
export { Adagrad } from './adagrad.ts';
export type { AdagradOptions } from './adagrad.ts';
export { getOptimizer, OPTIMIZER_IDS } from './get-optimizer.ts';
export type { OptimizerSpec } from './get-optimizer.ts';
export type { OptimizerId } from './get-optimizer.ts';
