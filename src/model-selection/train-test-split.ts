import { ValueError } from '../errors.ts';
import { checkRandomState } from '../random/random-state.ts';
import type { Tensor } from '../tensor/tensor.ts';
import type { TypedArray } from '../tensor/dtype.ts';
import { type Labels, checkConsistentLength, takeRows, toLabelValues } from './samples.ts';
import {
  type RandomStateLike,
  type SplitIndices,
  type SplitSize,
  shuffleSplitIndices,
  stratifiedShuffleSplitIndices,
  validateShuffleSplit,
} from './shuffle-split.ts';
import { checkOptions } from '../options.ts';
import { TRAIN_TEST_SPLIT_KEYS } from '../option-keys.ts';

/** Anything trainTestSplit can split along its first axis. */
export type Splittable = Tensor | TypedArray | Float64Array | readonly unknown[];

/** Options of trainTestSplit (scikit-learn's keyword arguments, camelCase). */
export interface TrainTestSplitOptions {
  /** Fraction in (0, 1) or integer count of test samples; 0.25 when neither size is given. */
  testSize?: SplitSize;
  /** Fraction in (0, 1) or integer count of train samples; the complement of testSize when omitted. */
  trainSize?: SplitSize;
  /** Seed (or RandomState) of the shuffle; the same seed gives scikit-learn's indices. */
  randomState?: RandomStateLike;
  /** Shuffle before splitting (default true); false takes the first rows for training. */
  shuffle?: boolean;
  /** Labels to stratify by (StratifiedShuffleSplit). */
  stratify?: Labels;
}

/** The train and test indices trainTestSplit uses for `nSamples` samples. */
export function trainTestSplitIndices(nSamples: number, options: TrainTestSplitOptions = {}): SplitIndices {
  checkOptions('trainTestSplit', options, TRAIN_TEST_SPLIT_KEYS);
  const [nTrain, nTest] = validateShuffleSplit(nSamples, options.testSize, options.trainSize, 0.25);
  if (options.shuffle === false) {
    if (options.stratify !== undefined) {
      throw new ValueError(
        'stratified train/test split is not implemented for shuffle=false: drop stratify or shuffle',
      );
    }
    const train = Int32Array.from({ length: nTrain }, (_, i) => i);
    const test = Int32Array.from({ length: nTest }, (_, i) => nTrain + i);
    return [train, test];
  }
  const rng = checkRandomState(options.randomState);
  if (options.stratify === undefined) return shuffleSplitIndices(nSamples, nTrain, nTest, rng);
  const labels = toLabelValues(options.stratify);
  if (labels.length !== nSamples) {
    throw new ValueError(`stratify has ${labels.length} labels for ${nSamples} samples: give one label per sample`);
  }
  return stratifiedShuffleSplitIndices(labels, nTrain, nTest, rng);
}

/** [aTrain, aTest, bTrain, bTest, ...] for arrays [a, b, ...]: each output has its input's type. */
export type SplitPairs<T extends readonly Splittable[]> = T extends readonly [
  infer A,
  ...infer Rest extends Splittable[],
]
  ? [A, A, ...SplitPairs<Rest>]
  : Splittable[];

/**
 * scikit-learn's `train_test_split(*arrays, test_size, train_size, random_state, shuffle, stratify)`:
 * returns [aTrain, aTest, bTrain, bTest, ...], each of the kind it was given (Tensor rows gathered).
 */
export function trainTestSplit<T extends Splittable[]>(...args: [...T, TrainTestSplitOptions]): SplitPairs<T>;
export function trainTestSplit<T extends Splittable[]>(...args: T): SplitPairs<T>;
export function trainTestSplit(...args: (Splittable | TrainTestSplitOptions)[]): Splittable[] {
  const last = args[args.length - 1];
  const hasOptions = last !== undefined && isOptions(last);
  const arrays = (hasOptions ? args.slice(0, -1) : args) as Splittable[];
  const options = (hasOptions ? last : {}) as TrainTestSplitOptions;
  if (arrays.length === 0) throw new ValueError('trainTestSplit needs at least one array to split');
  const nSamples = checkConsistentLength(...arrays);
  const [train, test] = trainTestSplitIndices(nSamples, options);
  return arrays.flatMap((a) => [takeRows(a, train), takeRows(a, test)]);
}

function isOptions(value: unknown): value is TrainTestSplitOptions {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !ArrayBuffer.isView(value) &&
    !('shape' in value && 'data' in value)
  );
}
