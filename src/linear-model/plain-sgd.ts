import { ValueError } from '../errors.ts';
import { type Cursor, type SampleRows, sampleRows } from './sample-rows.ts';
import type { RowStorage } from '../model-selection/samples.ts';
import type { SgdLoss } from './sgd-losses.ts';

// scikit-learn's `_plain_sgd` (sklearn/linear_model/_sgd_fast.pyx, 1.2) for dense float64 rows, with the
// same arithmetic in the same order so that results agree to the last bits: the weights are kept as
// w * wscale so that the L2 shrink is one multiplication (WeightVector), the sample order per epoch comes
// from the dataset's own xorshift shuffle (SequentialDataset.shuffle), and the stopping rule compares each
// epoch's summed loss with the best so far.
//
// The one-vs-rest problems of a multiclass fit are independent and all take their t-th step with the same
// learning rate, so they run in lockstep, which lets their dot products share loops (sample-rows.ts).

/** The penalties SGDClassifier accepts (scikit-learn's string ids). */
export type SgdPenalty = 'l2' | 'l1' | 'elasticnet' | null;

/** The learning-rate schedules SGDClassifier accepts. */
export type SgdLearningRate = 'optimal' | 'constant' | 'invscaling' | 'adaptive';

/** The training samples of one binary problem: rows of a matrix read as float64, and labels -1/+1. */
export interface BinaryProblem {
  /** Row-major storage (any number of rows of nFeatures values). */
  x: RowStorage;
  nFeatures: number;
  /** Storage row of each training sample, in dataset order. */
  rows: Int32Array;
  /** Label (-1 or +1) of each training sample, aligned with rows. */
  y: Float64Array;
  /** The seed of the per-epoch shuffle (scikit-learn draws it with randint(2^31 - 1)). */
  seed: number;
}

/** The hyper-parameters `_plain_sgd` receives. */
export interface SgdSettings {
  loss: SgdLoss;
  penalty: SgdPenalty;
  alpha: number;
  l1Ratio: number;
  learningRate: SgdLearningRate;
  eta0: number;
  powerT: number;
  maxIter: number;
  /** Stopping tolerance; -Infinity disables the stopping rule (tol=None). */
  tol: number;
  nIterNoChange: number;
  fitIntercept: boolean;
  shuffle: boolean;
}

/** Coefficients, intercept and epochs run of one binary fit. */
export interface BinaryFit {
  weights: Float64Array;
  intercept: number;
  nIter: number;
}

const MAX_DLOSS = 1e12;
const MIN_WSCALE = 1e-9;

/** scikit-learn's `our_rand_r`: a xorshift step on a uint32 state (0 is replaced by 1), result mod 2^31. */
function nextRand(state: Uint32Array): number {
  let s = state[0] === 0 ? 1 : state[0];
  s = (s ^ (s << 13)) >>> 0;
  s = (s ^ (s >>> 17)) >>> 0;
  s = (s ^ (s << 5)) >>> 0;
  state[0] = s;
  return s % 2147483648;
}

/** SequentialDataset.shuffle(seed): a forward Fisher-Yates pass over the current order, seeded afresh. */
export function shuffleDataset(order: Int32Array, seed: number): void {
  const state = Uint32Array.of(seed);
  const n = order.length;
  for (let i = 0; i < n - 1; i++) {
    const j = i + (nextRand(state) % (n - i));
    const held = order[i];
    order[i] = order[j];
    order[j] = held;
  }
}

/** The `optimal` schedule's offset: Bottou's heuristic makes the first step typw / max(1, dloss(-typw, 1)). */
export function optimalInit(loss: SgdLoss, alpha: number): number {
  const typw = Math.sqrt(1.0 / Math.sqrt(alpha));
  const initialEta0 = typw / Math.max(1.0, loss.dloss(-typw, 1.0));
  return 1.0 / (initialEta0 * alpha);
}

/** Truncated-gradient L1 step (scikit-learn's `l1penalty`): moves weights toward 0 without crossing it. */
function l1Penalty(w: Float64Array, wscale: number, q: Float64Array, u: number): void {
  for (let j = 0; j < w.length; j++) {
    const z = w[j];
    if (wscale * z > 0) w[j] = Math.max(0, w[j] - (u + q[j]) / wscale);
    else if (wscale * z < 0) w[j] = Math.min(0, w[j] + (u - q[j]) / wscale);
    q[j] += wscale * (w[j] - z);
  }
}

function anyNonFinite(w: Float64Array): boolean {
  for (let j = 0; j < w.length; j++) if (!Number.isFinite(w[j])) return true;
  return false;
}

/** The state of one binary problem during training. */
class ProblemState implements Cursor {
  readonly w: Float64Array;
  readonly order: Int32Array;
  readonly q: Float64Array | null;
  wscale = 1;
  intercept = 0;
  eta: number;
  u = 0;
  sumLoss = 0;
  bestLoss = Infinity;
  noImprovement = 0;
  nIter = 0;
  start = 0;
  end = 0;

  constructor(
    readonly problem: BinaryProblem,
    w: Float64Array,
    eta0: number,
    truncates: boolean,
  ) {
    const nFeatures = w.length;
    this.w = w;
    this.order = Int32Array.from({ length: problem.rows.length }, (_, i) => i);
    this.q = truncates ? new Float64Array(nFeatures) : null;
    this.eta = eta0;
  }
}

/**
 * Runs scikit-learn's plain SGD from zero weights on each problem (all over the same rows of the same
 * matrix), as scikit-learn's fit_binary would one after another; returns one fit per problem.
 */
export function plainSgd(problems: readonly BinaryProblem[], s: SgdSettings): BinaryFit[] {
  if (problems.length === 0) return [];
  const { x, nFeatures: d, rows } = problems[0];
  const n = rows.length;
  const samples = sampleRows(x, d, rows, problems.length);
  const truncates = s.penalty === 'l1' || s.penalty === 'elasticnet';
  const states = problems.map((p) => new ProblemState(p, samples.allocateWeights(d), s.eta0, truncates));
  const offset = s.learningRate === 'optimal' ? optimalInit(s.loss, s.alpha) : 0;
  const dots = new Float64Array(states.length);
  let active = states;
  let t = 1;
  for (let epoch = 0; epoch < s.maxIter && active.length > 0; epoch++) {
    for (const state of active) {
      state.sumLoss = 0;
      if (s.shuffle) shuffleDataset(state.order, state.problem.seed);
    }
    for (let k = 0; k < n; k++) {
      for (const state of active) samples.locate(state, state.order[k]);
      samples.dots(active, dots);
      for (let a = 0; a < active.length; a++) {
        const state = active[a];
        step(state, s, dots[a] * state.wscale + state.intercept, k, t, offset, samples);
      }
      t += 1;
    }
    active = active.filter((state) => !endEpoch(state, s, epoch, n));
  }
  return states.map((state) => {
    resetScale(state.w, state.wscale);
    return { weights: Float64Array.from(state.w), intercept: state.intercept, nIter: state.nIter };
  });
}

/** One sample's update of one problem: loss, learning rate, L2 shrink, gradient step, L1 truncation. */
function step(
  state: ProblemState,
  s: SgdSettings,
  p: number,
  k: number,
  t: number,
  offset: number,
  samples: SampleRows,
): void {
  const label = state.problem.y[state.order[k]];
  if (s.learningRate === 'optimal') state.eta = 1.0 / (s.alpha * (offset + t - 1));
  else if (s.learningRate === 'invscaling') state.eta = s.eta0 / t ** s.powerT;
  const eta = state.eta;
  state.sumLoss += s.loss.loss(p, label);
  let dloss = s.loss.dloss(p, label);
  if (dloss < -MAX_DLOSS) dloss = -MAX_DLOSS;
  else if (dloss > MAX_DLOSS) dloss = MAX_DLOSS;
  const update = -eta * dloss;
  const l1Ratio = s.penalty === 'l2' ? 0 : s.penalty === 'l1' ? 1 : s.l1Ratio;
  if (s.penalty === 'l2' || s.penalty === 'elasticnet') {
    state.wscale *= Math.max(0, 1.0 - (1.0 - l1Ratio) * eta * s.alpha);
    if (state.wscale < MIN_WSCALE) state.wscale = resetScale(state.w, state.wscale);
  }
  if (update !== 0) {
    samples.axpy(state, update / state.wscale);
    if (s.fitIntercept) state.intercept += update;
  }
  if (state.q !== null) {
    state.u += l1Ratio * eta * s.alpha;
    l1Penalty(state.w, state.wscale, state.q, state.u);
  }
}

/** End of an epoch for one problem: overflow check and stopping rule; true when the problem is done. */
function endEpoch(state: ProblemState, s: SgdSettings, epoch: number, n: number): boolean {
  if (!Number.isFinite(state.intercept) || anyNonFinite(state.w)) {
    throw new ValueError(
      `floating-point under-/overflow occurred at epoch #${epoch + 1}: scaling the input (e.g. to [0, 1]) or a smaller eta0/alpha might help`,
    );
  }
  state.nIter = epoch + 1;
  if (s.tol > -Infinity && state.sumLoss > state.bestLoss - s.tol * n) state.noImprovement += 1;
  else state.noImprovement = 0;
  if (state.sumLoss < state.bestLoss) state.bestLoss = state.sumLoss;
  if (state.noImprovement < s.nIterNoChange) return false;
  if (s.learningRate === 'adaptive' && state.eta > 1e-6) {
    state.eta /= 5;
    state.noImprovement = 0;
    return false;
  }
  return true;
}

/** Folds the scale into the weights (WeightVector.reset_wscale) and returns the new scale, 1. */
function resetScale(w: Float64Array, wscale: number): number {
  for (let j = 0; j < w.length; j++) w[j] *= wscale;
  return 1;
}
