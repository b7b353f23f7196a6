// The compile arguments stored with a model: tf.keras's `training_config` (legacy .h5) and Keras 3's
// `compile_config` (.keras), read into nabla's compile options and written from them.
import { FileFormatError } from '../errors.ts';
import type { Optimizer, OptimizerConfig } from '../optimizers/optimizer.ts';
import { optimizerConfigFromKeras, optimizerConfigToKeras } from './config.ts';
import { type JsonObject, type JsonValue, isJsonObject } from './json.ts';

/** Compile options as nabla's compile() takes them. */
export interface StoredCompileOptions {
  optimizer: { className: string; config: OptimizerConfig };
  loss: string;
  metrics: string[];
}

/** Reads a tf.keras `training_config` or Keras 3 `compile_config` (the JSON only; nothing in it is executed). */
export function compileOptionsFromKeras(stored: JsonObject, where: string): StoredCompileOptions {
  const optimizerEntry = stored.optimizer_config ?? stored.optimizer;
  return {
    optimizer: optimizerFromKeras(optimizerEntry ?? null, where),
    loss: lossFromKeras(stored.loss ?? null, where),
    metrics: metricsFromKeras(stored.metrics ?? null),
  };
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

function lossFromKeras(loss: JsonValue, where: string): string {
  if (typeof loss === 'string') return loss;
  if (isJsonObject(loss) && isJsonObject(loss.config) && typeof loss.config.name === 'string') return loss.config.name;
  throw new FileFormatError(`${where}: the stored loss ${JSON.stringify(loss)} is not a loss name`);
}

// Metrics come as ['accuracy'], [['accuracy']] or [[{class_name: 'MeanMetricWrapper', config: {name}}]].
function metricsFromKeras(metrics: JsonValue): string[] {
  if (metrics === null) return [];
  const flat = (Array.isArray(metrics) ? metrics : [metrics]).flat(2);
  return flat.map((m) => (isJsonObject(m) && isJsonObject(m.config) ? String(m.config.name) : String(m)));
}

/** What saving needs from a compiled model. */
export interface CompiledState {
  optimizer: Optimizer;
  loss: string;
  metrics: readonly string[];
}

/** The tf.keras 2.12 `training_config` JSON (new-style optimizers are registered as "Custom>Name"). */
export function trainingConfigForTfKeras(state: CompiledState): JsonObject {
  const { name: _name, ...rest } = optimizerConfigToKeras(state.optimizer.getConfig());
  return {
    loss: state.loss,
    metrics: [state.metrics.map((m) => metricWrapper(m, state.loss))],
    weighted_metrics: null,
    loss_weights: null,
    optimizer_config: {
      class_name: `Custom>${state.optimizer.className}`,
      config: { name: state.optimizer.className, ...rest, jit_compile: false, is_legacy_optimizer: false },
    },
  };
}

// tf.keras resolves 'accuracy' against the loss into the matching accuracy function.
function metricWrapper(metric: string, loss: string): JsonObject {
  const fn = metric === 'accuracy' || metric === 'acc'
    ? loss.startsWith('sparse_') ? 'sparse_categorical_accuracy' : loss.startsWith('binary_') ? 'binary_accuracy' : 'categorical_accuracy'
    : metric;
  return { class_name: 'MeanMetricWrapper', config: { name: metric, dtype: 'float32', fn } };
}

/** The Keras 3 `compile_config` JSON. */
export function compileConfigForKeras3(state: CompiledState): JsonObject {
  const config = optimizerConfigToKeras(state.optimizer.getConfig());
  return {
    optimizer: { module: 'keras.optimizers', class_name: state.optimizer.className, config, registered_name: null },
    loss: state.loss,
    loss_weights: null,
    metrics: [...state.metrics],
    weighted_metrics: null,
    run_eagerly: false,
    steps_per_execution: 1,
    jit_compile: false,
  };
}
