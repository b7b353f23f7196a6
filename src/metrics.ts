import { ValueError } from './errors.ts';

/** The metric ids compile() accepts (keras.metrics); 'accuracy'/'acc' are resolved from the data's shapes. */
export const METRICS = ['accuracy', 'acc', 'sparse_categorical_accuracy', 'categorical_accuracy', 'binary_accuracy'] as const;

export type MetricId = (typeof METRICS)[number];

/** The concrete accuracy functions. */
export type AccuracyFn = 'sparse_categorical_accuracy' | 'categorical_accuracy' | 'binary_accuracy';

/** A compiled metric: the name shown in logs and History, and the function computing it. */
export interface ResolvedMetric {
  name: string;
  fn: AccuracyFn;
}

/** Checks a metric id; unknown ids list the valid ones. */
export function checkMetricId(id: string): MetricId {
  if ((METRICS as readonly string[]).includes(id)) return id as MetricId;
  throw new ValueError(`unknown metric '${String(id)}': expected one of ${METRICS.map((m) => `'${m}'`).join(', ')}`);
}

/**
 * Resolves a metric id as Keras does (docs/keras-facts.md §3): 'accuracy' becomes binary accuracy for one output,
 * sparse categorical accuracy for integer labels, categorical otherwise; the user's string stays the name.
 */
export function resolveMetric(id: MetricId, sparseTargets: boolean, outputUnits: number): ResolvedMetric {
  if (id !== 'accuracy' && id !== 'acc') return { name: id, fn: id };
  if (outputUnits === 1) return { name: id, fn: 'binary_accuracy' };
  return { name: id, fn: sparseTargets ? 'sparse_categorical_accuracy' : 'categorical_accuracy' };
}

/** Σ over the batch of the per-sample metric values. */
export function metricSum(fn: AccuracyFn, pred: Float32Array, targets: Float32Array | Int32Array, rows: number, cols: number): number {
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    if (fn === 'binary_accuracy') {
      let hits = 0;
      for (let j = 0; j < cols; j++) hits += (pred[o + j] > 0.5 ? 1 : 0) === targets[o + j] ? 1 : 0;
      total += hits / cols;
    } else {
      const predicted = argmax(pred, o, cols);
      const expected = fn === 'sparse_categorical_accuracy' ? targets[r] : argmax(targets, o, cols);
      if (predicted === expected) total += 1;
    }
  }
  return total;
}

/** Index of the first largest value of a row (numpy argmax). */
export function argmax(values: Float32Array | Int32Array, offset: number, length: number): number {
  let best = 0;
  for (let j = 1; j < length; j++) if (values[offset + j] > values[offset + best]) best = j;
  return best;
}

/** A running weighted mean (keras.metrics.Mean): total / count. */
export class Mean {
  total = 0;
  count = 0;

  /** Adds `sum`, the total of `n` samples' values. */
  update(sum: number, n: number): void {
    this.total += sum;
    this.count += n;
  }

  result(): number {
    return this.count === 0 ? 0 : this.total / this.count;
  }

  reset(): void {
    this.total = 0;
    this.count = 0;
  }
}
