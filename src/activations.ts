import { ValueError } from './errors.ts';
import type { ActivationName } from './backend/backend.ts';

/** The activation ids nabla implements (keras.activations), as Keras serializes them. */
export const ACTIVATIONS: readonly ActivationName[] = [
  'linear', 'relu', 'sigmoid', 'softmax', 'tanh', 'elu', 'selu', 'gelu', 'silu', 'leaky_relu', 'relu6', 'softplus',
  'softsign', 'hard_sigmoid', 'hard_silu', 'exponential', 'mish', 'log_softmax',
];

/** Keras's second names for two activations: keras.activations.swish is silu, hard_swish is hard_silu. */
const ALIASES: Readonly<Record<string, ActivationName>> = { swish: 'silu', hard_swish: 'hard_silu' };

/** An activation id as a user may write it: a name from ACTIVATIONS or one of Keras's aliases. */
export type ActivationId = ActivationName | 'swish' | 'hard_swish';

export type { ActivationName };

/** Resolves an activation id (keras.activations.get): null/undefined → 'linear'; aliases to their Keras name. */
export function getActivation(id: string | null | undefined): ActivationName {
  if (id === null || id === undefined) return 'linear';
  if ((ACTIVATIONS as readonly string[]).includes(id)) return id as ActivationName;
  if (Object.hasOwn(ALIASES, id)) return ALIASES[id];
  const valid = [...ACTIVATIONS, ...Object.keys(ALIASES)].map((a) => `'${a}'`).join(', ');
  throw new ValueError(`unknown activation '${id}': expected one of ${valid}`);
}
