import { ValueError } from './errors.ts';
import type { ActivationName } from './backend/backend.ts';
import { activate } from './tensor/ops/activation-function.ts';
import type { Tensor } from './tensor/tensor.ts';
import { describeValue } from './options.ts';

/** The activation ids nabla implements (keras.activations), as Keras serializes them. */
export const ACTIVATIONS: readonly ActivationName[] = [
  'linear',
  'relu',
  'sigmoid',
  'softmax',
  'tanh',
  'elu',
  'selu',
  'gelu',
  'silu',
  'leaky_relu',
  'relu6',
  'softplus',
  'softsign',
  'hard_sigmoid',
  'hard_silu',
  'exponential',
  'mish',
  'log_softmax',
];

/** Keras's second names for two activations: keras.activations.swish is silu, hard_swish is hard_silu. */
const ALIASES: Readonly<Record<string, ActivationName>> = { swish: 'silu', hard_swish: 'hard_silu' };

/** An activation id as a user may write it: a name from ACTIVATIONS or one of Keras's aliases. */
export type ActivationId = ActivationName | 'swish' | 'hard_swish';

export type { ActivationName };

/** Resolves an activation id (keras.activations.get): null/undefined → 'linear'; aliases to their Keras name. */
export function getActivation(id: string | null | undefined): ActivationName {
  if (id === null || id === undefined) return 'linear';
  if (typeof id !== 'string')
    throw new ValueError(
      `activation must be a string id or null, got ${describeValue(id)}: expected one of ${ACTIVATIONS.map((a) => `'${a}'`).join(', ')}`,
    );
  if ((ACTIVATIONS as readonly string[]).includes(id)) return id as ActivationName;
  if (Object.hasOwn(ALIASES, id)) return ALIASES[id];
  const valid = [...ACTIVATIONS, ...Object.keys(ALIASES)].map((a) => `'${a}'`).join(', ');
  throw new ValueError(`unknown activation '${id}': expected one of ${valid}`);
}

/** The activation function of an id, for tensors (keras.activations.get): differentiable by autograd. */
export function get(id: ActivationId | null | undefined): (x: Tensor) => Tensor {
  const name = getActivation(id);
  return (x) => activate(x, name);
}

// keras.activations.<name>(x): the activations as functions of tensors (softmax and log_softmax on the last axis).
export const linear = get('linear');
export const relu = get('relu');
export const sigmoid = get('sigmoid');
export const tanh = get('tanh');
export const softmax = get('softmax');
export const elu = get('elu');
export const selu = get('selu');
export const gelu = get('gelu');
export const silu = get('silu');
export const swish = silu;
export const leakyRelu = get('leaky_relu');
export const relu6 = get('relu6');
export const softplus = get('softplus');
export const softsign = get('softsign');
export const hardSigmoid = get('hard_sigmoid');
export const hardSilu = get('hard_silu');
export const hardSwish = hardSilu;
export const exponential = get('exponential');
export const mish = get('mish');
export const logSoftmax = get('log_softmax');
