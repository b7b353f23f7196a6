// The loss and metrics of one epoch or evaluation, as Keras's fit tracks them (docs/losses-and-metrics.md):
// the loss is a mean weighted by batch size; `metrics` ignore sample weights, `weightedMetrics` use them.
import { ValueError } from '../errors.ts';
import { F1Score } from './f1-score.ts';
import type { Metric, MetricBatch } from './metric.ts';

/** One batch's buffers: the model output, the targets, and sample weights when the data has them. */
export interface TrackedBatch {
  /** rows × the batch loss (what Σ_b loss_b·n_b adds). */
  lossSum: number;
  rows: number;
  cols: number;
  predictions: Float32Array;
  targets: Float32Array | Int32Array;
  labels: boolean;
  weights: Float32Array | null;
}

export class Tracker {
  private lossTotal = 0;
  private lossCount = 0;
  private readonly names: string[];

  constructor(readonly metrics: readonly Metric[], readonly weightedMetrics: readonly Metric[] = []) {
    for (const m of [...metrics, ...weightedMetrics]) {
      if (m instanceof F1Score && m.average === null) {
        throw new ValueError(`F1Score '${m.name}' with average null gives one score per class, but logs hold one number per metric: pass average 'micro', 'macro' or 'weighted'`);
      }
    }
    const seen = new Set(metrics.map((m) => m.name));
    this.names = [...metrics.map((m) => m.name), ...weightedMetrics.map((m) => (seen.has(m.name) ? `weighted_${m.name}` : m.name))];
  }

  reset(): void {
    this.lossTotal = 0;
    this.lossCount = 0;
    for (const m of [...this.metrics, ...this.weightedMetrics]) m.reset();
  }

  update(b: TrackedBatch): void {
    this.lossTotal += b.lossSum;
    this.lossCount += b.rows;
    const batch: MetricBatch = { ...b, weights: null };
    for (const m of this.metrics) m.update(batch);
    if (this.weightedMetrics.length === 0) return;
    const weighted: MetricBatch = { ...b };
    for (const m of this.weightedMetrics) m.update(weighted);
  }

  logs(prefix = ''): Record<string, number> {
    const logs: Record<string, number> = { [`${prefix}loss`]: this.lossCount === 0 ? 0 : this.lossTotal / this.lossCount };
    [...this.metrics, ...this.weightedMetrics].forEach((m, i) => (logs[`${prefix}${this.names[i]}`] = m.result()));
    return logs;
  }
}
