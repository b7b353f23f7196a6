// The base of the streaming metrics (keras.metrics.Metric): state accumulated over batches, reset per epoch.
import { checkOptions } from '../options.ts';
import { ValueError } from '../errors.ts';
import { standaloneBatch } from '../losses/standalone.ts';
import type { Tensor } from '../tensor/tensor.ts';

/** One batch as a metric sees it: the model output and the targets, with optional per-row sample weights. */
export interface MetricBatch {
  /** The model output (rows×cols). */
  predictions: Float32Array;
  /** Integer labels (rows) when `labels`, else targets (rows×cols). */
  targets: Float32Array | Int32Array;
  labels: boolean;
  rows: number;
  cols: number;
  weights: Float32Array | null;
}

/** A streaming metric: update per batch, result at any time, reset at each epoch (keras.metrics.Metric). */
export abstract class Metric {
  name: string;

  constructor(defaultName: string, name: string | undefined) {
    if (name !== undefined && (typeof name !== 'string' || name === '')) {
      throw new ValueError(`${this.constructor.name}: name must be a non-empty string, got ${String(name)}`);
    }
    this.name = name ?? defaultName;
  }

  /** Whether the metric needs integer labels (true), one row of targets per output (false), or either (null). */
  get takesLabels(): boolean | null {
    return null;
  }

  /** Why result() is not one number (e.g. several thresholds), or null: logs hold one number per metric. */
  get multiValued(): string | null {
    return null;
  }

  abstract update(batch: MetricBatch): void;
  abstract result(): number;
  abstract reset(): void;

  /**
   * Adds a batch given as tensors (Metric.update_state): yTrue holds one label per row where yPred has several
   * columns and yTrue one value per row, else one target per prediction.
   */
  updateState(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): void {
    const rows = yPred.rank === 0 ? 1 : yPred.shape[0];
    const labels = this.takesLabels ?? (yTrue.size === rows && yPred.size > rows);
    const b = standaloneBatch(this.constructor.name, yTrue, yPred, labels, sampleWeight);
    this.update({ predictions: b.output, targets: b.targets, labels, rows: b.rows, cols: b.cols, weights: b.weights });
  }

  /** Forgets every batch (Metric.reset_state). */
  resetState(): void {
    this.reset();
  }

  /** Keras's config of the metric, camelCase (Metric.get_config). */
  getConfig(): Record<string, unknown> {
    return { name: this.name };
  }
}

/** Options every metric takes. */
export interface MetricOptions {
  name?: string;
}

/** checkOptions for a metric's options plus 'name'. */
export function checkMetricOptions(owner: string, options: object | undefined, accepted: readonly string[]): void {
  checkOptions(owner, options, ['name', ...accepted]);
}

/** Target value of row r, column j: one-hot from labels when the targets are labels. */
export function targetAt(b: MetricBatch, r: number, j: number): number {
  return b.labels ? (b.targets[r] === j ? 1 : 0) : b.targets[r * b.cols + j];
}

/** Weight of row r (1 without sample weights). */
export function weightAt(b: MetricBatch, r: number): number {
  return b.weights === null ? 1 : b.weights[r];
}

/** x / y, or 0 when y is 0 (Keras's divide_no_nan). */
export function divideNoNan(x: number, y: number): number {
  return y === 0 ? 0 : x / y;
}
