// Public exports of nb.utils (keras.utils).
export { toCategorical } from './to-categorical.ts';
export { type PadSequencesOptions, padSequences } from './pad-sequences.ts';
export { type NormalizeOptions, normalize } from './normalize.ts';
export { setRandomSeed } from './set-random-seed.ts';
export { type PlotModelOptions, plotModel, plotModelPng } from './plot-model.ts';
export type { DiagramOptions, PlottableModel, Rankdir } from './model-diagram.ts';
