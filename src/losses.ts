import type { ActivationName } from './backend/backend.ts';
import { ValueError } from './errors.ts';

/** The loss ids compile() accepts (keras.losses); 'mse' is an alias of mean_squared_error. */
export const LOSSES = ['sparse_categorical_crossentropy', 'categorical_crossentropy', 'binary_crossentropy', 'mean_squared_error'] as const;

export type LossId = (typeof LOSSES)[number];

/** What compile() takes as a loss: an id, or an alias of one ('mse'). */
export type LossName = LossId | 'mse';

const ALIASES: Record<string, LossId> = { mse: 'mean_squared_error' };

/** Keras's backend epsilon(): the clip applied to probabilities that did not come straight from softmax/sigmoid. */
export const EPSILON = 1e-7;

/** Resolves a loss id (keras.losses.get); unknown ids list the valid ones. */
export function getLoss(id: string): LossId {
  if ((LOSSES as readonly string[]).includes(id)) return id as LossId;
  const alias = ALIASES[id];
  if (alias !== undefined) return alias;
  throw new ValueError(`unknown loss '${String(id)}': expected one of ${[...LOSSES, ...Object.keys(ALIASES)].map((l) => `'${l}'`).join(', ')}`);
}

/** Whether the loss takes integer class labels instead of one target value per output. */
export function isSparseLoss(loss: LossId): boolean {
  return loss === 'sparse_categorical_crossentropy';
}

/**
 * Whether tf.keras computes this loss from the pre-activation logits (its _get_logits rule, docs/keras-facts.md §2):
 * softmax outputs for the categorical losses, sigmoid outputs for binary cross-entropy.
 */
export function usesLogits(loss: LossId, outputActivation: ActivationName): boolean {
  if (outputActivation === 'softmax') return loss === 'sparse_categorical_crossentropy' || loss === 'categorical_crossentropy';
  if (outputActivation === 'sigmoid') return loss === 'binary_crossentropy';
  return false;
}

/** Buffers and sizes of one loss evaluation over a batch. */
export interface LossBatch {
  /** The model output (rows×cols): logits when fromLogits, else the final activation's output. */
  output: Float32Array;
  /** Integer labels (rows) for sparse losses, else targets (rows×cols). */
  targets: Float32Array | Int32Array;
  rows: number;
  cols: number;
  fromLogits: boolean;
  /** Where to write d(loss)/d(output) scaled by gradScale, or null. */
  grad: Float32Array | null;
  gradScale: number;
  /** Where to write the probabilities (for metrics) when fromLogits; ignored otherwise. */
  probs: Float32Array;
  /** The output's activation, to turn logits into probabilities. */
  activation: ActivationName;
}

/** Σ over the batch of the per-sample losses (Keras formulas, §2), with the gradient when requested. */
export function lossSum(loss: LossId, batch: LossBatch): number {
  if (batch.fromLogits) {
    if (batch.activation === 'sigmoid') return sigmoidBinaryCrossentropy(batch);
    return softmaxCrossentropy(loss, batch);
  }
  switch (loss) {
    case 'sparse_categorical_crossentropy':
      return clippedSparseCrossentropy(batch);
    case 'categorical_crossentropy':
      return clippedCategoricalCrossentropy(batch);
    case 'binary_crossentropy':
      return clippedBinaryCrossentropy(batch);
    case 'mean_squared_error':
      return meanSquaredError(batch);
  }
}

/** Categorical cross-entropy from logits: lse(z)·Σy − Σ y·z (sparse: lse(z) − z[label]); gradient softmax(z)·Σy − y. */
function softmaxCrossentropy(loss: LossId, b: LossBatch): number {
  const { output: z, rows, cols, probs, grad } = b;
  const sparse = loss === 'sparse_categorical_crossentropy';
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let max = -Infinity;
    for (let j = 0; j < cols; j++) if (z[o + j] > max) max = z[o + j];
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += Math.exp(z[o + j] - max);
    const lse = max + Math.log(sum);
    let ySum = 0;
    for (let j = 0; j < cols; j++) {
      const y = sparse ? (j === b.targets[r] ? 1 : 0) : b.targets[o + j];
      ySum += y;
      total -= y * (z[o + j] - lse);
    }
    for (let j = 0; j < cols; j++) {
      const p = Math.exp(z[o + j] - lse);
      probs[o + j] = p;
      if (grad !== null) {
        const y = sparse ? (j === b.targets[r] ? 1 : 0) : b.targets[o + j];
        grad[o + j] = (p * ySum - y) * b.gradScale;
      }
    }
  }
  return total;
}

/** Binary cross-entropy from logits, averaged over the last axis: max(z,0) − z·y + log(1 + e^−|z|). */
function sigmoidBinaryCrossentropy(b: LossBatch): number {
  const { output: z, rows, cols, probs, grad } = b;
  let total = 0;
  for (let i = 0; i < rows * cols; i++) {
    const zi = z[i];
    const y = b.targets[i];
    total += (Math.max(zi, 0) - zi * y + Math.log1p(Math.exp(-Math.abs(zi)))) / cols;
    const p = 1 / (1 + Math.exp(-zi));
    probs[i] = p;
    if (grad !== null) grad[i] = ((p - y) / cols) * b.gradScale;
  }
  return total;
}

function clip(p: number): number {
  return Math.min(Math.max(p, EPSILON), 1 - EPSILON);
}

/** Inside the clip range the clip passes the gradient; outside it blocks it (tf.clip_by_value's gradient). */
function clipPasses(p: number): number {
  return p >= EPSILON && p <= 1 - EPSILON ? 1 : 0;
}

/** tf.keras sparse CE on probabilities: −log(p_c[y] / Σ p_c) with p_c = clip(p, ε, 1−ε). */
function clippedSparseCrossentropy(b: LossBatch): number {
  const { output: p, rows, cols, grad } = b;
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    const label = b.targets[r];
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += clip(p[o + j]);
    total += -Math.log(clip(p[o + label]) / sum);
    if (grad === null) continue;
    for (let j = 0; j < cols; j++) {
      const dClipped = 1 / sum - (j === label ? 1 / clip(p[o + j]) : 0);
      grad[o + j] = dClipped * clipPasses(p[o + j]) * b.gradScale;
    }
  }
  return total;
}

/** Categorical CE on probabilities: q = p/Σp, q_c = clip(q), −Σ y·log q_c. */
function clippedCategoricalCrossentropy(b: LossBatch): number {
  const { output: p, rows, cols, grad, targets: y } = b;
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += p[o + j];
    let gq = 0;
    for (let j = 0; j < cols; j++) {
      const q = p[o + j] / sum;
      total -= y[o + j] * Math.log(clip(q));
      gq += (-y[o + j] / clip(q)) * clipPasses(q) * q;
    }
    if (grad === null) continue;
    // Through the renormalisation: dL/dp_k = (g_k − Σ_j g_j q_j) / Σp, with g_j = dL/dq_j.
    for (let j = 0; j < cols; j++) {
      const q = p[o + j] / sum;
      const g = (-y[o + j] / clip(q)) * clipPasses(q);
      grad[o + j] = ((g - gq) / sum) * b.gradScale;
    }
  }
  return total;
}

/** tf.keras binary CE on probabilities: −[y·log(p_c + ε) + (1−y)·log(1 − p_c + ε)], mean over the last axis. */
function clippedBinaryCrossentropy(b: LossBatch): number {
  const { output: p, rows, cols, grad, targets: y } = b;
  let total = 0;
  for (let i = 0; i < rows * cols; i++) {
    const pc = clip(p[i]);
    total -= (y[i] * Math.log(pc + EPSILON) + (1 - y[i]) * Math.log(1 - pc + EPSILON)) / cols;
    if (grad !== null) {
      const d = -y[i] / (pc + EPSILON) + (1 - y[i]) / (1 - pc + EPSILON);
      grad[i] = ((d * clipPasses(p[i])) / cols) * b.gradScale;
    }
  }
  return total;
}

/** Mean squared error over the last axis. */
function meanSquaredError(b: LossBatch): number {
  const { output: p, rows, cols, grad, targets: y } = b;
  let total = 0;
  for (let i = 0; i < rows * cols; i++) {
    const d = p[i] - y[i];
    total += (d * d) / cols;
    if (grad !== null) grad[i] = ((2 * d) / cols) * b.gradScale;
  }
  return total;
}
