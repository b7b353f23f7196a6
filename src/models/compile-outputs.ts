// compile() arguments of a model with several outputs, spread over the outputs as Keras does: one value for
// all, a list in output order, or a record keyed by output name.
import { ValueError } from '../errors.ts';
import { Loss, type LossSpec, getLoss } from '../losses.ts';
import { Metric, type MetricSpec, checkMetricSpec } from '../metrics.ts';

/** A per-output compile argument: one value for every output, a list in output order, or a record by output name. */
export type PerOutput<T> = T | readonly T[] | { readonly [outputName: string]: T };

/** The metrics of a compile: one list for every output, a list of lists per output, or a record by output name. */
export type MetricsPerOutput =
  | MetricSpec
  | readonly (MetricSpec | readonly MetricSpec[])[]
  | { readonly [outputName: string]: MetricSpec | readonly MetricSpec[] };

const isLossSpec = (v: unknown): boolean => typeof v === 'string' || typeof v === 'function' || v instanceof Loss;

/** The loss of each output; one loss object for several outputs is used by each (it holds no state). */
export function lossesPerOutput(loss: PerOutput<LossSpec>, names: readonly string[]): Loss[] {
  if (loss === undefined || loss === null) {
    throw new ValueError("compile needs a loss: e.g. compile({ optimizer: 'adam', loss: 'mse' }), or one per output");
  }
  return spread(loss, names, 'loss', isLossSpec).map((spec) => getLoss(spec));
}

/** The weight of each output's loss (Keras loss_weights; default 1 each). */
export function lossWeightsPerOutput(weights: PerOutput<number> | undefined, names: readonly string[]): number[] {
  if (weights === undefined) return names.map(() => 1);
  const list = spread(weights, names, 'lossWeights', (v) => typeof v === 'number');
  list.forEach((w, j) => {
    if (!Number.isFinite(w) || w < 0)
      throw new ValueError(`lossWeights for output '${names[j]}' must be a finite number >= 0, got ${String(w)}`);
  });
  return list;
}

/**
 * The metrics of each output: a flat list applies to every output (tf.keras's rule); a list of lists or a
 * record by output name gives each output its own.
 */
export function metricsPerOutput(
  metrics: MetricsPerOutput | undefined,
  names: readonly string[],
  what = 'metrics',
): MetricSpec[][] {
  if (metrics === undefined) return names.map(() => []);
  const asList = (v: MetricSpec | readonly MetricSpec[]): MetricSpec[] =>
    (Array.isArray(v) ? [...v] : [v as MetricSpec]).map(checkMetricSpec);
  const isSpec = (v: unknown): boolean => typeof v === 'string' || v instanceof Metric;
  // A metric object keeps one state: given for every output, it would mix their values.
  const forEvery = (list: MetricSpec[]): MetricSpec[][] => {
    const object = list.find((m) => m instanceof Metric);
    if (object !== undefined && names.length > 1) {
      throw new ValueError(
        `${what}: the metric object '${(object as Metric).name}' would be shared by the ${names.length} outputs: give each output its own (a list of lists or a record by output name)`,
      );
    }
    return names.map(() => [...list]);
  };
  if (isSpec(metrics)) return forEvery(asList(metrics as MetricSpec));
  if (Array.isArray(metrics)) {
    if (metrics.every(isSpec)) return forEvery(asList(metrics as MetricSpec[]));
    if (metrics.length !== names.length) {
      throw new ValueError(
        `${what}: a list of lists needs one entry per output (${names.join(', ')}), got ${metrics.length}`,
      );
    }
    return (metrics as (MetricSpec | readonly MetricSpec[])[]).map(asList);
  }
  const record = metrics as { readonly [name: string]: MetricSpec | readonly MetricSpec[] };
  checkNames(Object.keys(record), names, what);
  return names.map((name) => (record[name] === undefined ? [] : asList(record[name])));
}

function spread<T>(value: PerOutput<T>, names: readonly string[], what: string, isValue: (v: unknown) => boolean): T[] {
  if (isValue(value)) return names.map(() => value as T);
  if (Array.isArray(value)) {
    if (value.length !== names.length || !value.every(isValue)) {
      throw new ValueError(
        `${what}: a list needs one entry per output (${names.join(', ')}), got ${JSON.stringify(value)}`,
      );
    }
    return [...value] as T[];
  }
  if (value !== null && typeof value === 'object') {
    const record = value as { readonly [name: string]: T };
    checkNames(Object.keys(record), names, what);
    return names.map((name) => {
      if (!isValue(record[name]))
        throw new ValueError(`${what} has no valid entry for output '${name}' (outputs: ${names.join(', ')})`);
      return record[name];
    });
  }
  throw new ValueError(
    `${what} must be one value, a list with one per output or a record by output name, got ${JSON.stringify(value)}`,
  );
}

function checkNames(keys: readonly string[], names: readonly string[], what: string): void {
  const unknown = keys.filter((k) => !names.includes(k));
  if (unknown.length > 0)
    throw new ValueError(
      `${what} names ${unknown.map((k) => `'${k}'`).join(', ')}, which are not outputs of the model (outputs: ${names.join(', ')})`,
    );
}
