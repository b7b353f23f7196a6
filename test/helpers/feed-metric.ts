// Feeds a streaming metric its rows in batches of 64, so that the tests exercise the state a metric keeps
// between updates as fit and evaluate feed it.
import type { Metric } from '../../src/metrics/index.ts';

/** Resets `metric`, then updates it with the rows in batches of 64 (labels: targets are class indices). */
export function feedMetric(
  metric: Metric,
  predictions: number[][],
  targets: number[] | number[][],
  weights: number[] | null = null,
  labels = false,
): void {
  metric.reset();
  const n = predictions.length;
  const cols = predictions[0].length;
  for (let start = 0; start < n; start += 64) {
    const end = Math.min(start + 64, n);
    const t = targets.slice(start, end);
    metric.update({
      predictions: Float32Array.from(predictions.slice(start, end).flat()),
      targets: labels ? Int32Array.from(t as number[]) : Float32Array.from((t as number[][]).flat()),
      labels,
      rows: end - start,
      cols,
      weights: weights === null ? null : Float32Array.from(weights.slice(start, end)),
    });
  }
}
