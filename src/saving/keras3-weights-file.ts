// Keras 3's `model.save_weights('x.weights.h5')`: the same object-path tree as model.weights.h5 in a .keras
// archive, as a plain HDF5 file.
import { writeAtomically } from './atomic-write.ts';
import { writeHdf5 } from './hdf5.ts';
import { type SavedObjectVariables, weightStoreTree } from './keras-zip.ts';

/** Writes a Keras 3 weights file atomically. */
export async function writeKeras3WeightsFile(path: string, objects: SavedObjectVariables[]): Promise<void> {
  const tree = weightStoreTree(objects);
  await writeAtomically(path, (temp) => writeHdf5(temp, tree));
}
