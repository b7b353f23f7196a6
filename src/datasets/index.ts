// Public exports of the datasets folder (keras.datasets and the IDX file format).
export { fashionMnist } from './fashion-mnist.ts';
export { mnist } from './mnist.ts';
export { parseIdx, readIdxFile, encodeIdx, writeIdxFile, idxMagic, IDX_LABELS_MAGIC, IDX_IMAGES_MAGIC } from './idx.ts';
export { DownloadError } from './download.ts';
export { datasetCacheFolder, datasetCacheRoot } from './cache-dir.ts';
export type { DataSplit, DatasetSource, DatasetSourceKind, LoadDataOptions, LoadedData } from './dataset-types.ts';
