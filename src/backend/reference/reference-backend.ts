import type { Backend } from '../backend.ts';
import { referenceMatmul } from './matmul.ts';
import { referenceActivationGrad, referenceBiasActivation } from './activation.ts';
import { referenceMul, referenceSoftmaxCrossEntropy, referenceSumRows } from './reductions.ts';
import {
  referenceAdagradUpdate, referenceAdamUpdate, referenceRmspropUpdate, referenceSgdUpdate,
} from './optimizers.ts';

/**
 * The plain TypeScript backend: clear loops, float64 accumulators, ordinary JS memory. The definition every
 * fast kernel is tested against (no Keras counterpart; like TensorFlow.js's 'cpu' backend).
 */
export function createReferenceBackend(): Backend {
  return {
    name: 'reference',
    allocFloat32: (length) => new Float32Array(length),
    allocInt32: (length) => new Int32Array(length),
    free: () => {},
    matmul: referenceMatmul,
    biasActivation: referenceBiasActivation,
    activationGrad: referenceActivationGrad,
    sumRows: referenceSumRows,
    softmaxCrossEntropy: referenceSoftmaxCrossEntropy,
    mul: referenceMul,
    sgdUpdate: referenceSgdUpdate,
    adamUpdate: referenceAdamUpdate,
    rmspropUpdate: referenceRmspropUpdate,
    adagradUpdate: referenceAdagradUpdate,
  };
}
