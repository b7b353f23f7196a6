import type { DatasetSpec, LoadDataOptions, LoadedData } from './dataset-types.ts';
import { loadDataset } from './load-data.ts';

/**
 * MNIST's four IDX files (sizes and MD5s of the files first published by LeCun, Cortes and Burges).
 * Keras itself downloads one mnist.npz instead; nabla reads the IDX files, from the mirrors that keep them.
 * No npm package holds the full set, so there is no offline source: the files are required.
 */
export const MNIST_SPEC: DatasetSpec = {
  name: 'mnist',
  title: 'MNIST',
  files: {
    trainLabels: { name: 'train-labels-idx1-ubyte.gz', size: 28881, md5: 'd53e105ee54ea40749a09fcbcd1e9432' },
    trainImages: { name: 'train-images-idx3-ubyte.gz', size: 9912422, md5: 'f68b3c2dcbeaaa9fbdd348bbdeb94873' },
    testLabels: { name: 't10k-labels-idx1-ubyte.gz', size: 4542, md5: 'ec29112dd5afa0611ce80d1b7f02629c' },
    testImages: { name: 't10k-images-idx3-ubyte.gz', size: 1648877, md5: '9fb629c4189551a2d022fa330f9573f3' },
  },
  trainCount: 60000,
  testCount: 10000,
  classCount: 10,
  mirrors: ['https://storage.googleapis.com/cvdf-datasets/mnist/', 'https://ossci-datasets.s3.amazonaws.com/mnist/'],
};

/** keras.datasets.mnist: 70,000 28×28 grayscale images of handwritten digits. */
export const mnist = {
  /** The names of labels 0 to 9. */
  classNames: Object.freeze(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']) as readonly string[],

  /**
   * keras.datasets.mnist.load_data(): `[[trainImages, trainLabels], [testImages, testLabels]]`, uint8. Looks in
   * `path`, then the cache, then downloads (size and MD5 checked); with no offline source it fails with a message
   * saying where to put the files. The result's non-enumerable `source` says where the data came from.
   */
  loadData(options: LoadDataOptions = {}): Promise<LoadedData> {
    return loadDataset(MNIST_SPEC, options);
  },
};
