// The legacy Keras HDF5 layouts: the whole-model file of `model.save('x.h5')` (tf.keras 2.x, Keras 2.0-2.x)
// and the weights file of `model.save_weights('x.h5')`. Reading accepts every variation Keras has written;
// writing produces the tree tf.keras 2.12 writes.
import { FileFormatError } from '../errors.ts';
import { writeAtomically } from './atomic-write.ts';
import {
  type ReadGroup,
  type WeightRecord,
  type WriteGroup,
  addDataset,
  getDataset,
  getGroup,
  newGroup,
  readHdf5,
  readStringAttribute,
  readStringListAttribute,
  setStringAttribute,
  setStringListAttribute,
  writeHdf5,
} from './hdf5.ts';
import { type JsonObject, isJsonObject, parseJson } from './json.ts';

/** The weights of one layer as stored: the layer name and its arrays, named like `dense/kernel:0`. */
export interface LayerWeights {
  name: string;
  weights: WeightRecord[];
}

/** What a legacy Keras HDF5 file holds, whole model or weights only. */
export interface KerasH5Contents {
  kerasVersion: string | null;
  backend: string | null;
  /** `{class_name, config}` of the model; null in a weights-only file. */
  modelConfig: JsonObject | null;
  /** The compile arguments (loss, metrics, optimizer_config); null when not compiled or weights only. */
  trainingConfig: JsonObject | null;
  /** Every layer in `layer_names` order, weightless ones included (with no weights). */
  layers: LayerWeights[];
  /** The optimizer's variables in `weight_names` order; null when the file has none. */
  optimizerWeights: WeightRecord[] | null;
}

/** The Keras version whose file layout nabla writes in .h5 files. */
export const LEGACY_KERAS_VERSION = '2.12.0';
const BACKEND = 'tensorflow';

/** Reads a legacy Keras .h5 file (whole model or weights only). */
export async function readKerasH5(path: string): Promise<KerasH5Contents> {
  return kerasH5FromTree(await readHdf5(path), path);
}

/** The legacy Keras contents of an HDF5 tree already read from `path`. */
export function kerasH5FromTree(root: ReadGroup, path: string): KerasH5Contents {
  const modelWeights = getGroup(root, 'model_weights');
  const weightsRoot = modelWeights ?? root;
  if (readStringListAttribute(weightsRoot, 'layer_names') === null) {
    throw new FileFormatError(
      `${path} is an HDF5 file but not a Keras model or weights file (no layer_names attribute${modelWeights ? ' in /model_weights' : ' at the root'})`,
    );
  }
  return {
    kerasVersion: readStringAttribute(root, 'keras_version') ?? readStringAttribute(weightsRoot, 'keras_version'),
    backend: readStringAttribute(root, 'backend'),
    modelConfig: modelWeights ? readJsonAttribute(root, 'model_config', path) : null,
    trainingConfig: modelWeights ? readJsonAttribute(root, 'training_config', path) : null,
    layers: readLayerGroups(weightsRoot, path),
    optimizerWeights: readOptimizerWeights(root, path),
  };
}

function readJsonAttribute(root: ReadGroup, name: string, path: string): JsonObject | null {
  const text = readStringAttribute(root, name);
  if (text === null) return null;
  const value = parseJson(text, `the ${name} attribute of ${path}`, FileFormatError);
  if (!isJsonObject(value)) throw new FileFormatError(`the ${name} attribute of ${path} is not a JSON object`);
  return value;
}

function readLayerGroups(group: ReadGroup, path: string): LayerWeights[] {
  const names = readStringListAttribute(group, 'layer_names') ?? [];
  return names.map((name) => {
    const layerGroup = getGroup(group, name);
    if (layerGroup === null)
      throw new FileFormatError(`${path}: layer ${name} is listed in layer_names but has no group`);
    const weightNames = readStringListAttribute(layerGroup, 'weight_names') ?? [];
    return { name, weights: weightNames.map((w) => readWeight(layerGroup, w, `${path}: layer ${name}`)) };
  });
}

function readWeight(group: ReadGroup, name: string, where: string): WeightRecord {
  const dataset = getDataset(group, name);
  if (dataset === null) throw new FileFormatError(`${where}: weight ${name} is listed in weight_names but missing`);
  return dataset;
}

function readOptimizerWeights(root: ReadGroup, path: string): WeightRecord[] | null {
  const group = getGroup(root, 'optimizer_weights');
  if (group === null) return null;
  const names = readStringListAttribute(group, 'weight_names') ?? [];
  return names.map((name) => readWeight(group, name, `${path}: optimizer_weights`));
}

/** Writes the tf.keras whole-model .h5 layout (root attributes, /model_weights, /optimizer_weights) atomically. */
export async function writeKerasH5Model(path: string, contents: KerasH5Contents): Promise<void> {
  if (contents.modelConfig === null) throw new FileFormatError('a whole-model .h5 file needs a model config');
  const root = newGroup();
  const version = contents.kerasVersion ?? LEGACY_KERAS_VERSION;
  setStringAttribute(root, 'backend', contents.backend ?? BACKEND, 'utf-8');
  setStringAttribute(root, 'keras_version', version, 'utf-8');
  setStringAttribute(root, 'model_config', JSON.stringify(contents.modelConfig), 'ascii');
  if (contents.trainingConfig)
    setStringAttribute(root, 'training_config', JSON.stringify(contents.trainingConfig), 'ascii');
  const modelWeights = (root.children.model_weights = newGroup());
  writeLayerGroups(modelWeights, contents, version);
  // Newer tf.keras also records the model's own (non-layer) weights; a Sequential has none.
  const topLevel = (modelWeights.children.top_level_model_weights = newGroup());
  setStringListAttribute(topLevel, 'weight_names', []);
  if (contents.optimizerWeights) writeOptimizerWeights(root, contents.optimizerWeights);
  await writeAtomically(path, (temp) => writeHdf5(temp, root));
}

/** Writes the tf.keras `save_weights('x.h5')` layout (layer groups at the file root) atomically. */
export async function writeKerasH5Weights(path: string, contents: Pick<KerasH5Contents, 'layers'>): Promise<void> {
  const root = newGroup();
  writeLayerGroups(root, contents, LEGACY_KERAS_VERSION);
  await writeAtomically(path, (temp) => writeHdf5(temp, root));
}

function writeLayerGroups(group: WriteGroup, contents: Pick<KerasH5Contents, 'layers'>, version: string): void {
  setStringAttribute(group, 'backend', BACKEND, 'ascii');
  setStringAttribute(group, 'keras_version', version, 'ascii');
  setNameListAttribute(
    group,
    'layer_names',
    contents.layers.map((l) => l.name),
  );
  for (const layer of contents.layers) {
    const layerGroup = (group.children[layer.name] = newGroup());
    setNameListAttribute(
      layerGroup,
      'weight_names',
      layer.weights.map((w) => w.name),
    );
    for (const weight of layer.weights) addDataset(layerGroup, weight.name, weight);
  }
}

function writeOptimizerWeights(root: WriteGroup, weights: WeightRecord[]): void {
  const group = (root.children.optimizer_weights = newGroup());
  setNameListAttribute(
    group,
    'weight_names',
    weights.map((w) => w.name),
  );
  for (const weight of weights) addDataset(group, weight.name, weight);
}

// HDF5 object headers hold at most 64 KiB of attributes; tf.keras splits longer name lists (sized as a numpy
// fixed-length byte array) into `name0`, `name1`, … in as few equal parts as fit.
const HDF5_OBJECT_HEADER_LIMIT = 64512;

function setNameListAttribute(group: WriteGroup, name: string, names: readonly string[]): void {
  const itemBytes = Math.max(1, ...names.map((n) => Buffer.byteLength(n)));
  let chunks = 1;
  while (Math.ceil(names.length / chunks) * itemBytes > HDF5_OBJECT_HEADER_LIMIT) chunks++;
  if (chunks === 1) {
    setStringListAttribute(group, name, names);
    return;
  }
  // numpy.array_split: the first (length % chunks) parts get one extra element.
  const base = Math.floor(names.length / chunks);
  const extra = names.length % chunks;
  let start = 0;
  for (let i = 0; i < chunks; i++) {
    const size = base + (i < extra ? 1 : 0);
    setStringListAttribute(group, `${name}${i}`, names.slice(start, start + size));
    start += size;
  }
}
