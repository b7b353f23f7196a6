// Metrics from confusion counts at one or several thresholds (keras.metrics.Precision, Recall, TruePositives,
// FalsePositives, TrueNegatives, FalseNegatives); Keras's rules are in docs/losses-and-metrics.md.
import { ValueError } from '../errors.ts';
import { CONFUSION_COUNT_KEYS, PRECISION_RECALL_KEYS } from '../option-keys.ts';
import { checkOptions } from '../options.ts';
import { type MetricBatch, type MetricOptions, Metric, divideNoNan, targetAt, weightAt } from './metric.ts';
import {
  type Confusion,
  NEG_INF,
  ThresholdCounts,
  checkClassId,
  evenlySpaced,
  optionalInteger,
  parseThresholds,
} from './threshold-counts.ts';

/** Options of TruePositives, FalsePositives, TrueNegatives and FalseNegatives. */
export interface ConfusionCountOptions extends MetricOptions {
  /** A prediction above it counts as positive (strict >): one value in [0, 1] or a list (default 0.5). */
  thresholds?: number | readonly number[];
}

/** Options of Precision and Recall. */
export interface PrecisionRecallOptions extends ConfusionCountOptions {
  /** Only the k largest predictions of a row can be positive (the threshold defaults to none then). */
  topK?: number;
  /** Score one output column only. */
  classId?: number;
}

/** Confusion counts over every (row, column) scored, at each threshold; one result per threshold. */
abstract class ConfusionMetric extends Metric {
  /** The thresholds option as given (null: the default), as Keras's config keeps it. */
  readonly thresholds: number | readonly number[] | null;
  /** The thresholds used, in the order given. */
  readonly thresholdValues: readonly number[];
  readonly topK: number | null;
  readonly classId: number | null;
  private readonly counts: ThresholdCounts;

  constructor(owner: string, defaultName: string, options: PrecisionRecallOptions, accepted: readonly string[]) {
    checkOptions(owner, options, accepted);
    super(defaultName, options.name);
    this.topK = optionalInteger(owner, 'topK', options.topK, 1);
    this.classId = optionalInteger(owner, 'classId', options.classId, 0);
    this.thresholdValues = parseThresholds(owner, options.thresholds, this.topK === null ? 0.5 : NEG_INF);
    this.thresholds = options.thresholds ?? null;
    this.counts = new ThresholdCounts(this.thresholdValues, 1, evenlySpaced(this.thresholdValues));
  }

  update(b: MetricBatch): void {
    checkClassId(this.constructor.name, this.classId, b.cols);
    const kept = new Uint8Array(b.cols);
    const first = this.classId ?? 0;
    const last = this.classId ?? b.cols - 1;
    for (let r = 0; r < b.rows; r++) {
      const o = r * b.cols;
      markTopK(b.predictions, o, b.cols, this.topK, kept);
      const w = weightAt(b, r);
      for (let j = first; j <= last; j++) {
        const score = kept[j] === 1 ? b.predictions[o + j] : NEG_INF;
        const actual = targetAt(b, r, j) !== 0;
        this.counts.add(score, actual ? w : 0, actual ? 0 : w);
      }
    }
  }

  reset(): void {
    this.counts.reset();
  }

  /** The value at each threshold, in the order given (Keras's result() with a list of thresholds). */
  results(): number[] {
    const c = this.counts.confusion();
    return this.thresholdValues.map((_, i) => this.valueAt(c, i));
  }

  /** The value at the one threshold; with several, results() gives them. */
  result(): number {
    if (this.thresholdValues.length > 1) {
      throw new ValueError(
        `${this.constructor.name} '${this.name}' has ${this.thresholdValues.length} thresholds: results() gives one value per threshold`,
      );
    }
    return this.results()[0];
  }

  override get multiValued(): string | null {
    return this.thresholdValues.length > 1 ? `has ${this.thresholdValues.length} thresholds` : null;
  }

  protected abstract valueAt(c: Confusion, i: number): number;

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), thresholds: this.thresholds, topK: this.topK, classId: this.classId };
  }
}

/** tp / (tp + fp) per threshold (keras.metrics.Precision). */
export class Precision extends ConfusionMetric {
  constructor(options: PrecisionRecallOptions = {}) {
    super('Precision', 'precision', options, PRECISION_RECALL_KEYS);
  }

  protected valueAt(c: Confusion, i: number): number {
    return divideNoNan(c.tp[i], c.tp[i] + c.fp[i]);
  }
}

/** tp / (tp + fn) per threshold (keras.metrics.Recall). */
export class Recall extends ConfusionMetric {
  constructor(options: PrecisionRecallOptions = {}) {
    super('Recall', 'recall', options, PRECISION_RECALL_KEYS);
  }

  protected valueAt(c: Confusion, i: number): number {
    return divideNoNan(c.tp[i], c.tp[i] + c.fn[i]);
  }
}

/** A count of one cell of the confusion matrix, weighted, per threshold. */
abstract class ConfusionCount extends ConfusionMetric {
  constructor(owner: string, defaultName: string, options: ConfusionCountOptions) {
    super(owner, defaultName, options, CONFUSION_COUNT_KEYS);
  }

  override getConfig(): Record<string, unknown> {
    return { name: this.name, thresholds: this.thresholds };
  }
}

/** Weighted true positives per threshold (keras.metrics.TruePositives). */
export class TruePositives extends ConfusionCount {
  constructor(options: ConfusionCountOptions = {}) {
    super('TruePositives', 'true_positives', options);
  }

  protected valueAt(c: Confusion, i: number): number {
    return c.tp[i];
  }
}

/** Weighted false positives per threshold (keras.metrics.FalsePositives). */
export class FalsePositives extends ConfusionCount {
  constructor(options: ConfusionCountOptions = {}) {
    super('FalsePositives', 'false_positives', options);
  }

  protected valueAt(c: Confusion, i: number): number {
    return c.fp[i];
  }
}

/** Weighted true negatives per threshold (keras.metrics.TrueNegatives). */
export class TrueNegatives extends ConfusionCount {
  constructor(options: ConfusionCountOptions = {}) {
    super('TrueNegatives', 'true_negatives', options);
  }

  protected valueAt(c: Confusion, i: number): number {
    return c.tn[i];
  }
}

/** Weighted false negatives per threshold (keras.metrics.FalseNegatives). */
export class FalseNegatives extends ConfusionCount {
  constructor(options: ConfusionCountOptions = {}) {
    super('FalseNegatives', 'false_negatives', options);
  }

  protected valueAt(c: Confusion, i: number): number {
    return c.fn[i];
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
