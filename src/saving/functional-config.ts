// Functional model configs: written in Keras 3's form (`inbound_nodes` as {args, kwargs} with
// `__keras_tensor__` history entries) and tf.keras 2's (`[[["dense", 0, 0, {}]]]`), read from both.
// A model nested as a layer is stored as Keras stores it: its own full config in the layer list, with the
// node numbering each Keras version uses for it (see skipsFirstNode and keras3OutputOffset).
import { FileFormatError, NotImplementedLayerError } from '../errors.ts';
import type { LayerConfig } from '../layers/layer.ts';
import { LAYER_CLASS_NAMES } from '../layers/registry.ts';
import { layerConfigFromKeras, layerConfigToKeras } from './config.ts';
import { type JsonObject, type JsonValue, isJsonObject } from './json.ts';
import {
  type SequentialDescription,
  parseNestedSequential,
  sequentialToKeras3,
  sequentialToTfKeras,
} from './model-config.ts';

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
  /** A nested functional model: its own description (written and read). */
  functional?: FunctionalDescription;
  /** A nested Sequential, for writing (reading gives its layer specs in `config`, as Sequential.fromConfig takes). */
  sequential?: SequentialDescription;
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
    const entry: JsonObject = keras3Entry(layer);
    const first = layer.nodes[0];
    if (first !== undefined && layer.className !== 'InputLayer' && layer.functional === undefined) {
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
  // Keras 3 counts a nested functional model's calls from 1 in input_layers and output_layers only.
  const outputRef = (r: TensorRef): JsonValue => ref({ ...r, node: r.node + keras3OutputOffset(model, r.layer) });
  const config: JsonObject = {
    name: model.name,
    trainable: model.trainable,
    layers,
    input_layers: model.inputs.map(outputRef),
    output_layers: model.outputs.map(outputRef),
  };
  return {
    module: 'keras.src.models.functional',
    class_name: 'Functional',
    config,
    registered_name: 'Functional',
    build_config: { input_shape: null },
  };
}

// A nested model is its own full entry (module, class_name, config, build_config); a layer is the usual one.
function keras3Entry(layer: FunctionalLayerDescription): JsonObject {
  if (layer.functional !== undefined) return functionalToKeras3(layer.functional);
  if (layer.sequential !== undefined) return sequentialToKeras3(layer.sequential);
  return {
    module: 'keras.layers',
    class_name: layer.className,
    config: keras3LayerConfig(layer),
    registered_name: null,
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
  const skipped = new Set(model.layers.filter(skipsFirstNode).map((l) => l.name));
  const shifted = (r: TensorRef): TensorRef => ({ ...r, node: r.node + (skipped.has(r.layer) ? 1 : 0) });
  const layers = model.layers.map((layer): JsonObject => {
    const inner = layer.functional
      ? functionalToTfKeras(layer.functional)
      : layer.sequential
        ? sequentialToTfKeras(layer.sequential)
        : { class_name: layer.className, config: layerConfigToKeras(layer.config, 'tf-keras-2') };
    return {
      ...inner,
      name: layer.name,
      inbound_nodes: layer.nodes.map((node) =>
        node.inputs.map((t) => {
          const s = shifted(t);
          return [s.layer, s.node, s.tensor, {}];
        }),
      ),
    };
  });
  return {
    class_name: 'Functional',
    config: {
      name: model.name,
      trainable: model.trainable,
      layers,
      input_layers: model.inputs.map((r) => ref(shifted(r))),
      output_layers: model.outputs.map((r) => ref(shifted(r))),
    },
  };
}

/**
 * Whether tf.keras 2 counts this layer's calls from 1: a nested model built on its own input holds a first
 * node (its input to its output) that configs leave out (tf.keras's _should_skip_first_node): every
 * functional model, and a Sequential whose config starts with an InputLayer.
 */
function skipsFirstNode(layer: FunctionalLayerDescription): boolean {
  if (layer.functional !== undefined) return true;
  if (layer.sequential !== undefined) return layer.sequential.batchInputShape !== null;
  return false;
}

// Keras 3's Functional.get_config numbers a nested functional model's kept nodes from 1 (and its from_config
// subtracts 1 again) in input_layers and output_layers; the inbound nodes count from 0.
function keras3OutputOffset(model: FunctionalDescription, layerName: string): number {
  return model.layers.find((l) => l.name === layerName)?.functional !== undefined ? 1 : 0;
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
  const entries = config.layers;
  const layers = entries.map((entry, i) => parseLayer(entry, i, file));
  const description: FunctionalDescription = {
    name: typeof config.name === 'string' ? config.name : 'model',
    trainable: config.trainable !== false,
    layers,
    inputs: refList(config.input_layers ?? null, 'input_layers', file),
    outputs: refList(config.output_layers ?? null, 'output_layers', file),
  };
  return withCallIndices(description, entries, file);
}

// Turns the stored node numbers of nested models back into call indices within this model. Keras 3: by its
// rule (functional models from 1 in input_layers/output_layers). tf.keras and Keras 2: a nested model that
// holds its own first node is referred to from 1, which the numbers show (every kept call is referred to, so
// the highest number reaches the call count exactly when they count from 1), whatever the version's rule was.
function withCallIndices(
  description: FunctionalDescription,
  entries: JsonValue[],
  file: string,
): FunctionalDescription {
  const keras3 = entries.some((e) => isJsonObject(e) && 'module' in e);
  const allRefs = [...description.layers.flatMap((l) => l.nodes.flatMap((n) => n.inputs)), ...description.outputs];
  const nodeOffsets = new Map<string, number>();
  const outputOffsets = new Map<string, number>();
  for (const layer of description.layers) {
    const isModel = layer.functional !== undefined || layer.className === 'Sequential';
    if (!isModel) continue;
    if (keras3) {
      outputOffsets.set(layer.name, layer.functional !== undefined ? 1 : 0);
      continue;
    }
    const highest = Math.max(-1, ...allRefs.filter((r) => r.layer === layer.name).map((r) => r.node));
    const offset = highest >= layer.nodes.length ? 1 : 0;
    nodeOffsets.set(layer.name, offset);
    outputOffsets.set(layer.name, offset);
  }
  const shift =
    (offsets: Map<string, number>) =>
    <T extends TensorRef>(r: T): T => {
      const node = r.node - (offsets.get(r.layer) ?? 0);
      if (node < 0)
        throw new FileFormatError(`${file}: a call refers to ${r.layer}[${r.node}], the nested model's own first node`);
      return { ...r, node };
    };
  const inbound = shift(nodeOffsets);
  const outer = shift(outputOffsets);
  return {
    ...description,
    layers: description.layers.map((l) => ({
      ...l,
      nodes: l.nodes.map((n) => ({ ...n, inputs: n.inputs.map(inbound) })),
    })),
    inputs: description.inputs.map(outer),
    outputs: description.outputs.map(outer),
  };
}

const FUNCTIONAL_CLASS_NAMES = ['Functional', 'Model'];

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
  const where = `${file}: layer '${name}'`;
  const nodes = Array.isArray(entry.inbound_nodes) ? entry.inbound_nodes.map((node) => parseNode(node, where)) : [];
  if (className === 'Sequential') {
    const config = parseNestedSequential(entry, file).config;
    config.name = name;
    return { className, name, config, nodes };
  }
  if (FUNCTIONAL_CLASS_NAMES.includes(className)) {
    const functional = { ...parseFunctionalConfig(entry, file), name };
    return { className: 'Functional', name, config: { name }, nodes, functional };
  }
  if (!LAYER_CLASS_NAMES.includes(className)) {
    throw new NotImplementedLayerError(
      `${file}: layer '${name}' is a ${className}, a layer class nabla does not implement in functional models (supported: ${LAYER_CLASS_NAMES.join(', ')}, Sequential, Functional)`,
    );
  }
  const config = layerConfigFromKeras(className, entry.config, where);
  config.name = name;
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
