// Metrics that are a weighted mean of one value per sample (keras.metrics.MeanMetricWrapper): Σ w·v / Σ w.
// Accuracies, top-k accuracies and any loss as a metric. See docs/losses-and-metrics.md.
import { ValueError } from '../errors.ts';
import type { Loss } from '../losses/loss.ts';
import { MeanAbsoluteError as MaeLoss, MeanAbsolutePercentageError as MapeLoss } from '../losses/regression.ts';
import { MeanSquaredError as MseLoss, MeanSquaredLogarithmicError as MsleLoss } from '../losses/regression.ts';
import { type MetricBatch, type MetricOptions, Metric, checkMetricOptions, weightAt } from './metric.ts';

/** Σ w·v / Σ w over the samples seen since the last reset. */
export abstract class MeanMetricWrapper extends Metric {
  private total = 0;
  private count = 0;

  /** The value of each row of the batch. */
  protected abstract values(b: MetricBatch): ArrayLike<number>;

  update(b: MetricBatch): void {
    const values = this.values(b);
    for (let r = 0; r < b.rows; r++) {
      const w = weightAt(b, r);
      this.total += w * values[r];
      this.count += w;
    }
  }

  result(): number {
    return this.count === 0 ? 0 : this.total / this.count;
  }

  reset(): void {
    this.total = 0;
    this.count = 0;
  }
}

/** Index of the first largest value of a row (numpy argmax). */
export function argmax(values: Float32Array | Int32Array, offset: number, length: number): number {
  let best = 0;
  for (let j = 1; j < length; j++) if (values[offset + j] > values[offset + best]) best = j;
  return best;
}

/** float(argmax(p) == label) (keras.metrics.SparseCategoricalAccuracy). */
export class SparseCategoricalAccuracy extends MeanMetricWrapper {
  constructor(options: MetricOptions = {}) {
    checkMetricOptions('SparseCategoricalAccuracy', options, []);
    super('sparse_categorical_accuracy', options.name);
  }

  override get takesLabels(): boolean {
    return true;
  }

  protected values(b: MetricBatch): Float64Array {
    const out = new Float64Array(b.rows);
    for (let r = 0; r < b.rows; r++) out[r] = argmax(b.predictions, r * b.cols, b.cols) === b.targets[r] ? 1 : 0;
    return out;
  }
}

/** float(argmax(p) == argmax(y)) (keras.metrics.CategoricalAccuracy). */
export class CategoricalAccuracy extends MeanMetricWrapper {
  constructor(options: MetricOptions = {}) {
    checkMetricOptions('CategoricalAccuracy', options, []);
    super('categorical_accuracy', options.name);
  }

  override get takesLabels(): boolean {
    return false;
  }

  protected values(b: MetricBatch): Float64Array {
    const out = new Float64Array(b.rows);
    for (let r = 0; r < b.rows; r++) {
      out[r] = argmax(b.predictions, r * b.cols, b.cols) === argmax(b.targets, r * b.cols, b.cols) ? 1 : 0;
    }
    return out;
  }
}

/** Options of BinaryAccuracy. */
export interface BinaryAccuracyOptions extends MetricOptions {
  /** A prediction above it counts as 1 (strict >, default 0.5). */
  threshold?: number;
}

/** mean over the last axis of float(y == (p > threshold)) (keras.metrics.BinaryAccuracy). */
export class BinaryAccuracy extends MeanMetricWrapper {
  readonly threshold: number;
  constructor(options: BinaryAccuracyOptions = {}) {
    checkMetricOptions('BinaryAccuracy', options, ['threshold']);
    super('binary_accuracy', options.name);
    this.threshold = options.threshold ?? 0.5;
  }

  protected values(b: MetricBatch): Float64Array {
    const out = new Float64Array(b.rows);
    for (let r = 0; r < b.rows; r++) {
      let hits = 0;
      for (let j = r * b.cols; j < (r + 1) * b.cols; j++)
        hits += (b.predictions[j] > this.threshold ? 1 : 0) === b.targets[j] ? 1 : 0;
      out[r] = hits / b.cols;
    }
    return out;
  }
}

/** Options of the top-k accuracies. */
export interface TopKOptions extends MetricOptions {
  /** How many of the largest predictions count (default 5). */
  k?: number;
}

/** Whether class c is among the k largest of a row: ties with the k-th largest count as in (Keras's in_top_k). */
function inTopK(p: Float32Array, offset: number, cols: number, c: number, k: number): boolean {
  const value = p[offset + c];
  let larger = 0;
  for (let j = 0; j < cols; j++) if (p[offset + j] > value) larger++;
  return larger < k;
}

function checkK(owner: string, k: unknown): number {
  if (k === undefined) return 5;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1)
    throw new ValueError(`${owner}: k must be an integer >= 1, got ${String(k)}`);
  return k;
}

/** float(argmax(y) in top-k of p) (keras.metrics.TopKCategoricalAccuracy). */
export class TopKCategoricalAccuracy extends MeanMetricWrapper {
  readonly k: number;
  constructor(options: TopKOptions = {}) {
    checkMetricOptions('TopKCategoricalAccuracy', options, ['k']);
    super('top_k_categorical_accuracy', options.name);
    this.k = checkK('TopKCategoricalAccuracy', options.k);
  }

  override get takesLabels(): boolean {
    return false;
  }

  protected values(b: MetricBatch): Float64Array {
    const out = new Float64Array(b.rows);
    for (let r = 0; r < b.rows; r++) {
      const o = r * b.cols;
      out[r] = inTopK(b.predictions, o, b.cols, argmax(b.targets, o, b.cols), this.k) ? 1 : 0;
    }
    return out;
  }
}

/** float(label in top-k of p) (keras.metrics.SparseTopKCategoricalAccuracy). */
export class SparseTopKCategoricalAccuracy extends MeanMetricWrapper {
  readonly k: number;
  constructor(options: TopKOptions = {}) {
    checkMetricOptions('SparseTopKCategoricalAccuracy', options, ['k']);
    super('sparse_top_k_categorical_accuracy', options.name);
    this.k = checkK('SparseTopKCategoricalAccuracy', options.k);
  }

  override get takesLabels(): boolean {
    return true;
  }

  protected values(b: MetricBatch): Float64Array {
    const out = new Float64Array(b.rows);
    for (let r = 0; r < b.rows; r++) out[r] = inTopK(b.predictions, r * b.cols, b.cols, b.targets[r], this.k) ? 1 : 0;
    return out;
  }
}

/** A loss's per-sample values on the model output, as a weighted mean (a loss id given as a metric). */
export class LossMetric extends MeanMetricWrapper {
  constructor(
    readonly loss: Loss,
    name: string,
  ) {
    super(name, undefined);
  }

  override get takesLabels(): boolean {
    return this.loss.takesLabels;
  }

  protected values(b: MetricBatch): Float64Array {
    return this.loss.sampleLosses({
      output: b.predictions,
      targets: b.targets,
      rows: b.rows,
      cols: b.cols,
      logits: this.loss.fromLogits,
      weights: null,
      grad: null,
      probs: null,
    });
  }
}

/** keras.metrics.MeanSquaredError. */
export class MeanSquaredError extends LossMetric {
  constructor(options: MetricOptions = {}) {
    checkMetricOptions('MeanSquaredError', options, []);
    super(new MseLoss(), options.name ?? 'mean_squared_error');
  }
}

/** keras.metrics.MeanAbsoluteError. */
export class MeanAbsoluteError extends LossMetric {
  constructor(options: MetricOptions = {}) {
    checkMetricOptions('MeanAbsoluteError', options, []);
    super(new MaeLoss(), options.name ?? 'mean_absolute_error');
  }
}

/** keras.metrics.MeanAbsolutePercentageError. */
export class MeanAbsolutePercentageError extends LossMetric {
  constructor(options: MetricOptions = {}) {
    checkMetricOptions('MeanAbsolutePercentageError', options, []);
    super(new MapeLoss(), options.name ?? 'mean_absolute_percentage_error');
  }
}

/** keras.metrics.MeanSquaredLogarithmicError. */
export class MeanSquaredLogarithmicError extends LossMetric {
  constructor(options: MetricOptions = {}) {
    checkMetricOptions('MeanSquaredLogarithmicError', options, []);
    super(new MsleLoss(), options.name ?? 'mean_squared_logarithmic_error');
  }
}
