import type { Logs } from '../callbacks/callback.ts';
import { Mean, type ResolvedMetric, metricSum } from '../metrics.ts';
import type { Targets } from './data.ts';
import { type ModelPlan, rowsFrom } from './plan.ts';

/** Loss and metric accumulators for one epoch or evaluation. */
export class Tracker {
  readonly loss = new Mean();
  readonly means: Mean[];

  constructor(readonly metrics: readonly ResolvedMetric[]) {
    this.means = metrics.map(() => new Mean());
  }

  reset(): void {
    this.loss.reset();
    for (const m of this.means) m.reset();
  }

  /** Adds one batch, `rows` rows of the plan's buffers from `firstRow`: its loss sum and each metric's sum. */
  update(plan: ModelPlan, lossSum: number, rows: number, units: number, y: Targets, firstRow = 0): void {
    this.loss.update(lossSum, rows);
    if (this.metrics.length === 0) return;
    const targets = y.labels !== null ? rowsFrom(plan.labels, firstRow, 1) : rowsFrom(plan.targets, firstRow, units);
    const predictions = rowsFrom(plan.predictions, firstRow, units);
    for (let i = 0; i < this.metrics.length; i++) {
      this.means[i].update(metricSum(this.metrics[i].fn, predictions, targets, rows, units), rows);
    }
  }

  logs(prefix = ''): Logs {
    const logs: Logs = { [`${prefix}loss`]: this.loss.result() };
    this.metrics.forEach((m, i) => (logs[`${prefix}${m.name}`] = this.means[i].result()));
    return logs;
  }
}
