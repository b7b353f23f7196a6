// Public exports of the models.
export { Sequential } from './sequential.ts';
export type { CompileOptions, LossAndMetrics, MetricInput, SequentialConfig, SequentialOptions } from './sequential.ts';
export type { EvaluateOptions, FitOptions, PredictOptions, Verbosity } from './training-loop.ts';
export type { ArrayInput, NestedNumbers } from './data.ts';
export { NestedModel } from './nested-model.ts';
export { loadModel } from './load-model.ts';
export type { LoadModelOptions } from './load-model.ts';
export { Model } from './functional.ts';
export { ModelBase } from './model-base.ts';
export type { ModelCompileOptions, ModelOptions } from './functional.ts';
export type { PerOutput } from './compile-outputs.ts';
export type { ModelInputs } from './training-loop.ts';
