// Public exports of the metrics (nb.metrics): streaming metric classes with Keras's names, and metric ids.
export { type MetricBatch, type MetricOptions, Metric } from './metric.ts';
export {
  BinaryAccuracy,
  type BinaryAccuracyOptions,
  CategoricalAccuracy,
  LossMetric,
  MeanAbsoluteError,
  MeanAbsolutePercentageError,
  MeanMetricWrapper,
  MeanSquaredError,
  MeanSquaredLogarithmicError,
  SparseCategoricalAccuracy,
  SparseTopKCategoricalAccuracy,
  TopKCategoricalAccuracy,
  type TopKOptions,
  argmax,
} from './mean-metrics.ts';
export { RootMeanSquaredError } from './root-mean-squared-error.ts';
export { AUC, type AUCOptions } from './auc.ts';
export {
  type ConfusionCountOptions,
  FalseNegatives,
  FalsePositives,
  Precision,
  type PrecisionRecallOptions,
  Recall,
  TrueNegatives,
  TruePositives,
} from './precision-recall.ts';
export {
  type AtConstraintOptions,
  PrecisionAtRecall,
  RecallAtPrecision,
  SensitivityAtSpecificity,
  SpecificityAtSensitivity,
} from './at-constraint.ts';
export { type F1Average, F1Score, type F1ScoreOptions } from './f1-score.ts';
export {
  METRICS,
  type MetricContext,
  type MetricId,
  type MetricSpec,
  checkMetricSpec,
  metricSpecName,
  resolveMetric,
} from './registry.ts';
export { type TrackedBatch, Tracker } from './tracker.ts';
