import { type MetricBatch, type MetricOptions, Metric, checkMetricOptions, weightAt } from './metric.ts';

/** sqrt(Σ w·(p − y)² / Σ w) over every output value (keras.metrics.RootMeanSquaredError). */
export class RootMeanSquaredError extends Metric {
  private total = 0;
  private count = 0;

  constructor(options: MetricOptions = {}) {
    checkMetricOptions('RootMeanSquaredError', options, []);
    super('root_mean_squared_error', options.name);
  }

  override get takesLabels(): boolean {
    return false;
  }

  update(b: MetricBatch): void {
    for (let r = 0; r < b.rows; r++) {
      const w = weightAt(b, r);
      for (let j = r * b.cols; j < (r + 1) * b.cols; j++) {
        const d = b.predictions[j] - b.targets[j];
        this.total += w * d * d;
        this.count += w;
      }
    }
  }

  result(): number {
    return Math.sqrt(this.count === 0 ? 0 : this.total / this.count);
  }

  reset(): void {
    this.total = 0;
    this.count = 0;
  }
}
