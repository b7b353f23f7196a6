// Which direction counts as better for a monitored log value, shared by the callbacks that watch one
// (Keras 3's MonitorCallback).
import { ValueError } from '../errors.ts';

/** 'min': lower is better; 'max': higher is better; 'auto': inferred from the name. */
export type MonitorMode = 'auto' | 'min' | 'max';

/** Where verbose callbacks print (process.stdout by default). */
export interface MessageStream {
  write(text: string): unknown;
}

// Names of metrics that go up as the model gets better (Keras metrics with direction "up").
const UP_METRICS =
  /(^|_)(acc|accuracy|auc|precision|recall|f1_score|fbeta_score|true_positives|true_negatives|precision_at_recall|recall_at_precision|sensitivity_at_specificity|specificity_at_sensitivity)$/;
// Names that go down: losses, error metrics and the counts of wrong predictions (direction "down").
const DOWN_METRICS =
  /(^|_)(loss|crossentropy|error|mse|mae|mape|msle|hinge|kl_divergence|poisson|false_positives|false_negatives)$/;

/** Resolves 'auto' as Keras 3 does: losses are minimised, accuracy-like metrics maximised, others must be told. */
export function resolveMonitorMode(mode: MonitorMode | string, monitor: string, owner: string): 'min' | 'max' {
  if (mode === 'min' || mode === 'max') return mode;
  if (mode !== 'auto') throw new ValueError(`${owner} mode must be 'auto', 'min' or 'max', got '${mode}'`);
  const metric = monitor.replace(/^val_/, '');
  if (DOWN_METRICS.test(metric)) return 'min';
  if (UP_METRICS.test(metric)) return 'max';
  throw new ValueError(
    `${owner} could not infer whether '${monitor}' should be minimised or maximised: pass mode: 'min' or mode: 'max'`,
  );
}

/**
 * Keras 3's `_is_improvement`: with no reference yet, anything improves; otherwise the value must beat the
 * reference by more than |minDelta| in the mode's direction.
 */
export function isImprovement(value: number, reference: number | null, mode: 'min' | 'max', minDelta = 0): boolean {
  if (reference === null) return true;
  const delta = Math.abs(minDelta);
  return mode === 'min' ? value + delta < reference : value - delta > reference;
}
