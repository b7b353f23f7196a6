import type { Logs } from '../callbacks/callback.ts';
import { Mean, type ResolvedMetric, metricSum } from '../metrics.ts';
import type { Targets } from './data.ts';
import { type ModelPlan, type PlanHead, rowsFrom } from './plan.ts';

/**
 * Loss and metric accumulators for one epoch or evaluation. With several outputs it also keeps each output's
 * (unweighted) loss and names every value after its output, as Keras logs them: `loss`, `dense_1_loss`,
 * `dense_1_accuracy`.
 */
export class Tracker {
  readonly loss = new Mean();
  private readonly headLosses: Mean[];
  private readonly means: Mean[][];

  /** `metrics`: per output; `outputNames`: null for a single output (plain names). */
  constructor(readonly metrics: readonly (readonly ResolvedMetric[])[], private readonly outputNames: readonly string[] | null = null) {
    this.means = metrics.map((list) => list.map(() => new Mean()));
    this.headLosses = outputNames === null ? [] : outputNames.map(() => new Mean());
  }

  reset(): void {
    this.loss.reset();
    for (const m of this.headLosses) m.reset();
    for (const list of this.means) for (const m of list) m.reset();
  }

  /**
   * Scores `rows` rows of the plan's last forward pass from `firstRow`: each output's loss (seeding the backward
   * pass in a training plan) and metrics.
   */
  update(plan: ModelPlan, rows: number, ys: readonly Targets[], firstRow = 0): void {
    const heads = plan.heads;
    let total = 0;
    for (let j = 0; j < heads.length; j++) {
      const head = heads[j];
      const sum = head.lossSum(rows, firstRow);
      total += head.weight * sum;
      if (this.headLosses.length > 0) this.headLosses[j].update(sum, rows);
      if (this.metrics[j].length > 0) this.updateMetrics(j, head, rows, ys[j], firstRow);
    }
    this.loss.update(total, rows);
  }

  private updateMetrics(j: number, head: PlanHead, rows: number, y: Targets, firstRow: number): void {
    const units = head.units;
    const targets = y.labels !== null ? rowsFrom(head.labels, firstRow, 1) : rowsFrom(head.targets, firstRow, units);
    const predictions = rowsFrom(head.predictions, firstRow, units);
    this.metrics[j].forEach((metric, i) => this.means[j][i].update(metricSum(metric.fn, predictions, targets, rows, units), rows));
  }

  logs(prefix = ''): Logs {
    const logs: Logs = { [`${prefix}loss`]: this.loss.result() };
    const names = this.outputNames;
    if (names !== null) names.forEach((name, j) => (logs[`${prefix}${name}_loss`] = this.headLosses[j].result()));
    this.metrics.forEach((list, j) => list.forEach((m, i) => {
      logs[`${prefix}${names === null ? '' : `${names[j]}_`}${m.name}`] = this.means[j][i].result();
    }));
    return logs;
  }
}
