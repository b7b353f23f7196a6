// Public exports of saving: Keras file formats read and written without Python.
export { saveModel, saveModelWeights, loadModelWeights, readModelFile } from './model-io.ts';
export type { LoadWeightsOptions, ModelFile } from './model-io.ts';
export { readKerasH5, writeKerasH5Model, writeKerasH5Weights } from './keras-h5.ts';
export type { KerasH5Contents, LayerWeights } from './keras-h5.ts';
export { readKerasZip, writeKerasZip } from './keras-zip.ts';
export type { KerasZipContents, SavedObjectVariables } from './keras-zip.ts';
export type { WeightRecord, WeightArray } from './hdf5.ts';
