// Matching stored weights to a model's layers as Keras does: legacy .h5 files by topology (the k-th stored
// layer with weights goes to the k-th model layer with weights) or by layer name; Keras 3 files by the saved
// object path of each layer.
import { ShapeError, ValueError, formatShape } from '../errors.ts';
import type { Layer } from '../layers/layer.ts';
import { Tensor } from '../tensor/tensor.ts';
import type { WeightRecord } from './hdf5.ts';
import type { LayerWeights } from './keras-h5.ts';
import type { SavedObjectVariables } from './keras-zip.ts';
import { keras3LayerPaths } from './model-config.ts';
import { nestedModelOf } from './saveable-model.ts';

/** Keras's legacy topological loading (load_weights_from_hdf5_group). */
export function assignByTopology(layers: readonly Layer[], stored: readonly LayerWeights[], file: string): void {
  const targets = layers.filter((l) => l.weightNames.length > 0);
  const sources = stored.filter((l) => l.weights.length > 0);
  if (targets.length !== sources.length) {
    throw new ValueError(
      `${file}: layer count mismatch: the model has ${targets.length} layers with weights (${targets.map((l) => l.name).join(', ')}), ` +
        `the file has ${sources.length} (${sources.map((l) => l.name).join(', ')})`,
    );
  }
  const assignments = targets.map((layer, k) =>
    prepare(layer, sources[k].weights, `${file}: layer '${layer.name}' (stored as '${sources[k].name}')`),
  );
  for (const apply of assignments) apply();
}

/** Keras's by-name loading: each stored layer goes to the model layer of the same name; others stay as they are. */
export function assignByName(layers: readonly Layer[], stored: readonly LayerWeights[], file: string): void {
  const byName = new Map(layers.map((l) => [l.name, l]));
  const assignments = stored
    .filter((s) => s.weights.length > 0 && byName.has(s.name))
    .map((s) => prepare(byName.get(s.name)!, s.weights, `${file}: layer '${s.name}'`));
  for (const apply of assignments) apply();
}

/** Keras 3 loading by saved object path (`layers/dense_1`); a layer with weights must find its variables. */
export function assignByObjectPath(
  layers: readonly Layer[],
  objects: readonly SavedObjectVariables[],
  file: string,
): void {
  const byPath = new Map(objects.map((o) => [o.path, o]));
  for (const apply of objectPathAssignments(layers, byPath, file, '')) apply();
}

// A nested model's layers are stored under `<its path>/layers/`.
function objectPathAssignments(
  layers: readonly Layer[],
  byPath: Map<string, SavedObjectVariables>,
  file: string,
  prefix: string,
): (() => void)[] {
  const paths = keras3LayerPaths(layers.map((l) => l.className)).map((p) => prefix + p);
  return layers.flatMap((layer, i) => {
    const nested = nestedModelOf(layer);
    if (nested !== null) return objectPathAssignments(nested.layers, byPath, file, `${paths[i]}/`);
    const saved = byPath.get(paths[i]);
    if (layer.weightNames.length === 0) return [];
    if (saved === undefined)
      throw new ValueError(`${file}: no variables stored at ${paths[i]} for layer '${layer.name}'`);
    return [prepare(layer, saved.vars, `${file}: layer '${layer.name}' (${paths[i]})`)];
  });
}

// Checks everything first and returns the assignment, so a file that does not fit changes no weight at all.
function prepare(layer: Layer, records: readonly WeightRecord[], where: string): () => void {
  if (!layer.built)
    throw new ValueError(`${where}: the layer is not built yet: give the model an input shape before loading weights`);
  const names = layer.weightNames;
  if (records.length !== names.length) {
    throw new ValueError(
      `${where}: weight count mismatch: the layer expects ${names.length} (${names.join(', ')}), the file has ${records.length}`,
    );
  }
  const expected = layer.getWeights().map((w) => w.shape);
  const tensors = records.map((record, i) => {
    if (!sameShape(record.shape, expected[i])) {
      throw new ShapeError(
        `${where}: weight '${names[i]}' has shape ${formatShape(record.shape)} in the file, the model expects ${formatShape(expected[i])}`,
      );
    }
    // Integer weights (Keras's int64 counters) become float32 values, as nabla keeps every weight.
    const data =
      record.data instanceof BigInt64Array
        ? Float32Array.from(record.data, Number)
        : Float32Array.from(record.data as ArrayLike<number>);
    return new Tensor(data, record.shape);
  });
  return () => layer.setWeights(tensors);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
