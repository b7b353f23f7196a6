export { Generator, setSeed, defaultGenerator } from './generator.ts';
export { RandomState, RandomStateGenerator, checkRandomState } from './random-state.ts';
export type { RandomStateSeed, ShuffleTarget } from './random-state.ts';
