// The compile arguments stored with a model: tf.keras's `training_config` (legacy .h5) and Keras 3's
// `compile_config` (.keras), read into nabla's compile options and written from them.
import { FileFormatError, NotImplementedLayerError } from '../errors.ts';
import type { Optimizer, OptimizerConfig } from '../optimizers/optimizer.ts';
import { type Loss, lossIdOf, lossNameOfClass, storedLoss } from '../losses/index.ts';
import { optimizerConfigFromKeras, optimizerConfigToKeras } from './config.ts';
import { type JsonObject, type JsonValue, isJsonObject } from './json.ts';

/** Compile options as nabla's compile() takes them. */
export interface StoredCompileOptions {
  optimizer: { className: string; config: OptimizerConfig };
  loss: string;
  /** The options of a stored loss object (camelCase: fromLogits, labelSmoothing, ignoreClass …); {} for a name. */
  lossOptions: { [key: string]: number | boolean | string | null };
  metrics: string[];
}

/**
 * Reads a tf.keras `training_config` or Keras 3 `compile_config` in every form Keras 2.0 … 3.x writes: plain
 * names, `{class_name, config}` objects, serialized functions (`{class_name: 'function', config: name}`),
 * MeanMetricWrapper metrics, per-output lists and dicts (one output). Only the JSON is read; nothing is executed.
 */
export function compileOptionsFromKeras(stored: JsonObject, where: string): StoredCompileOptions {
  const optimizerEntry = stored.optimizer_config ?? stored.optimizer;
  refuseUnsupported(stored, where);
  const loss = lossFromKeras(singleOutput(stored.loss ?? null, 'loss', where), where);
  return {
    optimizer: optimizerFromKeras(optimizerEntry ?? null, where),
    loss: loss.name,
    lossOptions: loss.options,
    metrics: metricsFromKeras(singleOutput(stored.metrics ?? null, 'metrics', where), where),
  };
}

// Settings nabla has no counterpart for make the load uncompiled (with a warning) rather than silently different.
function refuseUnsupported(stored: JsonObject, where: string): void {
  const weighted = stored.weighted_metrics;
  if (weighted !== null && weighted !== undefined && !(Array.isArray(weighted) && weighted.flat(2).length === 0)) {
    throw new NotImplementedLayerError(`${where}: weighted_metrics ${JSON.stringify(weighted)} are not supported`);
  }
  const weights = stored.loss_weights;
  const values =
    weights === null || weights === undefined
      ? []
      : Array.isArray(weights)
        ? weights
        : isJsonObject(weights)
          ? Object.values(weights)
          : [weights];
  if (values.some((w) => w !== 1))
    throw new NotImplementedLayerError(`${where}: loss_weights ${JSON.stringify(weights)} are not supported`);
}

// A model with one output may have its loss or metrics stored per output: [x], [[...]] or {output_name: x}.
function singleOutput(value: JsonValue, what: string, where: string): JsonValue {
  if (!isJsonObject(value) || 'class_name' in value) return value;
  const entries = Object.values(value);
  if (entries.length !== 1)
    throw new NotImplementedLayerError(`${where}: ${what} for ${entries.length} outputs; nabla models have one output`);
  return entries[0];
}

function optimizerFromKeras(entry: JsonValue, where: string): StoredCompileOptions['optimizer'] {
  if (typeof entry === 'string') return { className: entry, config: {} };
  if (!isJsonObject(entry) || typeof entry.class_name !== 'string') {
    throw new FileFormatError(`${where}: the stored optimizer is not a {class_name, config} object`);
  }
  // tf.keras >= 2.11 registers its optimizers as "Custom>Adam".
  const className = entry.class_name.replace(/^Custom>/, '');
  const config = isJsonObject(entry.config) ? optimizerConfigFromKeras(entry.config, where) : {};
  return { className, config };
}

// Loss object options that are Keras bookkeeping, not part of the computation nabla does.
const LOSS_BOOKKEEPING = new Set(['name', 'reduction', 'dtype', 'fn']);

function lossFromKeras(loss: JsonValue, where: string): { name: string; options: StoredCompileOptions['lossOptions'] } {
  if (Array.isArray(loss) && loss.length === 1) return lossFromKeras(loss[0], where);
  if (typeof loss === 'string') return { name: loss, options: {} };
  if (isJsonObject(loss) && loss.class_name === 'function' && typeof loss.config === 'string')
    return { name: loss.config, options: {} };
  if (isJsonObject(loss) && typeof loss.class_name === 'string') {
    const config = isJsonObject(loss.config) ? loss.config : {};
    const name =
      lossNameOfClass(loss.class_name) ??
      (loss.class_name === 'LossFunctionWrapper' && typeof config.fn === 'string' ? config.fn : null);
    if (name === null)
      throw new FileFormatError(`${where}: the stored loss class '${loss.class_name}' is not a loss nabla knows`);
    const options: StoredCompileOptions['lossOptions'] = {};
    for (const [key, value] of Object.entries(config)) {
      if (LOSS_BOOKKEEPING.has(key) || (value !== null && typeof value === 'object')) continue;
      options[key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = value;
    }
    return { name, options };
  }
  throw new FileFormatError(
    `${where}: the stored loss ${JSON.stringify(loss)} is not a loss name or a Keras loss object`,
  );
}

// Metrics come as ['accuracy'], [['accuracy']], {output: [...]}, MeanMetricWrapper objects (tf.keras), metric
// class objects and serialized functions (Keras 3).
function metricsFromKeras(metrics: JsonValue, where: string): string[] {
  if (metrics === null) return [];
  const flat = (Array.isArray(metrics) ? metrics : [metrics]).flat(2);
  return flat.map((m) => metricName(m, where));
}

function metricName(metric: JsonValue, where: string): string {
  if (typeof metric === 'string') return metric;
  if (!isJsonObject(metric) || typeof metric.class_name !== 'string') {
    throw new FileFormatError(
      `${where}: the stored metric ${JSON.stringify(metric)} is not a metric name or a Keras metric object`,
    );
  }
  if (metric.class_name === 'function' && typeof metric.config === 'string') return metric.config;
  const config = isJsonObject(metric.config) ? metric.config : {};
  // A wrapper keeps the name the user gave ('accuracy'), which is also what Keras logs.
  if (metric.class_name === 'MeanMetricWrapper') return String(config.name ?? config.fn);
  return snakeCase(metric.class_name);
}

function snakeCase(name: string): string {
  return name
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** The compile settings of a model with several outputs, by output name (in output order). */
export interface OutputCompileSettings {
  losses: { [output: string]: string | Loss };
  lossWeights: { [output: string]: number };
  metrics: { [output: string]: string[] };
}

/** What saving needs from a compiled model; `outputs` for a model with several outputs (then loss is unused). */
export interface CompiledState {
  optimizer: Optimizer;
  /** The loss id, or the loss object (written as Keras serializes it: lossToKeras). */
  loss: string | Loss;
  metrics: readonly string[];
  outputs?: OutputCompileSettings;
}

/** The tf.keras 2.12 `training_config` JSON (new-style optimizers are registered as "Custom>Name"). */
export function trainingConfigForTfKeras(state: CompiledState): JsonObject {
  const { name: _name, ...rest } = optimizerConfigToKeras(state.optimizer.getConfig());
  const outputs = state.outputs;
  const metricsByOutput = (o: OutputCompileSettings): JsonObject =>
    Object.fromEntries(
      Object.entries(o.metrics).map(([name, list]) => [name, list.map((m) => metricWrapper(m, o.losses[name]))]),
    );
  return {
    loss: outputs ? lossesToKeras(outputs) : lossToKeras(state.loss),
    metrics: outputs ? metricsByOutput(outputs) : [state.metrics.map((m) => metricWrapper(m, state.loss))],
    weighted_metrics: null,
    loss_weights: outputs ? outputs.lossWeights : null,
    optimizer_config: {
      class_name: `Custom>${state.optimizer.className}`,
      config: { name: state.optimizer.className, ...rest, jit_compile: false, is_legacy_optimizer: false },
    },
  };
}

// tf.keras resolves 'accuracy' against the loss into the matching accuracy function.
function metricWrapper(metric: string, lossSpec: string | Loss): JsonObject {
  const loss = typeof lossSpec === 'string' ? lossSpec : lossIdOf(lossSpec);
  const fn =
    metric === 'accuracy' || metric === 'acc'
      ? loss.startsWith('sparse_')
        ? 'sparse_categorical_accuracy'
        : loss.startsWith('binary_')
          ? 'binary_accuracy'
          : 'categorical_accuracy'
      : metric;
  return { class_name: 'MeanMetricWrapper', config: { name: metric, dtype: 'float32', fn } };
}

/**
 * A compiled loss as Keras serializes it: the function id when the loss object's options are Keras's defaults,
 * else Keras 3's object form (`{module: 'keras.losses', class_name, config}`, which tf.keras 2 reads too) with the
 * options in snake_case, so that fromLogits and the rest survive a save and load.
 */
export function lossToKeras(loss: string | Loss): JsonValue {
  if (typeof loss === 'string') return loss;
  const stored = storedLoss(loss);
  if (typeof stored === 'string') return stored;
  const config = Object.fromEntries(
    Object.entries(stored.config).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v as JsonValue]),
  );
  return { module: 'keras.losses', class_name: stored.className, config, registered_name: null };
}

function lossesToKeras(outputs: OutputCompileSettings): JsonObject {
  return Object.fromEntries(Object.entries(outputs.losses).map(([name, loss]) => [name, lossToKeras(loss)]));
}

/** The Keras 3 `compile_config` JSON. */
export function compileConfigForKeras3(state: CompiledState): JsonObject {
  const config = optimizerConfigToKeras(state.optimizer.getConfig());
  return {
    optimizer: { module: 'keras.optimizers', class_name: state.optimizer.className, config, registered_name: null },
    loss: state.outputs ? lossesToKeras(state.outputs) : lossToKeras(state.loss),
    loss_weights: state.outputs ? state.outputs.lossWeights : null,
    metrics: state.outputs ? state.outputs.metrics : [...state.metrics],
    weighted_metrics: null,
    run_eagerly: false,
    steps_per_execution: 1,
    jit_compile: false,
  };
}

/** Compile options read for a model with several outputs: each output's loss, loss weight and metrics. */
export interface StoredOutputCompileOptions {
  optimizer: StoredCompileOptions['optimizer'];
  losses: { name: string; options: StoredCompileOptions['lossOptions'] }[];
  lossWeights: number[];
  metrics: string[][];
}

/**
 * Reads a stored compile config of a model with several outputs (named `outputNames`, in order): losses,
 * loss weights and metrics as a record by output name or a list in output order; one loss or a flat metric
 * list applies to every output, as Keras does.
 */
export function outputCompileOptionsFromKeras(
  stored: JsonObject,
  outputNames: readonly string[],
  where: string,
): StoredOutputCompileOptions {
  const weighted = stored.weighted_metrics;
  if (weighted !== null && weighted !== undefined && !(Array.isArray(weighted) && weighted.flat(2).length === 0)) {
    throw new NotImplementedLayerError(`${where}: weighted_metrics ${JSON.stringify(weighted)} are not supported`);
  }
  const perOutput = (value: JsonValue | undefined, what: string, isSingle: (v: JsonValue) => boolean): JsonValue[] => {
    if (value === undefined || value === null) return outputNames.map(() => null);
    if (isJsonObject(value) && !('class_name' in value)) {
      return outputNames.map((name) => {
        if (!(name in value))
          throw new FileFormatError(`${where}: the stored ${what} has no entry for output '${name}'`);
        return value[name];
      });
    }
    if (Array.isArray(value) && !isSingle(value)) {
      if (value.length !== outputNames.length)
        throw new FileFormatError(
          `${where}: the stored ${what} list has ${value.length} entries for ${outputNames.length} outputs`,
        );
      return value;
    }
    return outputNames.map(() => value);
  };
  const losses = perOutput(stored.loss, 'loss', () => false).map((l) => lossFromKeras(l, where));
  const lossWeights = perOutput(stored.loss_weights, 'loss_weights', () => false).map((w) =>
    typeof w === 'number' ? w : 1,
  );
  const metrics = perOutput(
    stored.metrics,
    'metrics',
    (v) => Array.isArray(v) && v.every((m) => !Array.isArray(m) && !(isJsonObject(m) && !('class_name' in m))),
  ).map((m) => metricsFromKeras(m, where));
  return {
    optimizer: optimizerFromKeras(stored.optimizer_config ?? stored.optimizer ?? null, where),
    losses,
    lossWeights,
    metrics,
  };
}
