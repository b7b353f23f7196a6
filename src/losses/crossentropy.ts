// The cross-entropy losses (keras.losses.*Crossentropy), from probabilities (clipped as Keras clips them) or from
// logits. Formulas and the tf.keras logits rule: docs/losses-and-metrics.md.
import { ValueError } from '../errors.ts';
import { checkOptions } from '../options.ts';
import { EPSILON, Loss, type LossRows, clipPasses, clipProbability } from './loss.ts';

/** Options of SparseCategoricalCrossentropy (keras.losses.SparseCategoricalCrossentropy). */
export interface SparseCategoricalCrossentropyOptions {
  fromLogits?: boolean;
  /** A label whose rows count for nothing (Keras ignore_class, e.g. -1 or 255 for a "void" class). */
  ignoreClass?: number | null;
}

/** Options of CategoricalCrossentropy and BinaryCrossentropy. */
export interface CrossentropyOptions {
  fromLogits?: boolean;
  /** Squeezes the targets towards uniform: categorical y(1−ls) + ls/K, binary y(1−ls) + ls/2. */
  labelSmoothing?: number;
}

/** Sparse categorical cross-entropy on integer labels (keras.losses.SparseCategoricalCrossentropy). */
export class SparseCategoricalCrossentropy extends Loss {
  readonly name = 'sparse_categorical_crossentropy';
  override readonly fromLogits: boolean;
  override readonly takesLabels = true;
  override readonly logitsActivation = 'softmax';
  readonly ignoreClass: number | null;

  constructor(options: SparseCategoricalCrossentropyOptions = {}) {
    super();
    checkOptions('SparseCategoricalCrossentropy', options, ['fromLogits', 'ignoreClass']);
    this.fromLogits = checkBoolean('SparseCategoricalCrossentropy', 'fromLogits', options.fromLogits);
    const ignore = options.ignoreClass ?? null;
    if (ignore !== null && !Number.isInteger(ignore)) {
      throw new ValueError(
        `SparseCategoricalCrossentropy: ignoreClass must be an integer or null, got ${String(ignore)}`,
      );
    }
    this.ignoreClass = ignore;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), fromLogits: this.fromLogits, ignoreClass: this.ignoreClass };
  }

  override ignoredLabel(): number | null {
    return this.ignoreClass;
  }

  protected rowLoss(b: LossRows, r: number, gradScale: number): number {
    const label = b.targets[r];
    return b.logits ? softmaxRow(b, r, gradScale, (j) => (j === label ? 1 : 0)) : clippedSparseRow(b, r, gradScale);
  }

  protected override writeProbs(b: LossRows, r: number): void {
    softmaxRow({ ...b, grad: null }, r, 0, () => 0);
  }
}

/** What CategoricalCrossentropy and BinaryCrossentropy share: fromLogits, labelSmoothing, their checks and config. */
abstract class SmoothedCrossentropy extends Loss {
  override readonly fromLogits: boolean;
  readonly labelSmoothing: number;

  protected constructor(className: string, options: CrossentropyOptions) {
    super();
    checkOptions(className, options, ['fromLogits', 'labelSmoothing']);
    this.fromLogits = checkBoolean(className, 'fromLogits', options.fromLogits);
    this.labelSmoothing = checkSmoothing(className, options.labelSmoothing);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing, axis: -1 };
  }
}

/** Categorical cross-entropy on one-hot (or soft) targets (keras.losses.CategoricalCrossentropy). */
export class CategoricalCrossentropy extends SmoothedCrossentropy {
  readonly name = 'categorical_crossentropy';
  override readonly logitsActivation = 'softmax';

  constructor(options: CrossentropyOptions = {}) {
    super('CategoricalCrossentropy', options);
  }

  protected rowLoss(b: LossRows, r: number, gradScale: number): number {
    const o = r * b.cols;
    const ls = this.labelSmoothing;
    const target = (j: number): number => b.targets[o + j] * (1 - ls) + ls / b.cols;
    return b.logits ? softmaxRow(b, r, gradScale, target) : clippedCategoricalRow(b, r, gradScale, target);
  }
}

/** Binary cross-entropy, averaged over the last axis (keras.losses.BinaryCrossentropy). */
export class BinaryCrossentropy extends SmoothedCrossentropy {
  readonly name = 'binary_crossentropy';
  override readonly logitsActivation = 'sigmoid';

  constructor(options: CrossentropyOptions = {}) {
    super('BinaryCrossentropy', options);
  }

  protected rowLoss(b: LossRows, r: number, gradScale: number): number {
    const { output, cols, grad, probs } = b;
    const o = r * cols;
    const ls = this.labelSmoothing;
    let sum = 0;
    for (let j = o; j < o + cols; j++) {
      const y = b.targets[j] * (1 - ls) + 0.5 * ls;
      const z = output[j];
      let d: number;
      if (b.logits) {
        // max(z,0) − z·y + log(1 + e^−|z|); d/dz = σ(z) − y.
        sum += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
        const p = 1 / (1 + Math.exp(-z));
        if (probs !== null) probs[j] = p;
        d = p - y;
      } else {
        // tf.keras: −[y·log(p_c + ε) + (1−y)·log(1 − p_c + ε)], p_c = clip(p).
        const pc = clipProbability(z);
        sum -= y * Math.log(pc + EPSILON) + (1 - y) * Math.log(1 - pc + EPSILON);
        d = (-y / (pc + EPSILON) + (1 - y) / (1 - pc + EPSILON)) * clipPasses(z);
      }
      if (grad !== null) grad[j] = (d / cols) * gradScale;
    }
    return sum / cols;
  }
}

/** Options of BinaryFocalCrossentropy (keras.losses.BinaryFocalCrossentropy). */
export interface BinaryFocalCrossentropyOptions extends CrossentropyOptions {
  applyClassBalancing?: boolean;
  alpha?: number;
  gamma?: number;
}

/**
 * Binary focal cross-entropy (keras.losses.BinaryFocalCrossentropy): (1 − p_t)^γ · bce, times α_t when
 * balancing classes, averaged over the last axis; from logits, p = σ(z) first (no tf.keras logits rule).
 */
export class BinaryFocalCrossentropy extends Loss {
  readonly name = 'binary_focal_crossentropy';
  override readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  readonly applyClassBalancing: boolean;
  readonly alpha: number;
  readonly gamma: number;

  constructor(options: BinaryFocalCrossentropyOptions = {}) {
    super();
    const owner = 'BinaryFocalCrossentropy';
    checkOptions(owner, options, ['applyClassBalancing', 'alpha', 'gamma', 'fromLogits', 'labelSmoothing']);
    this.fromLogits = checkBoolean(owner, 'fromLogits', options.fromLogits);
    this.labelSmoothing = checkSmoothing(owner, options.labelSmoothing);
    this.applyClassBalancing = checkBoolean(owner, 'applyClassBalancing', options.applyClassBalancing);
    this.alpha = checkNumber(owner, 'alpha', options.alpha ?? 0.25, 0, 1);
    this.gamma = checkNumber(owner, 'gamma', options.gamma ?? 2, 0, Infinity);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      applyClassBalancing: this.applyClassBalancing,
      alpha: this.alpha,
      gamma: this.gamma,
      fromLogits: this.fromLogits,
      labelSmoothing: this.labelSmoothing,
      axis: -1,
    };
  }

  protected rowLoss(b: LossRows, r: number, gradScale: number): number {
    const { output, cols, grad } = b;
    const o = r * cols;
    const { gamma, alpha, labelSmoothing: ls } = this;
    let sum = 0;
    for (let j = o; j < o + cols; j++) {
      const y = b.targets[j] * (1 - ls) + 0.5 * ls;
      const p = b.logits ? 1 / (1 + Math.exp(-output[j])) : output[j];
      // Keras 3's bce on probabilities: clip, no extra ε inside the logs.
      const pc = clipProbability(p);
      const bce = -(y * Math.log(pc) + (1 - y) * Math.log(1 - pc));
      const dBce = (-y / pc + (1 - y) / (1 - pc)) * clipPasses(p);
      const base = 1 - (y * p + (1 - y) * (1 - p));
      const focal = base ** gamma;
      const dFocal = gamma === 0 || (base === 0 && gamma > 1) ? 0 : -gamma * base ** (gamma - 1) * (2 * y - 1);
      const weight = this.applyClassBalancing ? y * alpha + (1 - y) * (1 - alpha) : 1;
      sum += weight * focal * bce;
      if (grad !== null) {
        const dp = weight * (dFocal * bce + focal * dBce);
        grad[j] = ((b.logits ? dp * p * (1 - p) : dp) / cols) * gradScale;
      }
    }
    return sum / cols;
  }
}

/**
 * Cross-entropy of a row of logits against targets t: lse(z)·Σt − Σ t·z; gradient softmax(z)·Σt − t.
 * Writes softmax(z) to b.probs when given.
 */
function softmaxRow(b: LossRows, r: number, gradScale: number, target: (j: number) => number): number {
  const { output: z, cols, probs, grad } = b;
  const o = r * cols;
  let max = -Infinity;
  for (let j = 0; j < cols; j++) if (z[o + j] > max) max = z[o + j];
  let sum = 0;
  for (let j = 0; j < cols; j++) sum += Math.exp(z[o + j] - max);
  const lse = max + Math.log(sum);
  let tSum = 0;
  let loss = 0;
  for (let j = 0; j < cols; j++) {
    const t = target(j);
    tSum += t;
    loss -= t * (z[o + j] - lse);
  }
  for (let j = 0; j < cols; j++) {
    const p = Math.exp(z[o + j] - lse);
    if (probs !== null) probs[o + j] = p;
    if (grad !== null) grad[o + j] = (p * tSum - target(j)) * gradScale;
  }
  return loss;
}

/** tf.keras sparse CE on probabilities: −log(p_c[y] / Σ p_c) with p_c = clip(p, ε, 1−ε). */
function clippedSparseRow(b: LossRows, r: number, gradScale: number): number {
  const { output: p, cols, grad } = b;
  const o = r * cols;
  const label = b.targets[r];
  let sum = 0;
  for (let j = 0; j < cols; j++) sum += clipProbability(p[o + j]);
  if (grad !== null) {
    for (let j = 0; j < cols; j++) {
      const dClipped = 1 / sum - (j === label ? 1 / clipProbability(p[o + j]) : 0);
      grad[o + j] = dClipped * clipPasses(p[o + j]) * gradScale;
    }
  }
  return -Math.log(clipProbability(p[o + label]) / sum);
}

/** Categorical CE on probabilities: q = p/Σp, q_c = clip(q), −Σ t·log q_c. */
function clippedCategoricalRow(b: LossRows, r: number, gradScale: number, target: (j: number) => number): number {
  const { output: p, cols, grad } = b;
  const o = r * cols;
  let sum = 0;
  for (let j = 0; j < cols; j++) sum += p[o + j];
  let loss = 0;
  let gq = 0;
  for (let j = 0; j < cols; j++) {
    const q = p[o + j] / sum;
    loss -= target(j) * Math.log(clipProbability(q));
    gq += (-target(j) / clipProbability(q)) * clipPasses(q) * q;
  }
  if (grad !== null) {
    // Through the renormalisation: dL/dp_k = (g_k − Σ_j g_j q_j) / Σp, with g_j = dL/dq_j.
    for (let j = 0; j < cols; j++) {
      const q = p[o + j] / sum;
      const g = (-target(j) / clipProbability(q)) * clipPasses(q);
      grad[o + j] = ((g - gq) / sum) * gradScale;
    }
  }
  return loss;
}

export function checkBoolean(owner: string, name: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new ValueError(`${owner}: ${name} must be true or false, got ${String(value)}`);
  return value;
}

export function checkNumber(owner: string, name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !(value >= min && value <= max)) {
    throw new ValueError(`${owner}: ${name} must be a number in [${min}, ${max}], got ${String(value)}`);
  }
  return value;
}

function checkSmoothing(owner: string, value: unknown): number {
  return checkNumber(owner, 'labelSmoothing', value ?? 0, 0, 1);
}
