import { ValueError } from '../errors.ts';
import type { RandomStateLike } from '../model-selection/shuffle-split.ts';
import type { SgdLearningRate, SgdPenalty } from './plain-sgd.ts';
import { SGD_LOSS_NAMES, type SgdLossName } from './sgd-losses.ts';

/** SGDClassifier's options: scikit-learn's keyword arguments in camelCase, with its defaults. */
export interface SGDClassifierOptions {
  /** 'hinge' (default), 'log_loss', 'modified_huber', 'squared_hinge' or 'perceptron'. */
  loss?: SgdLossName;
  /** 'l2' (default), 'l1', 'elasticnet' or null for none. */
  penalty?: SgdPenalty;
  /** Regularisation strength; also sets the 'optimal' learning rate (default 1e-4). */
  alpha?: number;
  /** Elastic-net mixing, 0 = L2 only, 1 = L1 only (default 0.15). */
  l1Ratio?: number;
  /** Learn an intercept (default true). */
  fitIntercept?: boolean;
  /** Maximum epochs (default 1000). */
  maxIter?: number;
  /** Stop when an epoch's loss is not below best - tol * n for nIterNoChange epochs; null disables (default 1e-3). */
  tol?: number | null;
  /** Reshuffle the samples every epoch (default true). */
  shuffle?: boolean;
  /** 'optimal' (default), 'constant', 'invscaling' or 'adaptive'. */
  learningRate?: SgdLearningRate;
  /** Initial learning rate for 'constant', 'invscaling', 'adaptive' (default 0). */
  eta0?: number;
  /** Exponent of 'invscaling' (default 0.5). */
  powerT?: number;
  /** Epochs without improvement before stopping (default 5). */
  nIterNoChange?: number;
  /** Seed or RandomState for the shuffles; the same seed draws the same per-class seeds as scikit-learn. */
  randomState?: RandomStateLike;
}

/** The options with every default filled in and checked. */
export type ResolvedSgdOptions = Required<Omit<SGDClassifierOptions, 'randomState' | 'tol' | 'penalty'>> & {
  tol: number | null;
  penalty: SgdPenalty;
  randomState: RandomStateLike;
};

const PENALTIES: readonly (SgdPenalty | 'none')[] = ['l2', 'l1', 'elasticnet', null];
const LEARNING_RATES: readonly SgdLearningRate[] = ['optimal', 'constant', 'invscaling', 'adaptive'];

function oneOf<T>(what: string, value: T, valid: readonly T[]): T {
  if (!valid.includes(value)) {
    const listed = valid.map((v) => (v === null ? 'null' : `'${String(v)}'`)).join(', ');
    throw new ValueError(
      `unknown ${what} ${value === null ? 'null' : `'${String(value)}'`}: expected one of ${listed}`,
    );
  }
  return value;
}

function checkNumber(name: string, value: number, ok: (v: number) => boolean, expected: string): number {
  if (typeof value !== 'number' || Number.isNaN(value) || !ok(value)) {
    throw new ValueError(`${name} must be ${expected}, got ${String(value)}`);
  }
  return value;
}

/** Fills in scikit-learn's defaults and refuses what scikit-learn 1.2 refuses, naming the valid forms. */
export function resolveSgdOptions(options: SGDClassifierOptions): ResolvedSgdOptions {
  const r: ResolvedSgdOptions = {
    loss: oneOf('loss', options.loss ?? 'hinge', SGD_LOSS_NAMES),
    penalty: oneOf('penalty', options.penalty === undefined ? 'l2' : options.penalty, PENALTIES) as SgdPenalty,
    alpha: checkNumber('alpha', options.alpha ?? 1e-4, (v) => v >= 0, 'a number >= 0'),
    l1Ratio: checkNumber('l1Ratio', options.l1Ratio ?? 0.15, (v) => v >= 0 && v <= 1, 'in [0, 1]'),
    fitIntercept: options.fitIntercept ?? true,
    maxIter: checkNumber('maxIter', options.maxIter ?? 1000, (v) => Number.isInteger(v) && v >= 1, 'an integer >= 1'),
    tol: options.tol === undefined ? 1e-3 : options.tol,
    shuffle: options.shuffle ?? true,
    learningRate: oneOf('learningRate', options.learningRate ?? 'optimal', LEARNING_RATES),
    eta0: checkNumber('eta0', options.eta0 ?? 0, (v) => v >= 0, 'a number >= 0'),
    powerT: checkNumber('powerT', options.powerT ?? 0.5, Number.isFinite, 'a finite number'),
    nIterNoChange: checkNumber(
      'nIterNoChange',
      options.nIterNoChange ?? 5,
      (v) => Number.isInteger(v) && v >= 1,
      'an integer >= 1',
    ),
    randomState: options.randomState,
  };
  if (r.tol !== null) checkNumber('tol', r.tol, () => true, 'a number or null');
  if (r.learningRate === 'optimal' && r.alpha === 0) {
    throw new ValueError(
      "alpha must be > 0 since learningRate is 'optimal': alpha is used to compute the optimal learning rate",
    );
  }
  if (r.learningRate !== 'optimal' && r.eta0 <= 0) {
    throw new ValueError(`eta0 must be > 0 for learningRate '${r.learningRate}' (got ${r.eta0}): set eta0, e.g. 0.01`);
  }
  return r;
}
