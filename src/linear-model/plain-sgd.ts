import { ValueError } from '../errors.ts';
import type { SgdLoss } from './sgd-losses.ts';

// scikit-learn's `_plain_sgd` (sklearn/linear_model/_sgd_fast.pyx, 1.2) for dense float64 rows, one binary
// problem at a time, with the same arithmetic in the same order so that results agree to the last bits:
// the weights are kept as w * wscale so that the L2 shrink is one multiplication (WeightVector), the
// sample order per epoch comes from the dataset's own xorshift shuffle (SequentialDataset.shuffle), and
// the stopping rule compares each epoch's summed loss with the best so far.

/** The penalties SGDClassifier accepts (scikit-learn's string ids). */
export type SgdPenalty = 'l2' | 'l1' | 'elasticnet' | null;

/** The learning-rate schedules SGDClassifier accepts. */
export type SgdLearningRate = 'optimal' | 'constant' | 'invscaling' | 'adaptive';

/** The training samples of one binary problem: rows of a float64 matrix and labels -1/+1. */
export interface BinaryProblem {
  /** Row-major storage (any number of rows of nFeatures values). */
  x: Float64Array;
  nFeatures: number;
  /** Storage row of each training sample, in dataset order. */
  rows: Int32Array;
  /** Label (-1 or +1) of each training sample, aligned with rows. */
  y: Float64Array;
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
  /** The seed of the per-epoch shuffle (scikit-learn draws it with randint(2^31 - 1)). */
  seed: number;
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

/**
 * Runs scikit-learn's plain SGD on one binary problem from `weights` (updated in place) and `intercept`,
 * with the step counter starting at t0 (1 for a fresh fit).
 */
export function plainSgd(problem: BinaryProblem, s: SgdSettings, weights: Float64Array, intercept: number, t0 = 1): BinaryFit {
  const { x, nFeatures: d, rows, y } = problem;
  const n = rows.length;
  const w = weights;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const l1Ratio = s.penalty === 'l2' ? 0 : s.penalty === 'l1' ? 1 : s.l1Ratio;
  const shrinks = s.penalty === 'l2' || s.penalty === 'elasticnet';
  const truncates = s.penalty === 'l1' || s.penalty === 'elasticnet';
  const q = truncates ? new Float64Array(d) : null;
  const offset = s.learningRate === 'optimal' ? optimalInit(s.loss, s.alpha) : 0;
  let wscale = 1;
  let eta = s.eta0;
  let u = 0;
  let t = t0;
  let bestLoss = Infinity;
  let noImprovement = 0;
  let epoch = 0;
  for (; epoch < s.maxIter; epoch++) {
    let sumLoss = 0;
    if (s.shuffle) shuffleDataset(order, s.seed);
    for (let k = 0; k < n; k++) {
      const sample = order[k];
      const base = rows[sample] * d;
      const label = y[sample];
      let dot = 0;
      for (let j = 0; j < d; j++) dot += w[j] * x[base + j];
      const p = dot * wscale + intercept;
      if (s.learningRate === 'optimal') eta = 1.0 / (s.alpha * (offset + t - 1));
      else if (s.learningRate === 'invscaling') eta = s.eta0 / Math.pow(t, s.powerT);
      sumLoss += s.loss.loss(p, label);
      let dloss = s.loss.dloss(p, label);
      if (dloss < -MAX_DLOSS) dloss = -MAX_DLOSS;
      else if (dloss > MAX_DLOSS) dloss = MAX_DLOSS;
      const update = -eta * dloss;
      if (shrinks) {
        wscale *= Math.max(0, 1.0 - (1.0 - l1Ratio) * eta * s.alpha);
        if (wscale < MIN_WSCALE) wscale = resetScale(w, wscale);
      }
      if (update !== 0) {
        const step = update / wscale;
        for (let j = 0; j < d; j++) w[j] += x[base + j] * step;
        if (s.fitIntercept) intercept += update;
      }
      if (q !== null) {
        u += l1Ratio * eta * s.alpha;
        l1Penalty(w, wscale, q, u);
      }
      t += 1;
    }
    if (!Number.isFinite(intercept) || anyNonFinite(w)) {
      throw new ValueError(`floating-point under-/overflow occurred at epoch #${epoch + 1}: scaling the input (e.g. to [0, 1]) or a smaller eta0/alpha might help`);
    }
    if (s.tol > -Infinity && sumLoss > bestLoss - s.tol * n) noImprovement += 1;
    else noImprovement = 0;
    if (sumLoss < bestLoss) bestLoss = sumLoss;
    if (noImprovement >= s.nIterNoChange) {
      if (s.learningRate === 'adaptive' && eta > 1e-6) {
        eta /= 5;
        noImprovement = 0;
      } else break;
    }
  }
  resetScale(w, wscale);
  return { weights: w, intercept, nIter: Math.min(epoch + 1, s.maxIter) };
}

/** Folds the scale into the weights (WeightVector.reset_wscale) and returns the new scale, 1. */
function resetScale(w: Float64Array, wscale: number): number {
  for (let j = 0; j < w.length; j++) w[j] *= wscale;
  return 1;
}
