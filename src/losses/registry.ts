// Loss ids (keras.losses.get): Keras's function names, their aliases, and the snake_case class names.
import { ValueError } from '../errors.ts';
import { describeValue } from '../options.ts';
import {
  BinaryCrossentropy,
  BinaryFocalCrossentropy,
  CategoricalCrossentropy,
  SparseCategoricalCrossentropy,
} from './crossentropy.ts';
import { FunctionLoss, type LossFunction } from './function-loss.ts';
import { Loss } from './loss.ts';
import {
  CategoricalHinge,
  CosineSimilarity,
  Hinge,
  Huber,
  KLDivergence,
  LogCosh,
  MeanAbsoluteError,
  MeanAbsolutePercentageError,
  MeanSquaredError,
  MeanSquaredLogarithmicError,
  Poisson,
  SquaredHinge,
} from './regression.ts';

/** The loss ids compile() accepts (keras.losses function names). */
export const LOSSES = [
  'sparse_categorical_crossentropy',
  'categorical_crossentropy',
  'binary_crossentropy',
  'binary_focal_crossentropy',
  'mean_squared_error',
  'mean_absolute_error',
  'mean_absolute_percentage_error',
  'mean_squared_logarithmic_error',
  'huber',
  'log_cosh',
  'kl_divergence',
  'poisson',
  'hinge',
  'squared_hinge',
  'categorical_hinge',
  'cosine_similarity',
] as const;

/** Keras's short and legacy names. */
export const LOSS_ALIASES = {
  mse: 'mean_squared_error',
  mae: 'mean_absolute_error',
  mape: 'mean_absolute_percentage_error',
  msle: 'mean_squared_logarithmic_error',
  logcosh: 'log_cosh',
  kld: 'kl_divergence',
  kullback_leibler_divergence: 'kl_divergence',
  huber_loss: 'huber',
  bce: 'binary_crossentropy',
} as const satisfies Record<string, LossName>;

export type LossName = (typeof LOSSES)[number];
/** A loss id as compile() takes it: a Keras function name or alias. */
export type LossId = LossName | keyof typeof LOSS_ALIASES;

// Each factory passes its options to the class, whose constructor checks them.
const FACTORIES: Record<LossName, (options: object) => Loss> = {
  sparse_categorical_crossentropy: (o) => new SparseCategoricalCrossentropy(o as never),
  categorical_crossentropy: (o) => new CategoricalCrossentropy(o as never),
  binary_crossentropy: (o) => new BinaryCrossentropy(o as never),
  binary_focal_crossentropy: (o) => new BinaryFocalCrossentropy(o as never),
  mean_squared_error: (o) => new MeanSquaredError(o as never),
  mean_absolute_error: (o) => new MeanAbsoluteError(o as never),
  mean_absolute_percentage_error: (o) => new MeanAbsolutePercentageError(o as never),
  mean_squared_logarithmic_error: (o) => new MeanSquaredLogarithmicError(o as never),
  huber: (o) => new Huber(o as never),
  log_cosh: (o) => new LogCosh(o as never),
  kl_divergence: (o) => new KLDivergence(o as never),
  poisson: (o) => new Poisson(o as never),
  hinge: (o) => new Hinge(o as never),
  squared_hinge: (o) => new SquaredHinge(o as never),
  categorical_hinge: (o) => new CategoricalHinge(o as never),
  cosine_similarity: (o) => new CosineSimilarity(o as never),
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
  for (const [id, make] of Object.entries(FACTORIES)) if (make({}).constructor === loss.constructor) return id;
  return loss.name;
}

/**
 * A loss as a saved compile config names it: the Keras function id when its options are Keras's defaults (what
 * the id alone means), else the class name with its camelCase config (fromLogits, labelSmoothing, delta, …).
 */
export function storedLoss(loss: Loss): string | { className: string; config: Record<string, unknown> } {
  const id = lossIdOf(loss);
  const name = lossName(id);
  if (name === null) return id;
  const config = loss.getConfig();
  const defaults = FACTORIES[name]({}).getConfig();
  const atDefaults = Object.keys(config).every((key) => JSON.stringify(config[key]) === JSON.stringify(defaults[key]));
  return atDefaults ? id : { className: loss.constructor.name, config };
}

/** A loss object from a stored Keras loss: a function id or class name and its options (camelCase). */
export function lossFromStored(idOrClass: string, options: Record<string, unknown>): Loss {
  const name = lossName(idOrClass) ?? lossNameOfClass(idOrClass);
  if (name === null) throw new ValueError(`unknown loss '${idOrClass}': expected a Keras loss id or class name`);
  return FACTORIES[name](options);
}

/** The function id of a Keras loss class name ('Huber' → 'huber'), or null. */
export function lossNameOfClass(className: string): LossName | null {
  for (const [id, make] of Object.entries(FACTORIES))
    if (make({}).constructor.name === className) return id as LossName;
  return null;
}

/** Resolves a loss id, object or function (keras.losses.get); unknown ids list the valid ones. */
export function getLoss(spec: LossSpec | string): Loss {
  if (spec instanceof Loss) return spec;
  if (typeof spec === 'function') return new FunctionLoss(spec);
  if (typeof spec !== 'string') {
    throw new ValueError(
      `loss must be a loss id such as 'mse', a loss object such as new nb.losses.Huber() or a function (yTrue, yPred) => Tensor, got ${describeValue(spec)}`,
    );
  }
  const name = lossName(spec);
  if (name === null) {
    const valid = [...LOSSES, ...Object.keys(LOSS_ALIASES)].map((l) => `'${l}'`).join(', ');
    throw new ValueError(`unknown loss '${spec}': expected one of ${valid}`);
  }
  return FACTORIES[name]({});
}
