import { ValueError } from '../errors.ts';
import { Adagrad } from './adagrad.ts';
import { Adadelta } from './adadelta.ts';
import { Adam } from './adam.ts';
import { Adamax } from './adamax.ts';
import { AdamW } from './adamw.ts';
import { Ftrl } from './ftrl.ts';
import { Lion } from './lion.ts';
import { Nadam } from './nadam.ts';
import type { Optimizer, OptimizerConfig } from './optimizer.ts';
import { RMSprop } from './rmsprop.ts';
import { SGD } from './sgd.ts';

/** The optimizer string ids compile() accepts. */
export const OPTIMIZER_IDS = [
  'sgd',
  'adam',
  'rmsprop',
  'adagrad',
  'adamw',
  'adamax',
  'nadam',
  'adadelta',
  'lion',
  'ftrl',
] as const;

/** An optimizer string id (Keras's, lower case). */
export type OptimizerId = (typeof OPTIMIZER_IDS)[number];

type Factory = (config: OptimizerConfig) => Optimizer;

// Configs come from getConfig() (camelCase); each constructor checks the keys it is given.
const FACTORIES: Record<string, Factory> = {
  sgd: (c) => new SGD(c as ConstructorParameters<typeof SGD>[0]),
  adam: (c) => new Adam(c as ConstructorParameters<typeof Adam>[0]),
  rmsprop: (c) => new RMSprop(c as ConstructorParameters<typeof RMSprop>[0]),
  adagrad: (c) => new Adagrad(c as ConstructorParameters<typeof Adagrad>[0]),
  adamw: (c) => new AdamW(c as ConstructorParameters<typeof AdamW>[0]),
  adamax: (c) => new Adamax(c as ConstructorParameters<typeof Adamax>[0]),
  nadam: (c) => new Nadam(c as ConstructorParameters<typeof Nadam>[0]),
  adadelta: (c) => new Adadelta(c as ConstructorParameters<typeof Adadelta>[0]),
  lion: (c) => new Lion(c as ConstructorParameters<typeof Lion>[0]),
  ftrl: (c) => new Ftrl(c as ConstructorParameters<typeof Ftrl>[0]),
};

/** A serialized optimizer: Keras class name plus camelCase config. */
export type OptimizerSpec = { className: string; config?: OptimizerConfig };

/** Resolves a string id ('adam'), a class name, a spec or an instance to an Optimizer (keras.optimizers.get). */
export function getOptimizer(identifier: string | Optimizer | OptimizerSpec): Optimizer {
  if (typeof identifier === 'object' && identifier !== null && 'applyGradients' in identifier) return identifier;
  const key = typeof identifier === 'string' ? identifier : identifier.className;
  const config = typeof identifier === 'string' ? {} : stripNulls(identifier.config ?? {});
  const factory = FACTORIES[String(key).toLowerCase()];
  if (factory === undefined) {
    throw new ValueError(
      `unknown optimizer '${String(key)}': expected one of ${OPTIMIZER_IDS.map((o) => `'${o}'`).join(', ')} or an Optimizer instance`,
    );
  }
  return factory(config);
}

/**
 * Drops the entries that ask for nothing: nulls (Keras configs hold them for unused options such as clipnorm),
 * an EMA that is off, a legacy decay of 0 and the XLA flags. Every other key reaches the constructor, which
 * refuses the ones it does not implement.
 */
function stripNulls(config: OptimizerConfig): OptimizerConfig {
  const inactive = (key: string, value: unknown): boolean =>
    value === null ||
    (key === 'useEma' && value === false) ||
    (key === 'emaMomentum' && config.useEma !== true) ||
    (key === 'decay' && value === 0) ||
    key === 'jitCompile' ||
    key === 'isLegacyOptimizer';
  return Object.fromEntries(Object.entries(config).filter(([key, value]) => !inactive(key, value)));
}
