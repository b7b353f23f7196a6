// The public API of nabla, and nothing else.
export * from './errors.ts';
export * from './tensor/index.ts';
export { Tensor } from './tensor/tensor.ts';
export type { DType, TypedArray } from './tensor/dtype.ts';
export * from './backend/index.ts';
export * from './autograd/index.ts';
export * from './models/index.ts';
export { clearSession } from './layers/naming.ts';
export * as models from './models/index.ts';
export * as layers from './layers/index.ts';
export * as optimizers from './optimizers/index.ts';
export * as callbacks from './callbacks/index.ts';
export * as random from './random/index.ts';
export * as datasets from './datasets/index.ts';
export * as linearModel from './linear-model/index.ts';
export * as modelSelection from './model-selection/index.ts';
export * as plot from './plot/index.ts';
// The string ids compile() and the layers take, for code that names them.
export type { ActivationName } from './activations.ts';
export type { InitializerId, InitializerConfig } from './initializers.ts';
export type { LossId, LossName } from './losses.ts';
export type { MetricId } from './metrics.ts';
export type { OptimizerId } from './optimizers/get-optimizer.ts';
