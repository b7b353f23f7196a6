// Metric ids (keras.metrics.get) and their resolution for a model's data, as Keras's compile does it.
import { ValueError } from '../errors.ts';
import { getLoss, lossName, LOSSES, LOSS_ALIASES } from '../losses/registry.ts';
import { describeValue } from '../options.ts';
import { AUC } from './auc.ts';
import { FalseNegatives, FalsePositives, Precision, Recall, TrueNegatives, TruePositives } from './precision-recall.ts';
import { F1Score } from './f1-score.ts';
import {
  BinaryAccuracy,
  CategoricalAccuracy,
  LossMetric,
  SparseCategoricalAccuracy,
  SparseTopKCategoricalAccuracy,
  TopKCategoricalAccuracy,
} from './mean-metrics.ts';
import { Metric } from './metric.ts';
import { RootMeanSquaredError } from './root-mean-squared-error.ts';

/** Metric ids other than the losses (every loss id is a metric too). */
export const METRICS = [
  'accuracy',
  'acc',
  'sparse_categorical_accuracy',
  'categorical_accuracy',
  'binary_accuracy',
  'top_k_categorical_accuracy',
  'sparse_top_k_categorical_accuracy',
  'root_mean_squared_error',
  'auc',
  'precision',
  'recall',
  'f1_score',
  'true_positives',
  'false_positives',
  'true_negatives',
  'false_negatives',
] as const;

export type MetricId = (typeof METRICS)[number] | (typeof LOSSES)[number] | keyof typeof LOSS_ALIASES;

/** What compile() takes as a metric: an id or a metric object. */
export type MetricSpec = MetricId | Metric;

const FACTORIES: Record<Exclude<(typeof METRICS)[number], 'accuracy' | 'acc'>, (name: string) => Metric> = {
  sparse_categorical_accuracy: (name) => new SparseCategoricalAccuracy({ name }),
  categorical_accuracy: (name) => new CategoricalAccuracy({ name }),
  binary_accuracy: (name) => new BinaryAccuracy({ name }),
  top_k_categorical_accuracy: (name) => new TopKCategoricalAccuracy({ name }),
  sparse_top_k_categorical_accuracy: (name) => new SparseTopKCategoricalAccuracy({ name }),
  root_mean_squared_error: (name) => new RootMeanSquaredError({ name }),
  auc: (name) => new AUC({ name }),
  precision: (name) => new Precision({ name }),
  recall: (name) => new Recall({ name }),
  f1_score: (name) => new F1Score({ name }),
  true_positives: (name) => new TruePositives({ name }),
  false_positives: (name) => new FalsePositives({ name }),
  true_negatives: (name) => new TrueNegatives({ name }),
  false_negatives: (name) => new FalseNegatives({ name }),
};

/** Checks a metric id or object at compile time; unknown ids list the valid ones. */
export function checkMetricSpec(spec: unknown): MetricSpec {
  if (spec instanceof Metric) return spec;
  if (typeof spec === 'string' && ((METRICS as readonly string[]).includes(spec) || lossName(spec) !== null)) {
    return spec as MetricId;
  }
  if (typeof spec !== 'string') {
    throw new ValueError(
      `a metric must be an id such as 'accuracy' or an object such as new nb.metrics.AUC(), got ${describeValue(spec)}`,
    );
  }
  const valid = [...METRICS, ...LOSSES, ...Object.keys(LOSS_ALIASES)].map((m) => `'${m}'`).join(', ');
  throw new ValueError(`unknown metric '${spec}': expected one of ${valid}`);
}

/** The name a metric spec shows in logs: the user's string, or the object's name. */
export function metricSpecName(spec: MetricSpec): string {
  return spec instanceof Metric ? spec.name : spec;
}

/** What the data looks like, for 'accuracy' (Keras's is_binary_or_sparse_categorical). */
export interface MetricContext {
  /** y has one value per sample while the model has several outputs. */
  sparseTargets: boolean;
  outputUnits: number;
}

/** A metric object for a spec: ids make fresh objects named by the id, objects are used as they are. */
export function resolveMetric(spec: MetricSpec, context: MetricContext): Metric {
  if (spec instanceof Metric) return spec;
  if (spec === 'accuracy' || spec === 'acc') {
    if (context.outputUnits === 1) return new BinaryAccuracy({ name: spec });
    return context.sparseTargets
      ? new SparseCategoricalAccuracy({ name: spec })
      : new CategoricalAccuracy({ name: spec });
  }
  const factory = (FACTORIES as Record<string, (name: string) => Metric>)[spec];
  if (factory !== undefined) return factory(spec);
  return new LossMetric(getLoss(spec), spec);
}
