// Sequential model configs: every form Keras has stored (2.0's plain layer list, tf.keras 2.x, Keras 3)
// read into one camelCase description, and written back in the tf.keras 2.x or Keras 3 form.
import { FileFormatError, NotImplementedLayerError } from '../errors.ts';
import type { ConfigValue, LayerConfig } from '../layers/layer.ts';
import { LAYER_CLASS_NAMES } from '../layers/registry.ts';
import { dtypePolicy, layerConfigFromKeras, layerConfigToKeras } from './config.ts';
import {
  type FunctionalDescription,
  functionalToKeras3,
  functionalToTfKeras,
  isFunctionalConfig,
  parseFunctionalConfig,
} from './functional-config.ts';
import { type JsonObject, type JsonValue, isJsonObject } from './json.ts';
import { checkStoredLayerConfig } from './layer-config-check.ts';

/** One layer of a Sequential model: Keras class name and nabla (camelCase) config. */
export interface LayerSpec {
  className: string;
  config: LayerConfig;
}

/** A Sequential model as stored: its name and its layers in order (an InputLayer first when there is one). */
export interface SequentialSpec {
  name: string | null;
  layers: LayerSpec[];
}

/**
 * Reads a stored model config (`{class_name: 'Sequential', config}`) into a SequentialSpec. Refuses other model
 * classes and any layer class nabla does not implement, naming the class, the layer and the file.
 */
export function parseSequentialConfig(modelConfig: JsonObject, file: string): SequentialSpec {
  const className = modelConfig.class_name;
  if (typeof className !== 'string')
    throw new FileFormatError(`${file}: the model config has no class_name: not a Keras model config`);
  if (className !== 'Sequential') {
    throw new NotImplementedLayerError(
      `${file} holds a ${className} model; nabla loads Sequential and Functional models only`,
    );
  }
  const config = modelConfig.config;
  // Keras 2.0 stored the layer list itself as the config.
  const layerList: JsonValue = Array.isArray(config) ? config : isJsonObject(config) ? config.layers : null;
  if (!Array.isArray(layerList)) throw new FileFormatError(`${file}: the Sequential config has no layers list`);
  const name = isJsonObject(config) && typeof config.name === 'string' ? config.name : null;
  return { name, layers: layerList.map((entry, i) => parseLayer(entry, i, file)) };
}

/**
 * A nested Sequential as a layer spec whose config is the model's (name, layers, buildInputShape, trainable),
 * the form Sequential.fromConfig reads.
 */
export function parseNestedSequential(entry: JsonObject, file: string): LayerSpec {
  const spec = parseSequentialConfig(entry, file);
  const inner = isJsonObject(entry.config) ? entry.config : {};
  const config: LayerConfig = { name: spec.name ?? 'sequential', layers: spec.layers as unknown as ConfigValue[] };
  if (Array.isArray(inner.build_input_shape)) config.buildInputShape = inner.build_input_shape as ConfigValue[];
  if (typeof inner.trainable === 'boolean') config.trainable = inner.trainable;
  return { className: 'Sequential', config };
}

/** A nested functional model as a layer spec: its name and its description under `functional`. */
function parseNestedFunctional(entry: JsonObject, file: string): LayerSpec {
  const functional = parseFunctionalConfig(entry, file);
  return {
    className: 'Functional',
    config: { name: functional.name, functional: functional as unknown as ConfigValue },
  };
}

function parseLayer(entry: JsonValue, index: number, file: string): LayerSpec {
  if (!isJsonObject(entry) || typeof entry.class_name !== 'string' || !isJsonObject(entry.config)) {
    throw new FileFormatError(`${file}: layer ${index} of the model config is not a {class_name, config} object`);
  }
  const className = entry.class_name;
  if (className === 'Sequential') return parseNestedSequential(entry, file);
  if (isFunctionalConfig(entry)) return parseNestedFunctional(entry, file);
  const layerName = typeof entry.config.name === 'string' ? entry.config.name : `#${index}`;
  if (!LAYER_CLASS_NAMES.includes(className)) {
    throw new NotImplementedLayerError(
      `${file}: layer '${layerName}' is a ${className}, a layer class nabla does not implement (supported: ${LAYER_CLASS_NAMES.join(', ')})`,
    );
  }
  checkStoredLayerConfig(className, entry.config, `${file}: layer '${layerName}'`);
  return { className, config: layerConfigFromKeras(className, entry.config, `${file}: layer '${layerName}'`) };
}

/** What writing a Sequential config needs to know about each layer. */
export interface LayerDescription {
  className: string;
  config: LayerConfig;
  /** The built input sample shape (without the batch axis), or null when not built. */
  inputShape: readonly number[] | null;
  /** For a model used as a layer (a nested Sequential): its own description. */
  nested?: SequentialDescription;
  /** For a nested functional model: its own description. */
  functional?: FunctionalDescription;
}

/** What writing a Sequential config needs to know about the model. */
export interface SequentialDescription {
  name: string;
  /** The model's layers without an InputLayer. */
  layers: LayerDescription[];
  /** The model input with the batch axis ([null, 28, 28]), or null when unknown. */
  batchInputShape: readonly (number | null)[] | null;
  /** The name of an explicit InputLayer, if the model has one. */
  inputName: string | null;
  /** Whether the model trains (false for a frozen nested model); default true. */
  trainable?: boolean;
}

/** The tf.keras 2.x `model_config` for a legacy .h5 file (`{class_name: 'Sequential', config}`). */
export function sequentialToTfKeras(model: SequentialDescription): JsonObject {
  const layers: JsonValue[] = [];
  if (model.batchInputShape !== null) {
    // tf.keras names the implicit input after the first layer: flatten_input.
    const inputName = model.inputName ?? `${String(model.layers[0]?.config.name ?? 'sequential')}_input`;
    layers.push({
      class_name: 'InputLayer',
      config: {
        batch_input_shape: [...model.batchInputShape],
        dtype: 'float32',
        sparse: false,
        ragged: false,
        name: inputName,
      },
    });
  }
  for (const layer of model.layers) {
    layers.push(
      layer.nested
        ? sequentialToTfKeras(layer.nested)
        : layer.functional
          ? functionalToTfKeras(layer.functional)
          : { class_name: layer.className, config: layerConfigToKeras(tfKerasSpelling(layer), 'tf-keras-2') },
    );
  }
  const config: JsonObject = { name: model.name, layers };
  if (model.trainable === false) config.trainable = false;
  return { class_name: 'Sequential', config };
}

// tf.keras 2.x named LeakyReLU's slope `alpha` (Keras 3: negative_slope).
function tfKerasSpelling(layer: LayerDescription): LayerConfig {
  if (layer.className !== 'LeakyReLU') return layer.config;
  const { negativeSlope, ...rest } = layer.config;
  return { ...rest, alpha: negativeSlope };
}

/** The Keras 3 `config.json` model entry (without compile_config) for a .keras archive. */
export function sequentialToKeras3(model: SequentialDescription): JsonObject {
  const layers: JsonValue[] = [];
  if (model.batchInputShape !== null) {
    layers.push({
      module: 'keras.layers',
      class_name: 'InputLayer',
      config: {
        batch_shape: [...model.batchInputShape],
        dtype: 'float32',
        sparse: false,
        ragged: false,
        name: model.inputName ?? 'input_layer',
      },
      registered_name: null,
    });
  }
  for (const layer of model.layers) layers.push(keras3Entry(layer));
  const trainable = model.trainable !== false;
  const config: JsonObject = { name: model.name, trainable, dtype: dtypePolicy('float32'), layers };
  const entry: JsonObject = { module: 'keras', class_name: 'Sequential', config, registered_name: null };
  if (model.batchInputShape !== null) {
    config.build_input_shape = [...model.batchInputShape];
    entry.build_config = { input_shape: [...model.batchInputShape] };
  }
  return entry;
}

function keras3Entry(layer: LayerDescription): JsonObject {
  if (layer.nested) return sequentialToKeras3(layer.nested);
  if (layer.functional) return functionalToKeras3(layer.functional);
  return keras3Layer(layer);
}

function keras3Layer(layer: LayerDescription): JsonObject {
  // Keras 3 layers do not keep the input shape they were given: the InputLayer carries it.
  const { batchInputShape: _dropped, ...config } = layer.config;
  const entry: JsonObject = {
    module: 'keras.layers',
    class_name: layer.className,
    config: layerConfigToKeras(config, 'keras-3'),
    registered_name: null,
  };
  if (layer.inputShape !== null) entry.build_config = { input_shape: [null, ...layer.inputShape] };
  return entry;
}

/** Names the Keras 3 weight store gives a model's layers: snake_case class names made unique per list. */
export function keras3LayerPaths(classNames: readonly string[]): string[] {
  const counts = new Map<string, number>();
  return classNames.map((className) => {
    const base = snakeCase(className);
    const seen = counts.get(base) ?? 0;
    counts.set(base, seen + 1);
    return `layers/${seen === 0 ? base : `${base}_${seen}`}`;
  });
}

// Keras's naming.to_snake_case.
function snakeCase(name: string): string {
  return name
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}
