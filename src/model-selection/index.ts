// Public exports of this folder: scikit-learn's model_selection side (and accuracy_score).
export { trainTestSplit, trainTestSplitIndices } from './train-test-split.ts';
export type { TrainTestSplitOptions, Splittable, SplitPairs } from './train-test-split.ts';
export { KFold } from './kfold.ts';
export { StratifiedKFold } from './stratified-kfold.ts';
export type { CrossValidator, KFoldOptions } from './cross-validator.ts';
export { crossValidate, checkCv } from './cross-validate.ts';
export type { CrossValidateOptions, CrossValidateResult } from './cross-validate.ts';
export { accuracyScore } from './accuracy-score.ts';
export type { Estimator, WorkerRecipe } from './estimator.ts';
export { DenseRows } from './samples.ts';
export type { Features, Labels, NestedRows } from './samples.ts';
export type { RandomStateLike, SplitIndices, SplitSize } from './shuffle-split.ts';
export { filterWarnings } from './warnings.ts';
export type { WarningAction, WarningCategory } from './warnings.ts';
