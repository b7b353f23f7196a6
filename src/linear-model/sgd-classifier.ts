import { NablaError, ValueError } from '../errors.ts';
import { RandomStateGenerator, checkRandomState } from '../random/random-state.ts';
import { Tensor } from '../tensor/tensor.ts';
import type { Estimator, FoldData, WorkerRecipe } from '../model-selection/estimator.ts';
import { accuracyScore } from '../model-selection/accuracy-score.ts';
import {
  type DenseRows,
  type Features,
  type Labels,
  checkConsistentLength,
  toDenseRows,
  toLabelValues,
} from '../model-selection/samples.ts';
import { warn } from '../model-selection/warnings.ts';
import {
  type CategoricalLabels,
  type ClassLabel,
  encodeLabels,
  isCategorical,
  sortedClasses,
} from '../model-selection/class-labels.ts';
import { decisionScores, probabilities } from './linear-decision.ts';
import { type BinaryProblem, type SgdSettings, plainSgd } from './plain-sgd.ts';
import { shareSparseRows, sparseMatrixOfAllRows } from './sample-rows.ts';
import { SparseMatrix, type SparseMatrixHandle } from './sparse-matrix.ts';
import { sgdLoss } from './sgd-losses.ts';
import { type ResolvedSgdOptions, type SGDClassifierOptions, resolveSgdOptions } from './sgd-options.ts';
import { checkOptions } from '../options.ts';
import { SGD_CLASSIFIER_KEYS } from '../option-keys.ts';

const MAX_INT = 2147483647;

/** What predict returns: a Tensor for numeric labels, the user's labels for strings or booleans. */
export type Predictions<L extends ClassLabel> = L extends number ? Tensor : L[];

/** The fitted state: one row of coefficients per binary problem (one for two classes, else one per class). */
interface FittedSgd {
  classes: Float64Array;
  coef: Float64Array[];
  intercept: Float64Array;
  nIter: number;
  t: number;
}

/**
 * scikit-learn's `SGDClassifier`: a linear classifier fitted by plain stochastic gradient descent,
 * one-vs-rest for more than two classes. Same seeds, same shuffles and the same update order as
 * scikit-learn 1.2, so that coefficients agree to rounding.
 */
export class SGDClassifier<L extends ClassLabel = number> implements Estimator {
  readonly estimatorType = 'classifier' as const;
  readonly options: Readonly<ResolvedSgdOptions>;
  private fitted: FittedSgd | null = null;
  /** The user's string or boolean classes, sorted; null when the labels were numbers. */
  private labelClasses: (string | boolean)[] | null = null;

  constructor(options: SGDClassifierOptions = {}) {
    checkOptions('SGDClassifier', options, SGD_CLASSIFIER_KEYS);
    this.options = Object.freeze(resolveSgdOptions(options));
  }

  /** Rebuilds an estimator from workerRecipe().params in a worker thread. */
  static fromWorkerParams(
    params: SGDClassifierOptions & { randomStateSnapshot?: { key: Uint32Array; pos: number } },
  ): SGDClassifier {
    const { randomStateSnapshot, ...options } = params;
    if (randomStateSnapshot !== undefined) {
      const rng = new RandomStateGenerator(0);
      rng.setState(randomStateSnapshot);
      options.randomState = rng;
    }
    return new SGDClassifier(options);
  }

  /** Fits on X (n, d) and labels y (numbers, strings or booleans); returns this, typed by the labels. */
  fit<Y extends ClassLabel = number>(x: Features, y: Labels | readonly Y[]): SGDClassifier<Y> {
    checkConsistentLength(x, y as Labels);
    const data = toDenseRows(x);
    const labelClasses = isCategorical(y) ? sortedClasses(y) : null;
    const labels =
      labelClasses === null ? toLabelValues(y as Labels) : encodeLabels(y as CategoricalLabels, labelClasses);
    const classes = Float64Array.from(new Set(labels)).sort();
    if (classes.length < 2) {
      throw new ValueError(
        `the number of classes has to be greater than one; got ${classes.length} class (${classes[0]}): y needs at least two distinct labels`,
      );
    }
    this.fitted = this.fitOneVsRest(data, labels, classes);
    this.labelClasses = labelClasses;
    const { tol, maxIter } = this.options;
    if (tol !== null && tol > -Infinity && this.fitted.nIter === maxIter) {
      warn(
        'ConvergenceWarning',
        'Maximum number of iteration reached before convergence. Consider increasing maxIter to improve the fit.',
      );
    }
    return this as unknown as SGDClassifier<Y>;
  }

  /** `_fit_binary` / `_fit_multiclass`: the per-problem random states drawn as scikit-learn draws them. */
  private fitOneVsRest(data: DenseRows, labels: Float64Array, classes: Float64Array): FittedSgd {
    const rng = checkRandomState(this.options.randomState);
    const positives = classes.length === 2 ? [classes[1]] : Array.from(classes);
    const states =
      classes.length === 2
        ? [rng]
        : Array.from(rng.randint(MAX_INT, undefined, classes.length), (seed) => new RandomStateGenerator(seed));
    const rows = data.rows ?? Int32Array.from({ length: data.nSamples }, (_, i) => i);
    const problems = positives.map((positive, i) => binaryProblem(data, rows, labels, positive, states[i]));
    const fits = plainSgd(problems, this.settings());
    const nIter = Math.max(...fits.map((f) => f.nIter));
    return {
      classes,
      coef: fits.map((f) => f.weights),
      intercept: Float64Array.from(fits, (f) => f.intercept),
      nIter,
      t: 1 + nIter * data.nSamples,
    };
  }

  private settings(): SgdSettings {
    const o = this.options;
    return {
      loss: sgdLoss(o.loss),
      penalty: o.penalty,
      alpha: o.alpha,
      l1Ratio: o.l1Ratio,
      learningRate: o.learningRate,
      eta0: o.eta0,
      powerT: o.powerT,
      maxIter: o.maxIter,
      tol: o.tol === null ? -Infinity : o.tol,
      nIterNoChange: o.nIterNoChange,
      fitIntercept: o.fitIntercept,
      shuffle: o.shuffle,
    };
  }

  private state(): FittedSgd {
    if (this.fitted === null) throw new NablaError('this SGDClassifier is not fitted yet: call fit(X, y) first');
    return this.fitted;
  }

  /** Confidence scores X·coefᵀ + intercept: shape (n,) for two classes, else (n, nClasses). */
  decisionFunction(x: Features): Tensor {
    const { scores, width } = this.scores(x);
    return new Tensor(Float32Array.from(scores), width === 1 ? [scores.length] : [scores.length / width, width]);
  }

  /**
   * Predicted class of each sample: classes[1] where the score is > 0 (two classes), else the argmax. Numeric
   * labels come back as a Tensor; string or boolean labels as an array of the user's labels.
   */
  predict(x: Features): Predictions<L> {
    const { classes } = this.state();
    const { scores, width } = this.scores(x);
    const n = scores.length / width;
    const labelClasses = this.labelClasses;
    if (labelClasses !== null) {
      const labels = new Array<string | boolean>(n);
      for (let i = 0; i < n; i++)
        labels[i] = labelClasses[classes[width === 1 ? (scores[i] > 0 ? 1 : 0) : argMax(scores, i * width, width)]];
      return labels as Predictions<L>;
    }
    const integral = classes.every((c) => Number.isInteger(c) && Math.abs(c) < 2 ** 31);
    const out = integral ? new Int32Array(n) : new Float32Array(n);
    for (let i = 0; i < n; i++)
      out[i] = classes[width === 1 ? (scores[i] > 0 ? 1 : 0) : argMax(scores, i * width, width)];
    return new Tensor(out, [n]) as Predictions<L>;
  }

  /** Class probabilities (n, nClasses), for loss 'log_loss' (sigmoid, OvR-normalised) and 'modified_huber'. */
  predictProba(x: Features): Tensor {
    const { loss } = this.options;
    if (loss !== 'log_loss' && loss !== 'modified_huber') {
      throw new NablaError(
        `probability estimates are not available for loss='${loss}': use loss 'log_loss' or 'modified_huber'`,
      );
    }
    const { scores, width } = this.scores(x);
    const proba = probabilities(scores, width, loss);
    const nClasses = this.state().classes.length;
    return new Tensor(Float32Array.from(proba), [proba.length / nClasses, nClasses]);
  }

  /** Mean accuracy of predict(X) against y (scikit-learn's ClassifierMixin.score). */
  score(x: Features, y: Labels | readonly L[]): number {
    checkConsistentLength(x, y as Labels);
    return accuracyScore(y as Labels, this.predict(x) as Labels);
  }

  private scores(x: Features): { scores: Float64Array; width: number } {
    const fitted = this.state();
    const data = toDenseRows(x);
    if (data.nFeatures !== fitted.coef[0].length) {
      throw new ValueError(
        `X has ${data.nFeatures} features, but this SGDClassifier was fitted with ${fitted.coef[0].length}`,
      );
    }
    return { scores: decisionScores(data, fitted.coef, fitted.intercept), width: fitted.coef.length };
  }

  /** The class labels, sorted as numpy sorts them (scikit-learn's classes_). */
  get classes(): L[] {
    return (this.labelClasses ?? Array.from(this.state().classes)) as L[];
  }

  /** Coefficients (scikit-learn's coef_), float64: one row for two classes, else one per class. */
  get coef(): number[][] {
    return this.state().coef.map((row) => Array.from(row));
  }

  /** Intercepts (scikit-learn's intercept_), one per row of coef. */
  get intercept(): number[] {
    return Array.from(this.state().intercept);
  }

  /** Epochs run (the maximum over the one-vs-rest problems), scikit-learn's n_iter_. */
  get nIter(): number {
    return this.state().nIter;
  }

  /** Weight updates done plus one (scikit-learn's t_). */
  get t(): number {
    return this.state().t;
  }

  /** An unfitted copy with the same options; a RandomState option is copied at its current point. */
  clone(): SGDClassifier {
    const { randomState } = this.options;
    const copy = randomState instanceof RandomStateGenerator ? randomState.copy() : randomState;
    return new SGDClassifier({ ...this.options, randomState: copy });
  }

  /**
   * crossValidate's preparation: the sparse form of all rows of X, made once for every fold (in a memory
   * that `threads` worker threads share, each fitting through a slot of its own) instead of once per fold.
   */
  prepareFolds(data: DenseRows, labels: Float64Array, threads: number): FoldData | null {
    // The matrix is indexed by storage row, and a worker thread knows samples only by their index: a view over
    // some rows of its storage (rows !== null) is left to the shared copy of X, gathered in sample order.
    if (data.rows !== null) return null;
    const nClasses = new Set(labels).size;
    const problems = nClasses <= 2 ? 1 : nClasses;
    const matrix = sparseMatrixOfAllRows(data.data, data.nFeatures, problems, Math.max(1, threads), threads > 1);
    if (matrix === null) return null;
    // Worker threads adopt the matrix through its handle; on this thread the fits find it by their storage.
    if (threads > 1) return { handle: matrix.handle(), release: () => {} };
    return { handle: undefined, release: shareSparseRows(data.data, matrix, 0) };
  }

  /** A worker thread's side of prepareFolds: fits over rows of `data` read the shared matrix through `slot`. */
  static adoptFoldData(handle: SparseMatrixHandle, data: DenseRows, slot: number): void {
    shareSparseRows(data.data, SparseMatrix.adopt(handle), slot);
  }

  /** How crossValidate rebuilds this estimator in a worker thread. */
  workerRecipe(): WorkerRecipe {
    const { randomState, ...options } = this.options;
    const params =
      randomState instanceof RandomStateGenerator
        ? { ...options, randomStateSnapshot: randomState.getState() }
        : { ...options, randomState: randomState as number | readonly number[] | null | undefined };
    return { moduleUrl: import.meta.url, exportName: 'SGDClassifier', params };
  }
}

/** `fit_binary`'s set-up: labels +1 for `positive`, -1 otherwise; make_dataset's seed, then the shuffle seed. */
function binaryProblem(
  data: DenseRows,
  rows: Int32Array,
  labels: Float64Array,
  positive: number,
  rng: RandomStateGenerator,
): BinaryProblem {
  rng.randint(1, MAX_INT); // make_dataset's seed: drawn (and unused by plain SGD) before the shuffle seed
  const seed = rng.randint(MAX_INT);
  const y = Float64Array.from(labels, (label) => (label === positive ? 1 : -1));
  return { x: data.data, nFeatures: data.nFeatures, rows, y, seed };
}

function argMax(values: Float64Array, start: number, width: number): number {
  let best = 0;
  for (let c = 1; c < width; c++) if (values[start + c] > values[start + best]) best = c;
  return best;
}
