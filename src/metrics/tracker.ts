// The loss and metrics of one epoch or evaluation, as Keras's fit tracks them (docs/losses-and-metrics.md):
// the loss is a mean weighted by batch size; `metrics` ignore sample weights, `weightedMetrics` use them.
// With several outputs it also keeps each output's loss and names every value after its output, as Keras
// logs them: `loss`, `dense_1_loss`, `dense_1_accuracy`.
import { ValueError } from '../errors.ts';
import { F1Score } from './f1-score.ts';
import type { Metric, MetricBatch } from './metric.ts';

/** One output's batch: its model output, the targets, and sample weights when the data has them. */
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

/** A running mean weighted by batch size. */
class RunningMean {
  private total = 0;
  private count = 0;

  add(sum: number, rows: number): void {
    this.total += sum;
    this.count += rows;
  }

  result(): number {
    return this.count === 0 ? 0 : this.total / this.count;
  }

  reset(): void {
    this.total = 0;
    this.count = 0;
  }
}

export class Tracker {
  private readonly loss = new RunningMean();
  private readonly outputLosses: RunningMean[];
  private readonly metrics: readonly (readonly Metric[])[];
  private readonly weightedMetrics: readonly (readonly Metric[])[];
  private readonly names: string[][];

  /**
   * `metrics` and `weightedMetrics`: one list for a single output, or one list per output with `outputNames`
   * (then the logs name each value after its output).
   */
  constructor(
    metrics: readonly Metric[] | readonly (readonly Metric[])[],
    weightedMetrics: readonly Metric[] | readonly (readonly Metric[])[] = [],
    private readonly outputNames: readonly string[] | null = null,
  ) {
    this.metrics = perOutput(metrics, outputNames);
    this.weightedMetrics = perOutput(weightedMetrics, outputNames);
    for (const m of [...this.metrics.flat(), ...this.weightedMetrics.flat()]) {
      if (m instanceof F1Score && m.average === null) {
        throw new ValueError(
          `F1Score '${m.name}' with average null gives one score per class, but logs hold one number per metric: pass average 'micro', 'macro' or 'weighted'`,
        );
      }
      if (m.multiValued !== null) {
        throw new ValueError(
          `${m.constructor.name} '${m.name}' ${m.multiValued}, but logs hold one number per metric: give it one threshold, or feed it with updateState() and read results()`,
        );
      }
    }
    this.outputLosses = outputNames === null ? [] : outputNames.map(() => new RunningMean());
    this.names = this.metrics.map((plain, j) => {
      const seen = new Set(plain.map((m) => m.name));
      const weighted = (this.weightedMetrics[j] ?? []).map((m) => (seen.has(m.name) ? `weighted_${m.name}` : m.name));
      const prefix = outputNames === null ? '' : `${outputNames[j]}_`;
      return [...plain.map((m) => m.name), ...weighted].map((n) => prefix + n);
    });
  }

  reset(): void {
    this.loss.reset();
    for (const m of this.outputLosses) m.reset();
    for (const m of [...this.metrics.flat(), ...this.weightedMetrics.flat()]) m.reset();
  }

  /** A single-output batch: its loss and metrics. */
  update(b: TrackedBatch): void {
    this.updateLoss(b.lossSum, b.rows);
    this.updateOutput(0, b);
  }

  /** The total loss of a batch (every output's weighted loss and the penalties), rows × its mean. */
  updateLoss(lossSum: number, rows: number): void {
    this.loss.add(lossSum, rows);
  }

  /** Output j's own loss (logged with several outputs) and metrics. */
  updateOutput(j: number, b: TrackedBatch): void {
    if (this.outputLosses.length > 0) this.outputLosses[j].add(b.lossSum, b.rows);
    const batch: MetricBatch = { ...b, weights: null };
    for (const m of this.metrics[j] ?? []) m.update(batch);
    const weighted = this.weightedMetrics[j] ?? [];
    if (weighted.length === 0) return;
    const weightedBatch: MetricBatch = { ...b };
    for (const m of weighted) m.update(weightedBatch);
  }

  logs(prefix = ''): Record<string, number> {
    const logs: Record<string, number> = { [`${prefix}loss`]: this.loss.result() };
    this.outputNames?.forEach((name, j) => (logs[`${prefix}${name}_loss`] = this.outputLosses[j].result()));
    this.metrics.forEach((plain, j) => {
      [...plain, ...(this.weightedMetrics[j] ?? [])].forEach(
        (m, i) => (logs[`${prefix}${this.names[j][i]}`] = m.result()),
      );
    });
    return logs;
  }
}

function perOutput(
  lists: readonly Metric[] | readonly (readonly Metric[])[],
  outputNames: readonly string[] | null,
): (readonly Metric[])[] {
  if (outputNames === null) return [(Array.isArray(lists[0]) ? lists[0] : lists) as readonly Metric[]];
  return outputNames.map((_, j) => (lists as readonly (readonly Metric[])[])[j] ?? []);
}
