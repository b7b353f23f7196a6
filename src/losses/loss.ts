// The base of every loss object: per-row loss values and gradients, reduced the Keras 3 way
// ("sum_over_batch_size": Σ w·l / n, see docs/losses-and-metrics.md).
import type { Tensor } from '../tensor/tensor.ts';
import { standaloneBatch } from './standalone.ts';

/** Keras's backend epsilon(): the clip applied to probabilities and denominators. */
export const EPSILON = 1e-7;

/** One batch of a loss evaluation: the model output, the targets and where to write the gradient. */
export interface LossRows {
  /** The model output (rows×cols): logits when `logits`, else the final activation's output. */
  output: Float32Array;
  /** Integer labels (rows) for label losses, else targets (rows×cols). */
  targets: Float32Array | Int32Array;
  rows: number;
  cols: number;
  /** Whether `output` holds logits (the loss's fromLogits, or the pre-activation taken by the tf.keras rule). */
  logits: boolean;
  /** Per-row sample weights, or null for weight 1. */
  weights: Float32Array | null;
  /** Where to write d(batch loss)/d(output), or null. */
  grad: Float32Array | null;
  /** Where to write the probabilities when a softmax/sigmoid was taken off the output, else null. */
  probs: Float32Array | null;
}

/** The activation whose input a loss can take as logits (tf.keras's _get_logits rule), or null. */
export type LogitsActivation = 'softmax' | 'sigmoid' | null;

/**
 * A loss (keras.losses.Loss): per-sample values reduced as Keras 3's "sum_over_batch_size",
 * batch loss = Σ_r w_r·l_r / n. Subclasses give one row's loss and its gradient.
 */
export abstract class Loss {
  /** The Keras name of the loss object (its `name` argument default, e.g. 'huber_loss'). */
  abstract readonly name: string;
  /** Whether the loss takes logits (fromLogits); false for losses without that option. */
  readonly fromLogits: boolean = false;
  /** Whether targets are integer class labels (n,) rather than one row per output. */
  readonly takesLabels: boolean = false;
  /** The output activation whose input this loss computes from (tf.keras rule), or null. */
  readonly logitsActivation: LogitsActivation = null;

  /** Keras's config of the loss object, camelCase (Loss.get_config). */
  getConfig(): Record<string, unknown> {
    return { name: this.name, reduction: 'sum_over_batch_size' };
  }

  /**
   * The reduced loss of yPred against yTrue, optionally sample-weighted (Keras's loss(y_true, y_pred,
   * sample_weight)): yPred is taken as logits when fromLogits.
   */
  call(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): number {
    const b = standaloneBatch(this.constructor.name, yTrue, yPred, this.takesLabels, sampleWeight);
    if (b.rows === 0) return 0;
    return this.batchLoss({ ...b, logits: this.fromLogits, grad: null, probs: null }) / b.rows;
  }

  /** The label a row is ignored for, or null (SparseCategoricalCrossentropy's ignoreClass). */
  ignoredLabel(): number | null {
    return null;
  }

  /**
   * rows × the reduced batch loss (what a running mean weighted by batch size adds up), writing the gradient of
   * the reduced batch loss when `b.grad` is set. Rows whose label is ignored count for nothing: the mean is over
   * the others, as Keras's mask does.
   */
  batchLoss(b: LossRows): number {
    this.prepare(b);
    const divisor = this.divisor(b);
    if (divisor === 0) {
      b.grad?.fill(0, 0, b.rows * b.cols);
      if (b.probs !== null) for (let r = 0; r < b.rows; r++) this.writeProbs(b, r);
      return 0;
    }
    const ignored = this.ignoredLabel();
    let total = 0;
    for (let r = 0; r < b.rows; r++) {
      const w = b.weights === null ? 1 : b.weights[r];
      if (ignored !== null && b.targets[r] === ignored) {
        b.grad?.fill(0, r * b.cols, (r + 1) * b.cols);
        if (b.probs !== null) this.writeProbs(b, r);
        continue;
      }
      total += w * this.rowLoss(b, r, w / divisor);
    }
    return (total / divisor) * b.rows;
  }

  /** Each row's loss value, without gradients (for the loss as a metric). */
  sampleLosses(b: LossRows): Float64Array {
    const rows = { ...b, grad: null, probs: null };
    this.prepare(rows);
    const values = new Float64Array(b.rows);
    for (let r = 0; r < b.rows; r++) values[r] = this.rowLoss(rows, r, 0);
    return values;
  }

  /** Looks at the whole batch before the rows are computed (the hinge losses' label convention). */
  protected prepare(_b: LossRows): void {}

  /** Row r's loss; with b.grad, writes d(row loss)/d(output)·gradScale into the row of b.grad (and b.probs). */
  protected abstract rowLoss(b: LossRows, r: number, gradScale: number): number;

  /** The probabilities of a skipped row, for metrics (only losses that take logits override it). */
  protected writeProbs(_b: LossRows, _r: number): void {}

  /** n, or the number of rows not ignored. */
  private divisor(b: LossRows): number {
    const ignored = this.ignoredLabel();
    if (ignored === null) return b.rows;
    let valid = 0;
    for (let r = 0; r < b.rows; r++) if (b.targets[r] !== ignored) valid++;
    return valid;
  }
}

/**
 * A loss that is the mean over the last axis of one function of (prediction, target) per element
 * (mse, mae, huber, …). `element` returns the value and stores the derivative in `this.slope`.
 */
export abstract class ElementwiseLoss extends Loss {
  /** d(element value)/d(prediction) of the last `element` call. */
  protected slope = 0;

  protected abstract element(p: number, y: number): number;

  protected rowLoss(b: LossRows, r: number, gradScale: number): number {
    const { output, targets, cols, grad } = b;
    const o = r * cols;
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      sum += this.element(output[o + j], targets[o + j]);
      if (grad !== null) grad[o + j] = (this.slope / cols) * gradScale;
    }
    return sum / cols;
  }
}

/** Clips p into [EPSILON, 1 − EPSILON]. */
export function clipProbability(p: number): number {
  return Math.min(Math.max(p, EPSILON), 1 - EPSILON);
}

/** 1 inside the clip range, 0 outside: the gradient of a clip (tf.clip_by_value's). */
export function clipPasses(p: number): number {
  return p >= EPSILON && p <= 1 - EPSILON ? 1 : 0;
}
