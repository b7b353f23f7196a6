import { exp } from './libm-exp.ts';

// The classification losses of scikit-learn's `_sgd_fast.pyx` (1.2), each as loss(p, y) and its derivative
// dloss(p, y) with respect to the prediction p, for labels y in {-1, +1}. Cut-offs and branches as there;
// exp is the C library's (libm-exp.ts), as in scikit-learn, so that log_loss fits agree bit for bit.

/** A loss SGD minimises: its value and its derivative in the prediction p (y is -1 or +1). */
export interface SgdLoss {
  loss(p: number, y: number): number;
  dloss(p: number, y: number): number;
}

/** The loss names SGDClassifier accepts (scikit-learn's string ids). */
export type SgdLossName = 'hinge' | 'log_loss' | 'modified_huber' | 'squared_hinge' | 'perceptron';

export const SGD_LOSS_NAMES: readonly SgdLossName[] = [
  'hinge',
  'log_loss',
  'modified_huber',
  'squared_hinge',
  'perceptron',
];

/** Hinge(threshold): max(0, threshold - py); threshold 1 is the SVM hinge, 0 the perceptron. */
function hinge(threshold: number): SgdLoss {
  return {
    loss: (p, y) => {
      const z = p * y;
      return z <= threshold ? threshold - z : 0;
    },
    dloss: (p, y) => (p * y <= threshold ? -y : 0),
  };
}

/** SquaredHinge(threshold = 1): max(0, 1 - py)^2. */
const squaredHinge: SgdLoss = {
  loss: (p, y) => {
    const z = 1 - p * y;
    return z > 0 ? z * z : 0;
  },
  dloss: (p, y) => {
    const z = 1 - p * y;
    return z > 0 ? -2 * y * z : 0;
  },
};

/** Log: log(1 + exp(-py)), with the asymptotes used beyond |py| > 18. */
const logLoss: SgdLoss = {
  loss: (p, y) => {
    const z = p * y;
    if (z > 18) return exp(-z);
    if (z < -18) return -z;
    return Math.log(1 + exp(-z));
  },
  dloss: (p, y) => {
    const z = p * y;
    if (z > 18) return exp(-z) * -y;
    if (z < -18) return -y;
    return -y / (exp(z) + 1);
  },
};

/** ModifiedHuber: quadratically smoothed hinge, linear below py = -1. */
const modifiedHuber: SgdLoss = {
  loss: (p, y) => {
    const z = p * y;
    if (z >= 1) return 0;
    if (z >= -1) return (1 - z) * (1 - z);
    return -4 * z;
  },
  dloss: (p, y) => {
    const z = p * y;
    if (z >= 1) return 0;
    if (z >= -1) return -2 * (1 - z) * y;
    return -4 * y;
  },
};

/** The loss object for a scikit-learn loss name. */
export function sgdLoss(name: SgdLossName): SgdLoss {
  switch (name) {
    case 'hinge':
      return hinge(1);
    case 'perceptron':
      return hinge(0);
    case 'log_loss':
      return logLoss;
    case 'modified_huber':
      return modifiedHuber;
    case 'squared_hinge':
      return squaredHinge;
  }
}
