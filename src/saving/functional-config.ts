// Functional model configs: written in Keras 3's form (`inbound_nodes` as {args, kwargs} with
// `__keras_tensor__` history entries) and tf.keras 2's (`[[["dense", 0, 0, {}]]]`), read from both.
import { FileFormatError, NotImplementedLayerError } from '../errors.ts';
import type { LayerConfig } from '../layers/layer.ts';
import { LAYER_CLASS_NAMES } from '../layers/registry.ts';
import { layerConfigFromKeras, layerConfigToKeras } from './config.ts';
import { type JsonObject, type JsonValue, isJsonObject } from './json.ts';

/** A tensor in a saved graph: the layer that made it, which of its calls (in this model), which output. */
export interface TensorRef {
  layer: string;
  node: number;
  tensor: number;
}

/** One call of a layer: the tensors it read (with their shapes), and whether they were passed as a list. */
export interface NodeDescription {
  inputs: (TensorRef & { shape: (number | null)[] })[];
  list: boolean;
}

/** A layer of a functional model as saved: class, camelCase config, calls. */
export interface FunctionalLayerDescription {
  className: string;
  name: string;
  config: LayerConfig;
  nodes: NodeDescription[];
}

/** What writing (and what reading gives) a functional model config. */
export interface FunctionalDescription {
  name: string;
  trainable: boolean;
  /** In Keras's model.layers order, InputLayers included. */
  layers: FunctionalLayerDescription[];
  inputs: TensorRef[];
  outputs: TensorRef[];
}

const ref = (r: TensorRef): JsonValue => [r.layer, r.node, r.tensor];

/** The Keras 3 `config.json` model entry (without compile_config) of a functional model. */
export function functionalToKeras3(model: FunctionalDescription): JsonObject {
  const layers = model.layers.map((layer): JsonObject => {
    const entry: JsonObject = {
      module: 'keras.layers',
      class_name: layer.className,
      config: keras3LayerConfig(layer),
      registered_name: null,
    };
    const first = layer.nodes[0];
    if (first !== undefined && layer.className !== 'InputLayer') {
      const shapes = first.inputs.map((t) => t.shape as JsonValue);
      entry.build_config = { input_shape: first.list ? shapes : shapes[0] };
    }
    entry.name = layer.name;
    entry.inbound_nodes = layer.nodes.map((node) => {
      const tensors = node.inputs.map(
        (t): JsonValue => ({
          class_name: '__keras_tensor__',
          config: { shape: t.shape, dtype: 'float32', keras_history: ref(t) },
        }),
      );
      return { args: node.list ? [tensors] : tensors, kwargs: {} };
    });
    return entry;
  });
  const config: JsonObject = {
    name: model.name,
    trainable: model.trainable,
    layers,
    input_layers: model.inputs.map(ref),
    output_layers: model.outputs.map(ref),
  };
  return {
    module: 'keras.src.models.functional',
    class_name: 'Functional',
    config,
    registered_name: 'Functional',
    build_config: { input_shape: null },
  };
}

function keras3LayerConfig(layer: FunctionalLayerDescription): JsonObject {
  if (layer.className === 'InputLayer') {
    const shape = layer.config.batchInputShape as JsonValue;
    return { batch_shape: shape, dtype: 'float32', sparse: false, ragged: false, name: layer.name };
  }
  const { batchInputShape: _dropped, ...config } = layer.config;
  return layerConfigToKeras(config, 'keras-3');
}

/** The tf.keras 2.x `model_config` of a functional model, for a legacy .h5 file. */
export function functionalToTfKeras(model: FunctionalDescription): JsonObject {
  const layers = model.layers.map(
    (layer): JsonObject => ({
      class_name: layer.className,
      config: layerConfigToKeras(layer.config, 'tf-keras-2'),
      name: layer.name,
      inbound_nodes: layer.nodes.map((node) => node.inputs.map((t) => [t.layer, t.node, t.tensor, {}])),
    }),
  );
  return {
    class_name: 'Functional',
    config: {
      name: model.name,
      trainable: model.trainable,
      layers,
      input_layers: model.inputs.map(ref),
      output_layers: model.outputs.map(ref),
    },
  };
}

/** Whether a stored model config is a functional model ('Functional'; tf.keras before 2.4 wrote 'Model'). */
export function isFunctionalConfig(modelConfig: JsonObject): boolean {
  return modelConfig.class_name === 'Functional' || modelConfig.class_name === 'Model';
}

/** Reads a stored functional model config (Keras 3 or tf.keras 2) into a FunctionalDescription. */
export function parseFunctionalConfig(modelConfig: JsonObject, file: string): FunctionalDescription {
  const config = modelConfig.config;
  if (!isJsonObject(config) || !Array.isArray(config.layers))
    throw new FileFormatError(`${file}: the Functional config has no layers list`);
  const layers = config.layers.map((entry, i) => parseLayer(entry, i, file));
  return {
    name: typeof config.name === 'string' ? config.name : 'model',
    trainable: config.trainable !== false,
    layers,
    inputs: refList(config.input_layers ?? null, 'input_layers', file),
    outputs: refList(config.output_layers ?? null, 'output_layers', file),
  };
}

function parseLayer(entry: JsonValue, index: number, file: string): FunctionalLayerDescription {
  if (!isJsonObject(entry) || typeof entry.class_name !== 'string' || !isJsonObject(entry.config)) {
    throw new FileFormatError(`${file}: layer ${index} of the model config is not a {class_name, config} object`);
  }
  const className = entry.class_name;
  const name =
    typeof entry.name === 'string'
      ? entry.name
      : typeof entry.config.name === 'string'
        ? entry.config.name
        : `#${index}`;
  if (!LAYER_CLASS_NAMES.includes(className)) {
    throw new NotImplementedLayerError(
      `${file}: layer '${name}' is a ${className}, a layer class nabla does not implement in functional models (supported: ${LAYER_CLASS_NAMES.join(', ')})`,
    );
  }
  const where = `${file}: layer '${name}'`;
  const config = layerConfigFromKeras(className, entry.config, where);
  config.name = name;
  const nodes = Array.isArray(entry.inbound_nodes) ? entry.inbound_nodes.map((node) => parseNode(node, where)) : [];
  return { className, name, config, nodes };
}

// Keras 3: {args: [tensor] or [[tensor, …]], kwargs}; tf.keras 2: [[name, node, tensor, kwargs], …].
function parseNode(node: JsonValue, where: string): NodeDescription {
  if (isJsonObject(node)) {
    const args = Array.isArray(node.args) ? node.args : [];
    if (isJsonObject(node.kwargs) && Object.keys(node.kwargs).length > 0) refuseKwargs(node.kwargs, where);
    const list = args.length === 1 && Array.isArray(args[0]);
    const tensors = list ? (args[0] as JsonValue[]) : args;
    return { inputs: tensors.map((t) => keras3Tensor(t, where)), list };
  }
  if (!Array.isArray(node))
    throw new FileFormatError(`${where}: an inbound node is neither Keras 3's {args, kwargs} nor tf.keras's list`);
  const inputs = node.map((item) => {
    if (!Array.isArray(item) || item.length < 3 || typeof item[0] !== 'string')
      throw new FileFormatError(
        `${where}: inbound node entry ${JSON.stringify(item)} is not [layer, node, tensor, kwargs]`,
      );
    if (isJsonObject(item[3]) && Object.keys(item[3]).length > 0) refuseKwargs(item[3], where);
    return { layer: item[0], node: Number(item[1]), tensor: Number(item[2]), shape: [] };
  });
  return { inputs, list: inputs.length > 1 };
}

function keras3Tensor(value: JsonValue, where: string): TensorRef & { shape: (number | null)[] } {
  const config = isJsonObject(value) && isJsonObject(value.config) ? value.config : null;
  const history = config?.keras_history;
  if (config === null || !Array.isArray(history) || typeof history[0] !== 'string') {
    throw new FileFormatError(`${where}: an inbound node argument is not a __keras_tensor__ with a keras_history`);
  }
  return {
    layer: history[0],
    node: Number(history[1]),
    tensor: Number(history[2]),
    shape: Array.isArray(config.shape) ? (config.shape as (number | null)[]) : [],
  };
}

// Call arguments change what a layer computes (a mask, training=True); nabla runs none of them.
function refuseKwargs(kwargs: JsonObject, where: string): void {
  const keys = Object.keys(kwargs).filter(
    (k) => !(k === 'training' && kwargs[k] === null) && !(k === 'mask' && kwargs[k] === null),
  );
  if (keys.length > 0)
    throw new NotImplementedLayerError(
      `${where}: the stored call passes ${keys.join(', ')}, which nabla does not support`,
    );
}

// A single [name, node, tensor] (Keras 3 with one input) or a list of them; dicts of them by name.
function refList(value: JsonValue, what: string, file: string): TensorRef[] {
  const toRef = (v: JsonValue): TensorRef => {
    if (!Array.isArray(v) || typeof v[0] !== 'string')
      throw new FileFormatError(`${file}: ${what} entry ${JSON.stringify(v)} is not [layer, node, tensor]`);
    return { layer: v[0], node: Number(v[1] ?? 0), tensor: Number(v[2] ?? 0) };
  };
  if (Array.isArray(value) && typeof value[0] === 'string') return [toRef(value)];
  if (Array.isArray(value)) return value.map(toRef);
  if (isJsonObject(value)) return Object.values(value).map(toRef);
  throw new FileFormatError(`${file}: the Functional config has no ${what}`);
}
