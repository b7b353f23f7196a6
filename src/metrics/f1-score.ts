import { ValueError } from '../errors.ts';
import {
  type MetricBatch,
  type MetricOptions,
  Metric,
  checkMetricOptions,
  divideNoNan,
  targetAt,
  weightAt,
} from './metric.ts';

/** How F1Score combines the classes: Keras's average argument (null: one score per class). */
export type F1Average = 'micro' | 'macro' | 'weighted' | null;

/** Options of F1Score (keras.metrics.F1Score). */
export interface F1ScoreOptions extends MetricOptions {
  average?: F1Average;
  /** A prediction above it counts as 1; null (default): each row's largest prediction(s) count as 1. */
  threshold?: number | null;
}

/**
 * Per-class F1 = 2·P·R / (P + R) from weighted tp, fp, fn, combined by `average` (keras.metrics.F1Score).
 * With average null, result() is the first class's score and classScores() gives all of them.
 */
export class F1Score extends Metric {
  readonly average: F1Average;
  readonly threshold: number | null;
  private tp = new Float64Array(0);
  private fp = new Float64Array(0);
  private fn = new Float64Array(0);
  private support = new Float64Array(0);

  constructor(options: F1ScoreOptions = {}) {
    checkMetricOptions('F1Score', options, ['average', 'threshold']);
    super('f1_score', options.name);
    const average = options.average ?? null;
    if (average !== null && !['micro', 'macro', 'weighted'].includes(average)) {
      throw new ValueError(`F1Score: average must be 'micro', 'macro', 'weighted' or null, got ${String(average)}`);
    }
    const threshold = options.threshold ?? null;
    if (threshold !== null && !(typeof threshold === 'number' && threshold > 0 && threshold <= 1)) {
      throw new ValueError(`F1Score: threshold must be a number in (0, 1] or null, got ${String(threshold)}`);
    }
    this.average = average;
    this.threshold = threshold;
  }

  update(b: MetricBatch): void {
    if (this.tp.length !== b.cols) this.allocate(b.cols);
    for (let r = 0; r < b.rows; r++) {
      const o = r * b.cols;
      const w = weightAt(b, r);
      let max = -Infinity;
      for (let j = 0; j < b.cols; j++) max = Math.max(max, b.predictions[o + j]);
      for (let j = 0; j < b.cols; j++) {
        const p = b.predictions[o + j];
        const predicted = this.threshold === null ? p === max : p > this.threshold;
        const y = targetAt(b, r, j);
        if (predicted) {
          this.tp[j] += w * y;
          this.fp[j] += w * (1 - y);
        } else this.fn[j] += w * y;
        this.support[j] += w * y;
      }
    }
  }

  /** One F1 score per class. */
  classScores(): number[] {
    return Array.from(this.tp, (_, j) => f1(this.tp[j], this.fp[j], this.fn[j]));
  }

  result(): number {
    if (this.tp.length === 0) return 0;
    if (this.average === 'micro') return f1(sum(this.tp), sum(this.fp), sum(this.fn));
    const scores = this.classScores();
    if (this.average === 'macro') return sum(scores) / scores.length;
    if (this.average === 'weighted') {
      const total = sum(this.support);
      return scores.reduce((acc, s, j) => acc + s * divideNoNan(this.support[j], total), 0);
    }
    return scores[0];
  }

  reset(): void {
    for (const a of [this.tp, this.fp, this.fn, this.support]) a.fill(0);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), average: this.average, threshold: this.threshold, beta: 1 };
  }

  private allocate(cols: number): void {
    this.tp = new Float64Array(cols);
    this.fp = new Float64Array(cols);
    this.fn = new Float64Array(cols);
    this.support = new Float64Array(cols);
  }
}

function f1(tp: number, fp: number, fn: number): number {
  const precision = divideNoNan(tp, tp + fp);
  const recall = divideNoNan(tp, tp + fn);
  return 2 * divideNoNan(precision * recall, precision + recall);
}

function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}
