// Area under the ROC or precision-recall curve from confusion counts at fixed thresholds (keras.metrics.AUC);
// Keras's thresholds, summation rules and multi-label averaging are in docs/losses-and-metrics.md.
import { ValueError } from '../errors.ts';
import { EPSILON } from '../losses/loss.ts';
import { AUC_KEYS } from '../option-keys.ts';
import { checkOptions } from '../options.ts';
import { type MetricBatch, type MetricOptions, Metric, divideNoNan, targetAt, weightAt } from './metric.ts';
import { type Confusion, ThresholdCounts, evenlySpaced, optionalInteger } from './threshold-counts.ts';

/** Options of AUC (keras.metrics.AUC). */
export interface AUCOptions extends MetricOptions {
  /** Thresholds evenly spaced over [0, 1] (default 200), ignored when `thresholds` is given. */
  numThresholds?: number;
  curve?: 'ROC' | 'PR';
  summationMethod?: 'interpolation' | 'minoring' | 'majoring';
  /** Explicit thresholds in [0, 1]; −ε and 1 + ε are added at the ends. */
  thresholds?: readonly number[];
  /** One curve per output column, their areas averaged (weighted by labelWeights when given). */
  multiLabel?: boolean;
  /** The number of labels (columns) with multiLabel; taken from the first batch when absent. */
  numLabels?: number;
  /**
   * One non-negative weight per label: with multiLabel, the weights of the labels' areas in the average;
   * without, a weight on each column's values in the single curve.
   */
  labelWeights?: readonly number[];
  /** Apply a sigmoid to the predictions first. */
  fromLogits?: boolean;
}

/**
 * Area under the ROC or precision-recall curve from weighted confusion counts at fixed thresholds
 * (keras.metrics.AUC): every output value is one score, or with multiLabel each column has its own curve.
 */
export class AUC extends Metric {
  readonly curve: 'ROC' | 'PR';
  readonly summationMethod: 'interpolation' | 'minoring' | 'majoring';
  readonly fromLogits: boolean;
  readonly multiLabel: boolean;
  readonly labelWeights: readonly number[] | null;
  /** The thresholds, ascending, −ε first and 1 + ε last. */
  readonly thresholdValues: Float64Array;
  private readonly givenThresholds: readonly number[] | null;
  private readonly clip: boolean;
  private numLabelsValue: number | null;
  private counts: ThresholdCounts | null = null;

  constructor(options: AUCOptions = {}) {
    checkOptions('AUC', options, AUC_KEYS);
    super('auc', options.name);
    this.curve = oneOf('curve', options.curve ?? 'ROC', ['ROC', 'PR'] as const);
    this.summationMethod = oneOf('summationMethod', options.summationMethod ?? 'interpolation', [
      'interpolation',
      'minoring',
      'majoring',
    ] as const);
    this.fromLogits = flag('fromLogits', options.fromLogits);
    this.multiLabel = flag('multiLabel', options.multiLabel);
    this.numLabelsValue = optionalInteger('AUC', 'numLabels', options.numLabels, 1);
    if (this.numLabelsValue !== null && !this.multiLabel) {
      throw new ValueError('AUC: numLabels is needed only with multiLabel true');
    }
    this.labelWeights = checkLabelWeights(options.labelWeights, this.numLabelsValue);
    this.givenThresholds = options.thresholds === undefined ? null : [...options.thresholds];
    this.thresholdValues = aucThresholds(options.numThresholds, options.thresholds);
    const inner = Array.from(this.thresholdValues.subarray(1, -1));
    // Keras buckets (and so clamps scores to [0, 1]) when the thresholds are evenly spaced.
    this.clip = options.thresholds === undefined || evenlySpaced([0, ...inner, 1]);
  }

  /** The number of labels of a multi-label AUC (null until the first batch when not given). */
  get numLabels(): number | null {
    return this.numLabelsValue;
  }

  update(b: MetricBatch): void {
    const counts = this.countsFor(b.cols);
    for (let r = 0; r < b.rows; r++) {
      const w = weightAt(b, r);
      for (let j = 0; j < b.cols; j++) {
        const raw = b.predictions[r * b.cols + j];
        const score = this.fromLogits ? 1 / (1 + Math.exp(-raw)) : raw;
        const y = targetAt(b, r, j);
        const wj = this.multiLabel || this.labelWeights === null ? w : w * this.labelWeights[j];
        counts.add(score, wj * y, wj * (1 - y), this.multiLabel ? j : 0);
      }
    }
  }

  reset(): void {
    this.counts?.reset();
  }

  result(): number {
    if (this.counts === null) return 0;
    if (!this.multiLabel) return this.area(this.counts.confusion(0));
    const areas = Array.from({ length: this.counts.labels }, (_, l) => this.area(this.counts!.confusion(l)));
    if (this.labelWeights === null) return areas.reduce((a, v) => a + v, 0) / areas.length;
    const total = this.labelWeights.reduce((a, v) => a + v, 0);
    return divideNoNan(
      areas.reduce((a, v, l) => a + v * this.labelWeights![l], 0),
      total,
    );
  }

  /** One curve's area from its counts at the ascending thresholds. */
  private area(c: Confusion): number {
    if (this.curve === 'PR' && this.summationMethod === 'interpolation') return interpolatedPrAuc(c);
    const n = c.tp.length;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const recall = divideNoNan(c.tp[i], c.tp[i] + c.fn[i]);
      x[i] = this.curve === 'ROC' ? divideNoNan(c.fp[i], c.fp[i] + c.tn[i]) : recall;
      y[i] = this.curve === 'ROC' ? recall : divideNoNan(c.tp[i], c.tp[i] + c.fp[i]);
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

  /** The counts, made at the first batch (one histogram per label with multiLabel); checks the column count. */
  private countsFor(cols: number): ThresholdCounts {
    if (this.multiLabel) {
      if (this.numLabelsValue !== null && this.numLabelsValue !== cols) {
        throw new ValueError(`AUC: multiLabel with ${this.numLabelsValue} labels, but the batch has ${cols} columns`);
      }
      this.numLabelsValue = cols;
    }
    if (this.labelWeights !== null && this.labelWeights.length !== cols) {
      throw new ValueError(
        `AUC: labelWeights has ${this.labelWeights.length} weights, but the batch has ${cols} columns`,
      );
    }
    this.counts ??= new ThresholdCounts(Array.from(this.thresholdValues), this.multiLabel ? cols : 1, this.clip);
    return this.counts;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      numThresholds: this.thresholdValues.length,
      curve: this.curve,
      summationMethod: this.summationMethod,
      multiLabel: this.multiLabel,
      numLabels: this.numLabelsValue,
      labelWeights: this.labelWeights === null ? null : [...this.labelWeights],
      fromLogits: this.fromLogits,
      ...(this.givenThresholds === null ? {} : { thresholds: [...this.givenThresholds] }),
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

/**
 * The PR area with precision interpolated between thresholds (Davis & Goadrich 2006, as Keras's
 * interpolate_pr_auc): on each segment precision = slope·p + intercept in the predicted positives p.
 */
function interpolatedPrAuc({ tp, fp, fn }: Confusion): number {
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

function checkLabelWeights(value: unknown, numLabels: number | null): readonly number[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'number' || !(v >= 0))) {
    throw new ValueError(`AUC: labelWeights must be a non-empty array of non-negative numbers, got ${String(value)}`);
  }
  if (numLabels !== null && value.length !== numLabels) {
    throw new ValueError(`AUC: labelWeights has ${value.length} weights for numLabels ${numLabels}`);
  }
  return [...value];
}

function flag(name: string, value: unknown): boolean {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new ValueError(`AUC: ${name} must be true or false, got ${String(value)}`);
  }
  return value ?? false;
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (!(allowed as readonly unknown[]).includes(value)) {
    throw new ValueError(
      `AUC: ${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${String(value)}`,
    );
  }
  return value as T;
}
