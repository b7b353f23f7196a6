import { FileFormatError, NablaError } from '../errors.ts';
import {
  type StoredCompileOptions,
  compileOptionsFromKeras,
  outputCompileOptionsFromKeras,
} from '../saving/compile-config.ts';
import { type ModelFile, applyOptimizerState, applyWeights, readModelFile } from '../saving/model-io.ts';
import { parseSequentialConfig } from '../saving/model-config.ts';
import type { JsonObject } from '../saving/json.ts';
import { isFunctionalConfig, parseFunctionalConfig } from '../saving/functional-config.ts';
import type { Model, ModelCompileOptions } from './functional.ts';
import { functionalFromDescription } from './functional-io.ts';
import { type CompileOptions, Sequential } from './sequential.ts';
import { type Loss, lossFromStored } from '../losses/index.ts';
import { checkOptions } from '../options.ts';
import { LOAD_MODEL_KEYS } from '../option-keys.ts';

/** Options of loadModel (keras.models.load_model). */
export interface LoadModelOptions {
  /** Compile the model with the stored loss, metrics and optimizer (and restore the optimizer state). Default true. */
  compile?: boolean;
}

/**
 * Loads a whole model saved by nabla or by Python Keras (keras.models.load_model): a legacy `.h5` (Keras 2.0
 * to tf.keras 2.x) or a Keras 3 `.keras` archive. Restores the architecture, the weights, the compile
 * settings and the optimizer state. Only JSON and arrays are read from the file; nothing in it is executed.
 * A file holding a functional model gives a Model; name the type to use it as one: `loadModel<nb.Model>(path)`.
 */
export async function loadModel<M extends Sequential | Model = Sequential>(
  path: string,
  options: LoadModelOptions = {},
): Promise<M> {
  checkOptions('loadModel', options, LOAD_MODEL_KEYS);
  const file = await readModelFile(path);
  const modelConfig = modelConfigOf(file);
  if (isFunctionalConfig(modelConfig)) return loadFunctional(file, modelConfig, options) as M;
  const spec = parseSequentialConfig(modelConfig, path);
  const buildInputShape = buildInputShapeOf(modelConfig);
  const model = withFileName(path, () =>
    Sequential.fromConfig({
      name: spec.name ?? 'sequential',
      layers: spec.layers,
      ...(buildInputShape ? { buildInputShape } : {}),
    }),
  );
  applyWeights(model, file);
  if (options.compile ?? true) compileFromFile(model, file);
  return model as M;
}

// A functional model (the caller names the type: loadModel<nb.Model>(path)).
function loadFunctional(file: ModelFile, modelConfig: JsonObject, options: LoadModelOptions): Model {
  const model = functionalFromDescription(parseFunctionalConfig(modelConfig, file.path), file.path);
  applyWeights(model, file);
  if (options.compile ?? true) compileOutputsFromFile(model, file);
  return model;
}

// A functional model: a loss, loss weight and metrics per output.
function compileOutputsFromFile(model: Model, file: ModelFile): void {
  const stored = file.kind === 'legacy-h5' ? file.contents.trainingConfig : file.contents.config?.compile_config;
  if (stored === null || stored === undefined || typeof stored !== 'object' || Array.isArray(stored)) return;
  try {
    const settings = outputCompileOptionsFromKeras(stored, model.outputNames, file.path);
    // The ids come from the file: compile() checks them, and fails on one nabla does not know.
    const loss = settings.losses.map((l) => storedLoss(l.name, l.options)) as unknown as ModelCompileOptions['loss'];
    const metrics = settings.metrics as unknown as ModelCompileOptions['metrics'];
    model.compile({ optimizer: settings.optimizer, loss, lossWeights: settings.lossWeights, metrics });
  } catch (error) {
    if (!(error instanceof NablaError)) throw error;
    process.emitWarning(`${file.path}: the model was loaded without compiling it: ${error.message}`);
    return;
  }
  applyOptimizerState(model, file);
}

// A layer refused while the model is built (too big for memory, a bad value) is named with the file it came from.
function withFileName<T>(path: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (!(error instanceof NablaError) || error.message.includes(path)) throw error;
    const Same = error.constructor as new (message: string) => NablaError;
    throw new Same(`${path}: ${error.message}`);
  }
}

function modelConfigOf(file: ModelFile): JsonObject {
  const config = file.kind === 'legacy-h5' ? file.contents.modelConfig : file.contents.config;
  if (config === null || config === undefined) {
    throw new FileFormatError(
      `${file.path} holds weights only (no model config): build the model in code, then call model.loadWeights()`,
    );
  }
  return config;
}

function buildInputShapeOf(modelConfig: JsonObject): (number | null)[] | null {
  const inner = modelConfig.config;
  if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return null;
  const shape = inner.build_input_shape;
  return Array.isArray(shape) ? (shape as (number | null)[]) : null;
}

function compileFromFile(model: Sequential | Model, file: ModelFile): void {
  const stored = file.kind === 'legacy-h5' ? file.contents.trainingConfig : file.contents.config?.compile_config;
  if (stored === null || stored === undefined || typeof stored !== 'object' || Array.isArray(stored)) return;
  try {
    const compileOptions = compileOptionsFromKeras(stored, file.path);
    const loss = storedLoss(compileOptions.loss, compileOptions.lossOptions);
    // The ids come from the file: compile() checks them, and fails on one nabla does not know.
    const { metrics } = compileOptions as unknown as Pick<CompileOptions, 'metrics'>;
    model.compile({ optimizer: compileOptions.optimizer, loss: loss as CompileOptions['loss'], metrics });
  } catch (error) {
    // Keras too loads a model whose training setup it cannot rebuild, uncompiled and with a warning.
    if (!(error instanceof NablaError)) throw error;
    process.emitWarning(`${file.path}: the model was loaded without compiling it: ${error.message}`);
    return;
  }
  applyOptimizerState(model, file);
}

// Keras writes `axis: -1` into cross-entropy configs; nabla's losses work on the last axis only and take no axis.
const IMPLIED_OPTIONS: Record<string, number> = { axis: -1 };

/**
 * The loss a stored config names: its id when it carries no options, else the loss object rebuilt with them
 * (fromLogits, labelSmoothing, delta, …), whose constructor refuses any option it does not know.
 */
function storedLoss(name: string, options: StoredCompileOptions['lossOptions']): string | Loss {
  const kept = Object.entries(options).filter(([key, value]) => IMPLIED_OPTIONS[key] !== value);
  return kept.length === 0 ? name : lossFromStored(name, Object.fromEntries(kept));
}
