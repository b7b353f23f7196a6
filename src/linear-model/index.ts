// Public exports of this folder: scikit-learn's linear_model side.
export { SGDClassifier } from './sgd-classifier.ts';
export type { SGDClassifierOptions } from './sgd-options.ts';
export type { SgdLossName } from './sgd-losses.ts';
export type { SgdPenalty, SgdLearningRate } from './plain-sgd.ts';
export { filterWarnings } from '../model-selection/warnings.ts';
export type { WarningAction, WarningCategory } from '../model-selection/warnings.ts';
