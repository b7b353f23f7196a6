// Keras 3's `model.save_weights('x.weights.h5')`: the same object-path tree as model.weights.h5 in a .keras
// archive, as a plain HDF5 file.
import { writeAtomically } from './atomic-write.ts';
import { createHdf5, getGroup, openHdf5ForReading, withHdf5 } from './hdf5.ts';
import { type SavedObjectVariables, readWeightStore, writeWeightStore } from './keras-zip.ts';

/** Writes a Keras 3 weights file atomically. */
export async function writeKeras3WeightsFile(path: string, objects: SavedObjectVariables[]): Promise<void> {
  await writeAtomically(path, async (temp) => {
    await withHdf5(await createHdf5(temp), (root) => writeWeightStore(root, objects));
  });
}

/** Reads a Keras 3 weights file, or returns null when the HDF5 file has the legacy layout instead. */
export async function readKeras3WeightsFile(path: string): Promise<SavedObjectVariables[] | null> {
  const file = await openHdf5ForReading(path);
  const isKeras3 = await withHdf5(file, (root) => getGroup(root, 'layers') !== null || getGroup(root, 'vars') !== null);
  return isKeras3 ? readWeightStore(path, path) : null;
}
