// Loss ids (keras.losses.get): Keras's function names, their aliases, and the snake_case class names.
import { ValueError } from '../errors.ts';
import { describeValue } from '../options.ts';
import {
  BinaryCrossentropy, BinaryFocalCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy,
} from './crossentropy.ts';
import { FunctionLoss, type LossFunction } from './function-loss.ts';
import { Loss } from './loss.ts';
import {
  CategoricalHinge, CosineSimilarity, Hinge, Huber, KLDivergence, LogCosh, MeanAbsoluteError,
  MeanAbsolutePercentageError, MeanSquaredError, MeanSquaredLogarithmicError, Poisson, SquaredHinge,
} from './regression.ts';

/** The loss ids compile() accepts (keras.losses function names). */
export const LOSSES = [
  'sparse_categorical_crossentropy', 'categorical_crossentropy', 'binary_crossentropy', 'binary_focal_crossentropy',
  'mean_squared_error', 'mean_absolute_error', 'mean_absolute_percentage_error', 'mean_squared_logarithmic_error',
  'huber', 'log_cosh', 'kl_divergence', 'poisson', 'hinge', 'squared_hinge', 'categorical_hinge', 'cosine_similarity',
] as const;

/** Keras's short and legacy names. */
export const LOSS_ALIASES = {
  mse: 'mean_squared_error', mae: 'mean_absolute_error', mape: 'mean_absolute_percentage_error',
  msle: 'mean_squared_logarithmic_error', logcosh: 'log_cosh', kld: 'kl_divergence',
  kullback_leibler_divergence: 'kl_divergence', huber_loss: 'huber', bce: 'binary_crossentropy',
} as const satisfies Record<string, LossName>;

export type LossName = (typeof LOSSES)[number];
/** A loss id as compile() takes it: a Keras function name or alias. */
export type LossId = LossName | keyof typeof LOSS_ALIASES;

const FACTORIES: Record<LossName, () => Loss> = {
  sparse_categorical_crossentropy: () => new SparseCategoricalCrossentropy(),
  categorical_crossentropy: () => new CategoricalCrossentropy(),
  binary_crossentropy: () => new BinaryCrossentropy(),
  binary_focal_crossentropy: () => new BinaryFocalCrossentropy(),
  mean_squared_error: () => new MeanSquaredError(),
  mean_absolute_error: () => new MeanAbsoluteError(),
  mean_absolute_percentage_error: () => new MeanAbsolutePercentageError(),
  mean_squared_logarithmic_error: () => new MeanSquaredLogarithmicError(),
  huber: () => new Huber(),
  log_cosh: () => new LogCosh(),
  kl_divergence: () => new KLDivergence(),
  poisson: () => new Poisson(),
  hinge: () => new Hinge(),
  squared_hinge: () => new SquaredHinge(),
  categorical_hinge: () => new CategoricalHinge(),
  cosine_similarity: () => new CosineSimilarity(),
};

/** What compile() takes as a loss: an id, a loss object or a function (yTrue, yPred) => Tensor. */
export type LossSpec = LossId | Loss | LossFunction;

/** The canonical name of a loss id, or null when unknown. */
export function lossName(id: string): LossName | null {
  if ((LOSSES as readonly string[]).includes(id)) return id as LossName;
  return (LOSS_ALIASES as Record<string, LossName>)[id] ?? null;
}

/**
 * The Keras function id of a loss object ('huber' for Huber), or its name for a loss function: what a saved
 * compile config can name it by (the object's options are not kept).
 */
export function lossIdOf(loss: Loss): string {
  for (const [id, make] of Object.entries(FACTORIES)) if (make().constructor === loss.constructor) return id;
  return loss.name;
}

/** Resolves a loss id, object or function (keras.losses.get); unknown ids list the valid ones. */
export function getLoss(spec: LossSpec | string): Loss {
  if (spec instanceof Loss) return spec;
  if (typeof spec === 'function') return new FunctionLoss(spec);
  if (typeof spec !== 'string') {
    throw new ValueError(`loss must be a loss id such as 'mse', a loss object such as new nb.losses.Huber() or a function (yTrue, yPred) => Tensor, got ${describeValue(spec)}`);
  }
  const name = lossName(spec);
  if (name === null) {
    const valid = [...LOSSES, ...Object.keys(LOSS_ALIASES)].map((l) => `'${l}'`).join(', ');
    throw new ValueError(`unknown loss '${spec}': expected one of ${valid}`);
  }
  return FACTORIES[name]();
}
