import { ValueError } from '../errors.ts';
import { Adagrad } from './adagrad.ts';
import { Adam } from './adam.ts';
import { type Optimizer, type OptimizerConfig } from './optimizer.ts';
import { RMSprop } from './rmsprop.ts';
import { SGD } from './sgd.ts';

/** The optimizer string ids compile() accepts. */
export const OPTIMIZER_IDS = ['sgd', 'adam', 'rmsprop', 'adagrad'] as const;

/** An optimizer's string id ('adam'), as compile() takes it. */
export type OptimizerId = (typeof OPTIMIZER_IDS)[number];

type Factory = (config: OptimizerConfig) => Optimizer;

// Configs come from getConfig() (camelCase); the constructors ignore the common keys they do not use.
const FACTORIES: Record<string, Factory> = {
  sgd: (c) => new SGD(c as ConstructorParameters<typeof SGD>[0]),
  adam: (c) => new Adam(c as ConstructorParameters<typeof Adam>[0]),
  rmsprop: (c) => new RMSprop(c as ConstructorParameters<typeof RMSprop>[0]),
  adagrad: (c) => new Adagrad(c as ConstructorParameters<typeof Adagrad>[0]),
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
    throw new ValueError(`unknown optimizer '${String(key)}': expected one of ${OPTIMIZER_IDS.map((o) => `'${o}'`).join(', ')} or an Optimizer instance`);
  }
  return factory(config);
}

/** Drops null entries (Keras configs hold nulls for unused options such as clipnorm). */
function stripNulls(config: OptimizerConfig): OptimizerConfig {
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== null));
}
