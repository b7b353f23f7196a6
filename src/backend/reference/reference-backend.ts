import type { Backend } from '../backend.ts';
import { checkMomentumBuffer } from '../kernel-checks.ts';
import { referenceMatmul } from './matmul.ts';
import {
  referenceAvgPool,
  referenceAvgPoolGrad,
  referenceCol2im,
  referenceIm2col,
  referenceMaxPool,
  referenceMaxPoolGrad,
} from './conv.ts';
import { referenceColumnAffine, referenceColumnGradSums, referenceColumnMoments } from './columns.ts';
import { referenceActivationGrad, referenceBiasActivation } from './activation.ts';
import { referenceFirstNonFinite, referenceMul, referenceSoftmaxCrossEntropy, referenceSumRows } from './reductions.ts';
import {
  referenceAdadeltaUpdate,
  referenceAdagradUpdate,
  referenceAdamaxUpdate,
  referenceAdamUpdate,
  referenceLionUpdate,
  referenceNadamUpdate,
  referenceRmspropUpdate,
  referenceSgdUpdate,
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
    firstNonFinite: referenceFirstNonFinite,
    im2col: referenceIm2col,
    col2im: referenceCol2im,
    maxPool: referenceMaxPool,
    maxPoolGrad: referenceMaxPoolGrad,
    avgPool: referenceAvgPool,
    avgPoolGrad: referenceAvgPoolGrad,
    columnMoments: referenceColumnMoments,
    columnGradSums: referenceColumnGradSums,
    columnAffine: referenceColumnAffine,
    sgdUpdate: (params, grads, velocity, n, lr, momentum, nesterov) => {
      checkMomentumBuffer('sgdUpdate', momentum, velocity);
      referenceSgdUpdate(params, grads, velocity, n, lr, momentum, nesterov);
    },
    adamUpdate: referenceAdamUpdate,
    rmspropUpdate: (params, grads, v, mom, n, lr, rho, momentum, epsilon) => {
      checkMomentumBuffer('rmspropUpdate', momentum, mom);
      referenceRmspropUpdate(params, grads, v, mom, n, lr, rho, momentum, epsilon);
    },
    adagradUpdate: referenceAdagradUpdate,
    adamaxUpdate: referenceAdamaxUpdate,
    nadamUpdate: referenceNadamUpdate,
    adadeltaUpdate: referenceAdadeltaUpdate,
    lionUpdate: referenceLionUpdate,
  };
}
