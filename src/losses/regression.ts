// Regression, hinge and distribution losses of keras.losses (Keras 3 formulas, epsilon clipping as Keras does it;
// see docs/losses-and-metrics.md). Each gives one value per sample and its gradient.
import { ValueError } from '../errors.ts';
import { checkOptions } from '../options.ts';
import { checkNumber } from './crossentropy.ts';
import { EPSILON, ElementwiseLoss, Loss, type LossRows } from './loss.ts';

/** Mean of (p − y)² over the last axis (keras.losses.MeanSquaredError). */
export class MeanSquaredError extends ElementwiseLoss {
  readonly name = 'mean_squared_error';
  constructor(options: Record<string, never> = {}) {
    super();
    checkOptions('MeanSquaredError', options, []);
  }

  protected element(p: number, y: number): number {
    this.slope = 2 * (p - y);
    return (p - y) * (p - y);
  }
}

/** Mean of |p − y| (keras.losses.MeanAbsoluteError). */
export class MeanAbsoluteError extends ElementwiseLoss {
  readonly name = 'mean_absolute_error';
  constructor(options: Record<string, never> = {}) {
    super();
    checkOptions('MeanAbsoluteError', options, []);
  }

  protected element(p: number, y: number): number {
    this.slope = Math.sign(p - y);
    return Math.abs(p - y);
  }
}

/** 100 · mean |(y − p) / max(|y|, ε)| (keras.losses.MeanAbsolutePercentageError). */
export class MeanAbsolutePercentageError extends ElementwiseLoss {
  readonly name = 'mean_absolute_percentage_error';
  constructor(options: Record<string, never> = {}) {
    super();
    checkOptions('MeanAbsolutePercentageError', options, []);
  }

  protected element(p: number, y: number): number {
    const scale = 100 / Math.max(Math.abs(y), EPSILON);
    this.slope = Math.sign(p - y) * scale;
    return Math.abs(y - p) * scale;
  }
}

/** mean (log(max(p, ε) + 1) − log(max(y, ε) + 1))² (keras.losses.MeanSquaredLogarithmicError). */
export class MeanSquaredLogarithmicError extends ElementwiseLoss {
  readonly name = 'mean_squared_logarithmic_error';
  constructor(options: Record<string, never> = {}) {
    super();
    checkOptions('MeanSquaredLogarithmicError', options, []);
  }

  protected element(p: number, y: number): number {
    const pc = Math.max(p, EPSILON);
    const diff = Math.log(pc + 1) - Math.log(Math.max(y, EPSILON) + 1);
    this.slope = p > EPSILON ? (2 * diff) / (pc + 1) : 0;
    return diff * diff;
  }
}

/** Options of Huber. */
export interface HuberOptions {
  /** Where the loss turns from quadratic to linear (default 1). */
  delta?: number;
}

/** ½e² for |e| ≤ δ, else δ|e| − ½δ², averaged over the last axis (keras.losses.Huber). */
export class Huber extends ElementwiseLoss {
  readonly name = 'huber_loss';
  readonly delta: number;
  constructor(options: HuberOptions = {}) {
    super();
    checkOptions('Huber', options, ['delta']);
    this.delta = checkNumber('Huber', 'delta', options.delta ?? 1, 0, Infinity);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), delta: this.delta };
  }

  protected element(p: number, y: number): number {
    const e = p - y;
    const d = this.delta;
    if (Math.abs(e) <= d) {
      this.slope = e;
      return 0.5 * e * e;
    }
    this.slope = d * Math.sign(e);
    return d * Math.abs(e) - 0.5 * d * d;
  }
}

/** mean log(cosh(p − y)), computed as x + softplus(−2x) − log 2 (keras.losses.LogCosh). */
export class LogCosh extends ElementwiseLoss {
  readonly name = 'log_cosh';
  constructor(options: Record<string, never> = {}) {
    super();
    checkOptions('LogCosh', options, []);
  }

  protected element(p: number, y: number): number {
    const x = p - y;
    this.slope = Math.tanh(x);
    const u = -2 * x;
    return x + Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u))) - Math.LN2;
  }
}

/** mean (p − y·log(p + ε)) (keras.losses.Poisson). */
export class Poisson extends ElementwiseLoss {
  readonly name = 'poisson';
  constructor(options: Record<string, never> = {}) {
    super();
    checkOptions('Poisson', options, []);
  }

  protected element(p: number, y: number): number {
    this.slope = 1 - y / (p + EPSILON);
    return p - y * Math.log(p + EPSILON);
  }
}

/** Hinge losses take labels −1/1; a batch of 0/1 labels only is converted to −1/1 first, as Keras does. */
abstract class HingeBase extends ElementwiseLoss {
  private binary = false;

  protected override prepare(b: LossRows): void {
    const n = b.rows * b.cols;
    this.binary = true;
    for (let i = 0; i < n; i++) {
      if (b.targets[i] !== 0 && b.targets[i] !== 1) {
        this.binary = false;
        break;
      }
    }
  }

  protected label(y: number): number {
    return this.binary ? 2 * y - 1 : y;
  }
}

/** mean max(1 − y·p, 0) (keras.losses.Hinge). */
export class Hinge extends HingeBase {
  readonly name = 'hinge';
  constructor(options: Record<string, never> = {}) {
    super();
    checkOptions('Hinge', options, []);
  }

  protected element(p: number, yRaw: number): number {
    const y = this.label(yRaw);
    const margin = 1 - y * p;
    this.slope = margin > 0 ? -y : 0;
    return Math.max(margin, 0);
  }
}

/** mean max(1 − y·p, 0)² (keras.losses.SquaredHinge). */
export class SquaredHinge extends HingeBase {
  readonly name = 'squared_hinge';
  constructor(options: Record<string, never> = {}) {
    super();
    checkOptions('SquaredHinge', options, []);
  }

  protected element(p: number, yRaw: number): number {
    const y = this.label(yRaw);
    const margin = Math.max(1 - y * p, 0);
    this.slope = -2 * y * margin;
    return margin * margin;
  }
}

/** max(neg − pos + 1, 0) with pos = Σ y·p, neg = max (1 − y)·p (keras.losses.CategoricalHinge). */
export class CategoricalHinge extends Loss {
  readonly name = 'categorical_hinge';
  constructor(options: Record<string, never> = {}) {
    super();
    checkOptions('CategoricalHinge', options, []);
  }

  protected rowLoss(b: LossRows, r: number, gradScale: number): number {
    const { output: p, targets: y, cols, grad } = b;
    const o = r * cols;
    let pos = 0;
    let neg = -Infinity;
    let negAt = 0;
    for (let j = 0; j < cols; j++) {
      pos += y[o + j] * p[o + j];
      const v = (1 - y[o + j]) * p[o + j];
      if (v > neg) {
        neg = v;
        negAt = j;
      }
    }
    const loss = neg - pos + 1;
    if (grad !== null) {
      for (let j = 0; j < cols; j++) {
        const d = loss > 0 ? -y[o + j] + (j === negAt ? 1 - y[o + j] : 0) : 0;
        grad[o + j] = d * gradScale;
      }
    }
    return Math.max(loss, 0);
  }
}

/** Options of CosineSimilarity. */
export interface CosineSimilarityOptions {
  /** The features axis (default −1; only the last axis of (n, features) outputs is supported). */
  axis?: number;
}

/** −Σ ŷ·p̂ with x̂ = x / max(‖x‖, ε) over the last axis (keras.losses.CosineSimilarity). */
export class CosineSimilarity extends Loss {
  readonly name = 'cosine_similarity';
  readonly axis: number;
  constructor(options: CosineSimilarityOptions = {}) {
    super();
    checkOptions('CosineSimilarity', options, ['axis']);
    const axis = options.axis ?? -1;
    if (axis !== -1 && axis !== 1) {
      throw new ValueError(
        `CosineSimilarity: axis must be -1 (or 1, the features axis of (n, features) outputs), got ${String(axis)}`,
      );
    }
    this.axis = axis;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis };
  }

  protected rowLoss(b: LossRows, r: number, gradScale: number): number {
    const { output: p, targets: y, cols, grad } = b;
    const o = r * cols;
    let pp = 0;
    let yy = 0;
    let yp = 0;
    for (let j = o; j < o + cols; j++) {
      pp += p[j] * p[j];
      yy += y[j] * y[j];
      yp += y[j] * p[j];
    }
    const pNorm = Math.max(Math.sqrt(pp), EPSILON);
    const yNorm = Math.max(Math.sqrt(yy), EPSILON);
    const cos = yp / (pNorm * yNorm);
    if (grad !== null) {
      // d(−ŷ·p/‖p‖)/dp = −(ŷ − cos·p/‖p‖)/‖p‖ while ‖p‖ > ε; below, the norm is the constant ε.
      const above = Math.sqrt(pp) > EPSILON;
      for (let j = o; j < o + cols; j++) {
        const d = -(y[j] / yNorm - (above ? (cos * p[j]) / pNorm : 0)) / pNorm;
        grad[j] = d * gradScale;
      }
    }
    return -cos;
  }
}

/** Σ y_c·log(y_c / p_c) with both clipped to [ε, 1] (keras.losses.KLDivergence). */
export class KLDivergence extends Loss {
  readonly name = 'kl_divergence';
  constructor(options: Record<string, never> = {}) {
    super();
    checkOptions('KLDivergence', options, []);
  }

  protected rowLoss(b: LossRows, r: number, gradScale: number): number {
    const { output: p, targets: y, cols, grad } = b;
    const o = r * cols;
    let loss = 0;
    for (let j = o; j < o + cols; j++) {
      const yc = Math.min(Math.max(y[j], EPSILON), 1);
      const pc = Math.min(Math.max(p[j], EPSILON), 1);
      loss += yc * Math.log(yc / pc);
      if (grad !== null) grad[j] = (p[j] >= EPSILON && p[j] <= 1 ? -yc / pc : 0) * gradScale;
    }
    return loss;
  }
}
