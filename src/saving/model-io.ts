// model.save / model.saveWeights / model.loadWeights: the file format follows the extension, as in Keras.
import { ValueError } from '../errors.ts';
import { describeValue } from '../options.ts';
import type { Layer } from '../layers/layer.ts';
import type { Loss } from '../losses/index.ts';
import { Tensor } from '../tensor/tensor.ts';
import { type CompiledState, compileConfigForKeras3, trainingConfigForTfKeras } from './compile-config.ts';
import { detectModelFileKind } from './file-check.ts';
import { type WeightRecord, getGroup, readHdf5 } from './hdf5.ts';
import {
  type KerasH5Contents,
  type LayerWeights,
  kerasH5FromTree,
  writeKerasH5Model,
  writeKerasH5Weights,
} from './keras-h5.ts';
import {
  type KerasZipContents,
  type SavedObjectVariables,
  kerasZipMetadata,
  readKerasZip,
  weightStoreObjects,
  writeKerasZip,
} from './keras-zip.ts';
import { writeKeras3WeightsFile } from './keras3-weights-file.ts';
import { functionalToKeras3, functionalToTfKeras } from './functional-config.ts';
import type { JsonObject } from './json.ts';
import {
  type SequentialDescription,
  keras3LayerPaths,
  sequentialToKeras3,
  sequentialToTfKeras,
} from './model-config.ts';
import { kerasOptimizerOrder, optimizerStateFromTfKeras, optimizerWeightsForTfKeras } from './optimizer-weights.ts';
import { type SaveableModel, nestedModelOf } from './saveable-model.ts';
import { assignByName, assignByObjectPath, assignByTopology } from './weight-assignment.ts';

/** Saves the whole model (Model.save): `.h5` as tf.keras 2.x legacy HDF5, `.keras` as a Keras 3 archive. */
export async function saveModel(model: SaveableModel, path: string): Promise<void> {
  if (path.endsWith('.keras')) await writeKerasZip(path, kerasZipContents(model));
  else if (path.endsWith('.h5') || path.endsWith('.hdf5')) await writeKerasH5Model(path, kerasH5Contents(model));
  else
    throw new ValueError(
      `cannot tell the file format from ${JSON.stringify(path)}: use a name ending in '.keras' (Keras 3) or '.h5' (legacy HDF5)`,
    );
}

/** Saves the weights (Model.save_weights): `.weights.h5` in the Keras 3 layout, other `.h5` in the tf.keras layout. */
export async function saveModelWeights(model: SaveableModel, path: string): Promise<void> {
  if (path.endsWith('.weights.h5')) await writeKeras3WeightsFile(path, savedObjects(model));
  else if (path.endsWith('.h5') || path.endsWith('.hdf5'))
    await writeKerasH5Weights(path, { layers: layerWeights(model.layers) });
  else
    throw new ValueError(
      `weights files must end in '.weights.h5' (Keras 3) or '.h5' (legacy HDF5), got ${JSON.stringify(path)}`,
    );
}

/** Options of loadWeights (Model.load_weights). */
export interface LoadWeightsOptions {
  /** Legacy .h5 only: match layers by name instead of by position. */
  byName?: boolean;
}

/**
 * Loads weights into a built model (Model.load_weights) from any Keras file: a legacy .h5 (whole model or
 * weights; by topology or by name), a Keras 3 .weights.h5, or a .keras archive (by saved object path).
 * The optimizer state in the file is restored too when the model is compiled and it fits.
 */
export async function loadModelWeights(
  model: SaveableModel,
  path: string,
  options: LoadWeightsOptions = {},
): Promise<void> {
  const file = await readModelFile(path);
  applyWeights(model, file, options);
  applyOptimizerState(model, file);
}

/** A model file read into memory, whatever its format. */
export type ModelFile =
  | { kind: 'legacy-h5'; path: string; contents: KerasH5Contents }
  | { kind: 'keras3'; path: string; contents: Pick<KerasZipContents, 'objects'> & Partial<KerasZipContents> };

/** Reads any Keras model or weights file by its content (not its name). */
export async function readModelFile(path: string): Promise<ModelFile> {
  if (typeof path !== 'string' || path === '')
    throw new ValueError(`the model file path must be a non-empty string, got ${describeValue(path)}`);
  if (detectModelFileKind(path) === 'zip') return { kind: 'keras3', path, contents: await readKerasZip(path) };
  const root = await readHdf5(path);
  // Keras 3 weight files hold object paths (layers/..., vars); legacy ones list layer_names.
  if (getGroup(root, 'layers') !== null || getGroup(root, 'vars') !== null) {
    return { kind: 'keras3', path, contents: { objects: weightStoreObjects(root) } };
  }
  return { kind: 'legacy-h5', path, contents: kerasH5FromTree(root, path) };
}

/** Puts the file's layer weights into the model, matching layers as Keras does for that format. */
export function applyWeights(model: SaveableModel, file: ModelFile, options: LoadWeightsOptions = {}): void {
  // An unbuilt model saved as Keras 3 saves it (config, no variables) loads back unbuilt, as in Keras.
  if (isUnbuiltWithoutWeights(model, file)) return;
  if (file.kind === 'keras3') {
    if (options.byName)
      throw new ValueError(
        `${file.path}: byName loading applies to legacy .h5 files; Keras 3 files match layers by saved path`,
      );
    assignByObjectPath(model.layers, file.contents.objects, file.path);
  } else if (options.byName) {
    assignByName(model.layers, file.contents.layers, file.path);
  } else {
    assignByTopology(model.layers, file.contents.layers, file.path);
  }
}

function isUnbuiltWithoutWeights(model: SaveableModel, file: ModelFile): boolean {
  if (model.layers.some((layer) => layer.inputShape !== null)) return false;
  if (file.kind === 'keras3')
    return file.contents.objects.every((object) => object.path === 'optimizer' || object.vars.length === 0);
  return file.contents.layers.every((layer) => layer.weights.length === 0);
}

/** Restores the optimizer state stored in the file when the model is compiled; a mismatch only warns, as in Keras. */
export function applyOptimizerState(model: SaveableModel, file: ModelFile): void {
  const optimizer = model.optimizer;
  if (optimizer === null) return;
  let state: Tensor[] | null = null;
  if (file.kind === 'keras3') {
    const saved = file.contents.objects.find((o) => o.path === 'optimizer');
    if (saved === undefined) return;
    const order = kerasOptimizerOrder(optimizer);
    if (saved.vars.length === order.length) {
      state = new Array<Tensor>(order.length);
      order.forEach((nablaIndex, kerasIndex) => (state![nablaIndex] = toTensor(saved.vars[kerasIndex])));
    }
  } else {
    if (file.contents.optimizerWeights === null) return;
    state = optimizerStateFromTfKeras(optimizer, file.contents.optimizerWeights);
  }
  const expected = optimizer.getWeightNames().length;
  if (state === null || state.length !== expected) {
    process.emitWarning(
      `${file.path}: the stored optimizer state does not fit this ${optimizer.className} optimizer; it starts fresh`,
    );
    return;
  }
  optimizer.setWeights(state);
}

function toTensor(record: WeightRecord): Tensor {
  const data =
    record.data instanceof BigInt64Array
      ? Int32Array.from(record.data, Number)
      : record.data instanceof Int32Array
        ? record.data
        : Float32Array.from(record.data);
  return new Tensor(data, record.shape);
}

/** What writing a Sequential's config needs, nested models described in turn. */
export function describeSequential(model: SaveableModel, trainable = true): SequentialDescription {
  const config = model.getConfig();
  const input = config.layers[0]?.className === 'InputLayer' ? config.layers[0].config : null;
  return {
    name: model.name,
    layers: model.layers.map((layer) => {
      const nested = nestedModelOf(layer);
      const description = { className: layer.className, config: layer.getConfig(), inputShape: layer.inputShape };
      if (nested === null) return description;
      if (nested.describeFunctional !== undefined) {
        const functional = nested.describeFunctional();
        return { ...description, functional: { ...functional, trainable: functional.trainable && layer.trainable } };
      }
      return { ...description, nested: describeSequential(nested, layer.trainable) };
    }),
    batchInputShape: input ? (input.batchInputShape as (number | null)[]) : null,
    inputName: input && typeof input.name === 'string' ? input.name : null,
    ...(trainable ? {} : { trainable: false }),
  };
}

function compiledState(model: SaveableModel): CompiledState | null {
  const optimizer = model.optimizer;
  if (optimizer === null || model.compileConfig === null) return null;
  const outputs = model.outputCompileSettings?.() ?? null;
  if (outputs !== null) {
    const names = Object.keys(outputs.losses);
    if (names.length > 1 || outputs.lossWeights[names[0]] !== 1) return { optimizer, loss: '', metrics: [], outputs };
    return { optimizer, loss: outputs.losses[names[0]], metrics: outputs.metrics[names[0]] };
  }
  const { loss, metrics = [] } = model.compileConfig;
  const flatMetrics = typeof metrics === 'string' ? [metrics] : Array.isArray(metrics) ? (metrics as string[]) : [];
  return { optimizer, loss: typeof loss === 'string' ? loss : (loss as Loss), metrics: [...flatMetrics] };
}

function tfKerasModelConfig(model: SaveableModel): JsonObject {
  return model.describeFunctional
    ? functionalToTfKeras(model.describeFunctional())
    : sequentialToTfKeras(describeSequential(model));
}

function keras3ModelConfig(model: SaveableModel): JsonObject {
  return model.describeFunctional
    ? functionalToKeras3(model.describeFunctional())
    : sequentialToKeras3(describeSequential(model));
}

// tf.keras names a weight by its own layer (`dense/kernel:0`), also inside a nested model's group.
function layerWeights(layers: readonly Layer[]): LayerWeights[] {
  return layers.map((layer) => {
    const nested = nestedModelOf(layer) !== null;
    const weightName = (i: number): string =>
      nested ? layer.weightNames[i].split('/').slice(-2).join('/') : `${layer.name}/${layer.weightNames[i]}`;
    return {
      name: layer.name,
      weights: layer
        .getWeights()
        .map((w, i) => ({ name: `${weightName(i)}:0`, shape: [...w.shape], data: storedData(layer, i, w) })),
    };
  });
}

// Keras keeps some weights as integers (Normalization's count, int64): they are stored so, for Keras to load.
function storedData(layer: Layer, index: number, weight: Tensor): WeightRecord['data'] {
  const integers = (layer as Layer & { integerWeightNames?: string[] }).integerWeightNames ?? [];
  if (integers.includes(layer.weightNames[index])) return BigInt64Array.from(weight.data, (v) => BigInt(Math.round(v)));
  return weight.data as Float32Array;
}

// A nested model is saved at its own path, its layers under `<path>/layers/` (Keras 3's saving walk).
function layerObjects(layers: readonly Layer[], prefix: string): SavedObjectVariables[] {
  const paths = keras3LayerPaths(layers.map((l) => l.className));
  return layers.flatMap((layer, i) => {
    const path = prefix + paths[i];
    const nested = nestedModelOf(layer);
    if (nested !== null) return [{ path, name: layer.name, vars: [] }, ...layerObjects(nested.layers, `${path}/`)];
    return [
      {
        path,
        name: layer.name,
        vars: layer
          .getWeights()
          .map((w, k) => ({ name: String(k), shape: [...w.shape], data: storedData(layer, k, w) })),
      },
    ];
  });
}

function kerasH5Contents(model: SaveableModel): KerasH5Contents {
  const compiled = compiledState(model);
  return {
    kerasVersion: null,
    backend: null,
    modelConfig: tfKerasModelConfig(model),
    trainingConfig: compiled ? trainingConfigForTfKeras(compiled) : null,
    layers: layerWeights(model.layers),
    optimizerWeights: compiled?.optimizer.built ? optimizerWeightsForTfKeras(compiled.optimizer) : null,
  };
}

function kerasZipContents(model: SaveableModel): KerasZipContents {
  const compiled = compiledState(model);
  const config = keras3ModelConfig(model);
  if (compiled) config.compile_config = compileConfigForKeras3(compiled);
  return { metadata: kerasZipMetadata(), config, objects: savedObjects(model) };
}

// The Keras 3 weight store: each layer at its class-based path, the optimizer, then the model's own (empty) vars.
function savedObjects(model: SaveableModel): SavedObjectVariables[] {
  const objects = layerObjects(model.layers, '');
  const optimizer = model.optimizer;
  if (optimizer !== null) {
    const weights = optimizer.getWeights();
    const vars = kerasOptimizerOrder(optimizer).map(
      (index, k): WeightRecord => ({
        name: String(k),
        shape: [...weights[index].shape],
        // Keras 3 on TensorFlow stores the iteration count as int64.
        data: k === 0 ? BigInt64Array.of(BigInt(optimizer.iterations)) : Float32Array.from(weights[index].data),
      }),
    );
    objects.push({ path: 'optimizer', name: optimizer.name, vars });
  }
  objects.push({ path: '', name: model.name, vars: [] });
  return objects;
}
