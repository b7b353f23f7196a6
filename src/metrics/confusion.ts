// Metrics from confusion counts accumulated over batches (keras.metrics.Precision, Recall, AUC); Keras's
// thresholds and AUC summation rules are in docs/losses-and-metrics.md.
import { ValueError } from '../errors.ts';
import { EPSILON } from '../losses/loss.ts';
import {
  type MetricBatch,
  type MetricOptions,
  Metric,
  checkMetricOptions,
  divideNoNan,
  targetAt,
  weightAt,
} from './metric.ts';

/** Options of Precision and Recall. */
export interface PrecisionRecallOptions extends MetricOptions {
  /** A prediction above it counts as positive (strict >; default 0.5, or any value with topK). */
  thresholds?: number;
  /** Only the k largest predictions of a row can be positive. */
  topK?: number;
  /** Score one output column only. */
  classId?: number;
}

/** True/false positives and negatives at one threshold, over every (row, column) scored. */
abstract class ThresholdCounts extends Metric {
  readonly thresholds: number;
  readonly topK: number | null;
  readonly classId: number | null;
  protected tp = 0;
  protected fp = 0;
  protected fn = 0;

  constructor(owner: string, defaultName: string, options: PrecisionRecallOptions) {
    checkMetricOptions(owner, options, ['thresholds', 'topK', 'classId']);
    super(defaultName, options.name);
    this.topK = optionalInteger(owner, 'topK', options.topK, 1);
    this.classId = optionalInteger(owner, 'classId', options.classId, 0);
    const t = options.thresholds ?? (this.topK === null ? 0.5 : -Infinity);
    if (typeof t !== 'number' || Number.isNaN(t)) {
      throw new ValueError(
        `${owner}: thresholds must be one number (a list of thresholds is not supported), got ${String(t)}`,
      );
    }
    this.thresholds = t;
  }

  update(b: MetricBatch): void {
    if (this.classId !== null && this.classId >= b.cols) {
      throw new ValueError(
        `${this.constructor.name}: classId ${this.classId} is outside the model's ${b.cols} outputs`,
      );
    }
    const kept = new Uint8Array(b.cols);
    for (let r = 0; r < b.rows; r++) {
      const o = r * b.cols;
      markTopK(b.predictions, o, b.cols, this.topK, kept);
      const w = weightAt(b, r);
      const first = this.classId ?? 0;
      const last = this.classId ?? b.cols - 1;
      for (let j = first; j <= last; j++) {
        const predicted = kept[j] === 1 && b.predictions[o + j] > this.thresholds;
        const actual = targetAt(b, r, j) !== 0;
        if (predicted && actual) this.tp += w;
        else if (predicted) this.fp += w;
        else if (actual) this.fn += w;
      }
    }
  }

  reset(): void {
    this.tp = 0;
    this.fp = 0;
    this.fn = 0;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), thresholds: this.thresholds, topK: this.topK, classId: this.classId };
  }
}

/** tp / (tp + fp) (keras.metrics.Precision). */
export class Precision extends ThresholdCounts {
  constructor(options: PrecisionRecallOptions = {}) {
    super('Precision', 'precision', options);
  }

  result(): number {
    return divideNoNan(this.tp, this.tp + this.fp);
  }
}

/** tp / (tp + fn) (keras.metrics.Recall). */
export class Recall extends ThresholdCounts {
  constructor(options: PrecisionRecallOptions = {}) {
    super('Recall', 'recall', options);
  }

  result(): number {
    return divideNoNan(this.tp, this.tp + this.fn);
  }
}

/** kept[j] = 1 for the k largest of a row (ties to the lower index, as top_k), all 1 without k. */
function markTopK(p: Float32Array, o: number, cols: number, k: number | null, kept: Uint8Array): void {
  if (k === null || k >= cols) {
    kept.fill(1);
    return;
  }
  for (let j = 0; j < cols; j++) {
    let rank = 0;
    for (let i = 0; i < cols; i++) if (p[o + i] > p[o + j] || (p[o + i] === p[o + j] && i < j)) rank++;
    kept[j] = rank < k ? 1 : 0;
  }
}

function optionalInteger(owner: string, name: string, value: unknown, min: number): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ValueError(`${owner}: ${name} must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

/** Options of AUC (keras.metrics.AUC). */
export interface AUCOptions extends MetricOptions {
  /** Thresholds evenly spaced over [0, 1] (default 200), ignored when `thresholds` is given. */
  numThresholds?: number;
  curve?: 'ROC' | 'PR';
  summationMethod?: 'interpolation' | 'minoring' | 'majoring';
  /** Explicit thresholds in [0, 1]; −ε and 1 + ε are added at the ends. */
  thresholds?: readonly number[];
  /** Apply a sigmoid to the predictions first. */
  fromLogits?: boolean;
}

/**
 * Area under the ROC or precision-recall curve from weighted confusion counts at fixed thresholds
 * (keras.metrics.AUC, multiLabel false: every output value is one score).
 */
export class AUC extends Metric {
  readonly curve: 'ROC' | 'PR';
  readonly summationMethod: 'interpolation' | 'minoring' | 'majoring';
  readonly fromLogits: boolean;
  /** The thresholds, ascending, −ε first and 1 + ε last. */
  readonly thresholdValues: Float64Array;
  /** Weighted positives and negatives whose score is above exactly k thresholds. */
  private readonly positives: Float64Array;
  private readonly negatives: Float64Array;

  constructor(options: AUCOptions = {}) {
    checkMetricOptions('AUC', options, ['numThresholds', 'curve', 'summationMethod', 'thresholds', 'fromLogits']);
    super('auc', options.name);
    this.curve = oneOf('curve', options.curve ?? 'ROC', ['ROC', 'PR'] as const);
    this.summationMethod = oneOf('summationMethod', options.summationMethod ?? 'interpolation', [
      'interpolation',
      'minoring',
      'majoring',
    ] as const);
    if (options.fromLogits !== undefined && typeof options.fromLogits !== 'boolean') {
      throw new ValueError(`AUC: fromLogits must be true or false, got ${String(options.fromLogits)}`);
    }
    this.fromLogits = options.fromLogits ?? false;
    this.thresholdValues = aucThresholds(options.numThresholds, options.thresholds);
    this.positives = new Float64Array(this.thresholdValues.length + 1);
    this.negatives = new Float64Array(this.thresholdValues.length + 1);
  }

  update(b: MetricBatch): void {
    for (let r = 0; r < b.rows; r++) {
      const w = weightAt(b, r);
      for (let j = 0; j < b.cols; j++) {
        const raw = b.predictions[r * b.cols + j];
        const score = this.fromLogits ? 1 / (1 + Math.exp(-raw)) : raw;
        const above = countBelow(this.thresholdValues, score);
        const y = targetAt(b, r, j);
        this.positives[above] += w * y;
        this.negatives[above] += w * (1 - y);
      }
    }
  }

  reset(): void {
    this.positives.fill(0);
    this.negatives.fill(0);
  }

  result(): number {
    const n = this.thresholdValues.length;
    const tp = new Float64Array(n);
    const fp = new Float64Array(n);
    let pos = 0;
    let neg = 0;
    // A score above k thresholds is predicted positive at thresholds 0 … k − 1.
    for (let k = n; k >= 1; k--) {
      pos += this.positives[k];
      neg += this.negatives[k];
      tp[k - 1] = pos;
      fp[k - 1] = neg;
    }
    const totalPos = pos + this.positives[0];
    const totalNeg = neg + this.negatives[0];
    const fn = tp.map((v) => totalPos - v);
    if (this.curve === 'PR' && this.summationMethod === 'interpolation') return interpolatedPrAuc(tp, fp, fn);
    const tn = fp.map((v) => totalNeg - v);
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const recall = divideNoNan(tp[i], tp[i] + fn[i]);
      x[i] = this.curve === 'ROC' ? divideNoNan(fp[i], fp[i] + tn[i]) : recall;
      y[i] = this.curve === 'ROC' ? recall : divideNoNan(tp[i], tp[i] + fp[i]);
    }
    let area = 0;
    for (let i = 0; i < n - 1; i++) {
      const height =
        this.summationMethod === 'interpolation'
          ? (y[i] + y[i + 1]) / 2
          : this.summationMethod === 'minoring'
            ? Math.min(y[i], y[i + 1])
            : Math.max(y[i], y[i + 1]);
      area += (x[i] - x[i + 1]) * height;
    }
    return area;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      numThresholds: this.thresholdValues.length,
      curve: this.curve,
      summationMethod: this.summationMethod,
      fromLogits: this.fromLogits,
      multiLabel: false,
    };
  }
}

/** Keras's thresholds: −ε, then i/(n−1) for i = 1 … n−2 (or the given ones), then 1 + ε. */
function aucThresholds(numThresholds: unknown, given: readonly number[] | undefined): Float64Array {
  if (given !== undefined) {
    if (!Array.isArray(given) || given.some((t) => typeof t !== 'number' || !(t >= 0 && t <= 1))) {
      throw new ValueError(`AUC: thresholds must be an array of numbers in [0, 1], got ${String(given)}`);
    }
    return Float64Array.from([-EPSILON, ...[...given].sort((a, b) => a - b), 1 + EPSILON]);
  }
  const n = numThresholds ?? 200;
  if (typeof n !== 'number' || !Number.isInteger(n) || n <= 1) {
    throw new ValueError(`AUC: numThresholds must be an integer > 1, got ${String(n)}`);
  }
  const out = new Float64Array(n);
  out[0] = -EPSILON;
  for (let i = 1; i < n - 1; i++) out[i] = i / (n - 1);
  out[n - 1] = 1 + EPSILON;
  return out;
}

/** How many thresholds lie strictly below the score (a score counts as positive where score > threshold). */
function countBelow(thresholds: Float64Array, score: number): number {
  let lo = 0;
  let hi = thresholds.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (thresholds[mid] < score) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The PR area with precision interpolated between thresholds (Davis & Goadrich 2006, as Keras's
 * interpolate_pr_auc): on each segment precision = slope·p + intercept in the predicted positives p.
 */
function interpolatedPrAuc(tp: Float64Array, fp: Float64Array, fn: Float64Array): number {
  let area = 0;
  for (let i = 0; i < tp.length - 1; i++) {
    const dtp = tp[i] - tp[i + 1];
    const p0 = tp[i] + fp[i];
    const p1 = tp[i + 1] + fp[i + 1];
    const slope = divideNoNan(dtp, Math.max(p0 - p1, 0));
    const intercept = tp[i + 1] - slope * p1;
    const ratio = p0 > 0 && p1 > 0 ? divideNoNan(p0, Math.max(p1, 0)) : 1;
    area += divideNoNan(slope * (dtp + intercept * Math.log(ratio)), Math.max(tp[i + 1] + fn[i + 1], 0));
  }
  return area;
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (!(allowed as readonly unknown[]).includes(value)) {
    throw new ValueError(
      `AUC: ${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${String(value)}`,
    );
  }
  return value as T;
}
