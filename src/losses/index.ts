// Public exports of the losses (nb.losses): loss classes with Keras's options, ids, and custom loss functions.
export { EPSILON, Loss, type LossRows, type LogitsActivation } from './loss.ts';
export {
  BinaryCrossentropy,
  BinaryFocalCrossentropy,
  type BinaryFocalCrossentropyOptions,
  CategoricalCrossentropy,
  type CrossentropyOptions,
  SparseCategoricalCrossentropy,
  type SparseCategoricalCrossentropyOptions,
} from './crossentropy.ts';
export {
  CategoricalHinge,
  CosineSimilarity,
  type CosineSimilarityOptions,
  Hinge,
  Huber,
  type HuberOptions,
  KLDivergence,
  LogCosh,
  MeanAbsoluteError,
  MeanAbsolutePercentageError,
  MeanSquaredError,
  MeanSquaredLogarithmicError,
  Poisson,
  SquaredHinge,
} from './regression.ts';
export { FunctionLoss, type LossFunction } from './function-loss.ts';
export {
  LOSSES,
  LOSS_ALIASES,
  type LossId,
  type LossName,
  type LossSpec,
  getLoss,
  lossFromStored,
  lossIdOf,
  lossName,
  lossNameOfClass,
  storedLoss,
} from './registry.ts';
