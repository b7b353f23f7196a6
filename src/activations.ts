import { ValueError } from './errors.ts';
import type { ActivationName } from './backend/backend.ts';
import { describeValue } from './options.ts';

/** The activation ids nabla implements (keras.activations). */
export const ACTIVATIONS: readonly ActivationName[] = ['linear', 'relu', 'sigmoid', 'softmax', 'tanh'];

export type { ActivationName };

/** Resolves an activation id (keras.activations.get): null/undefined → 'linear'; unknown ids list the valid ones. */
export function getActivation(id: string | null | undefined): ActivationName {
  if (id === null || id === undefined) return 'linear';
  if (typeof id !== 'string') throw new ValueError(`activation must be a string id or null, got ${describeValue(id)}: expected one of ${ACTIVATIONS.map((a) => `'${a}'`).join(', ')}`);
  if ((ACTIVATIONS as readonly string[]).includes(id)) return id as ActivationName;
  throw new ValueError(`unknown activation '${id}': expected one of ${ACTIVATIONS.map((a) => `'${a}'`).join(', ')}`);
}
