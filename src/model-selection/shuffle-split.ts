import { ValueError } from '../errors.ts';
import type { RandomStateGenerator, RandomStateSeed } from '../random/random-state.ts';

// scikit-learn's ShuffleSplit / StratifiedShuffleSplit index logic (`BaseShuffleSplit._iter_indices`),
// drawing from numpy's RandomState in the same order so that the same seed gives the same indices.

/** A split size: a fraction in (0, 1) or an integer count >= 1. */
export type SplitSize = number;

/** A random_state: a seed, a RandomState (its stream advances), or null/undefined for fresh entropy. */
export type RandomStateLike = RandomStateSeed | RandomStateGenerator;

/** One split: train indices, then test indices. */
export type SplitIndices = [train: Int32Array, test: Int32Array];

/** An integer-valued number counts samples; anything else is a fraction (JavaScript has no 1 vs 1.0). */
function isCount(size: number): boolean {
  return Number.isInteger(size) && size >= 1;
}

function checkSize(name: string, size: number | undefined, nSamples: number): void {
  if (size === undefined) return;
  const bad = isCount(size) ? size >= nSamples : !(size > 0 && size < 1);
  if (bad) {
    throw new ValueError(
      `${name}=${size} should be either a positive integer smaller than the number of samples ${nSamples} or a fraction in the (0, 1) range`,
    );
  }
}

/** scikit-learn's `_validate_shuffle_split`: the train and test counts, with its rounding (ceil test, floor train). */
export function validateShuffleSplit(
  nSamples: number,
  testSize: SplitSize | undefined,
  trainSize: SplitSize | undefined,
  defaultTestSize: number,
): [nTrain: number, nTest: number] {
  if (testSize === undefined && trainSize === undefined) testSize = defaultTestSize;
  checkSize('testSize', testSize, nSamples);
  checkSize('trainSize', trainSize, nSamples);
  if (
    testSize !== undefined &&
    trainSize !== undefined &&
    !isCount(testSize) &&
    !isCount(trainSize) &&
    testSize + trainSize > 1
  ) {
    throw new ValueError(
      `the sum of testSize and trainSize = ${testSize + trainSize} should be in the (0, 1) range: reduce one of them`,
    );
  }
  let nTest = testSize === undefined ? NaN : isCount(testSize) ? testSize : Math.ceil(testSize * nSamples);
  let nTrain = trainSize === undefined ? NaN : isCount(trainSize) ? trainSize : Math.floor(trainSize * nSamples);
  if (trainSize === undefined) nTrain = nSamples - nTest;
  else if (testSize === undefined) nTest = nSamples - nTrain;
  if (nTrain + nTest > nSamples) {
    throw new ValueError(
      `the sum of train and test sizes = ${nTrain + nTest} should be smaller than the number of samples ${nSamples}: reduce testSize and/or trainSize`,
    );
  }
  if (nTrain === 0) {
    throw new ValueError(
      `with nSamples=${nSamples}, testSize=${testSize} and trainSize=${trainSize}, the train set would be empty: adjust the sizes`,
    );
  }
  return [nTrain, nTest];
}

/** ShuffleSplit: test = perm[:nTest], train = perm[nTest:nTest + nTrain] of one permutation per split. */
export function shuffleSplitIndices(
  nSamples: number,
  nTrain: number,
  nTest: number,
  rng: RandomStateGenerator,
): SplitIndices {
  const permutation = rng.permutation(nSamples);
  return [permutation.slice(nTest, nTest + nTrain), permutation.slice(0, nTest)];
}

/** scikit-learn's `_approximate_mode`: per-class draws close to the hypergeometric mode, ties broken by rng. */
export function approximateMode(classCounts: readonly number[], nDraws: number, rng: RandomStateGenerator): number[] {
  const total = classCounts.reduce((a, b) => a + b, 0);
  const continuous = classCounts.map((c) => (c / total) * nDraws);
  const floored = continuous.map(Math.floor);
  let needToAdd = Math.trunc(nDraws - floored.reduce((a, b) => a + b, 0));
  if (needToAdd <= 0) return floored;
  const remainder = continuous.map((c, i) => c - floored[i]);
  const distinctDescending = [...new Set(remainder)].sort((a, b) => b - a);
  for (const value of distinctDescending) {
    const ties = remainder.flatMap((r, i) => (r === value ? [i] : []));
    const addNow = Math.min(ties.length, needToAdd);
    for (const pick of rng.choiceWithoutReplacement(ties.length, addNow)) floored[ties[pick]] += 1;
    needToAdd -= addNow;
    if (needToAdd === 0) break;
  }
  return floored;
}

/** StratifiedShuffleSplit for one split: per-class shares by `approximateMode`, then both sides permuted. */
export function stratifiedShuffleSplitIndices(
  labels: Float64Array,
  nTrain: number,
  nTest: number,
  rng: RandomStateGenerator,
): SplitIndices {
  const classes = [...new Set(labels)].sort((a, b) => a - b);
  const code = new Map(classes.map((c, i) => [c, i]));
  const classIndices: number[][] = classes.map(() => []);
  labels.forEach((label, i) => classIndices[code.get(label)!].push(i));
  const classCounts = classIndices.map((members) => members.length);
  if (Math.min(...classCounts) < 2) {
    throw new ValueError(
      'the least populated class in y has only 1 member, which is too few: the minimum number of members of any class cannot be less than 2',
    );
  }
  if (nTrain < classes.length)
    throw new ValueError(
      `the train size = ${nTrain} should be greater or equal to the number of classes = ${classes.length}`,
    );
  if (nTest < classes.length)
    throw new ValueError(
      `the test size = ${nTest} should be greater or equal to the number of classes = ${classes.length}`,
    );
  const trainPerClass = approximateMode(classCounts, nTrain, rng);
  const remaining = classCounts.map((c, i) => c - trainPerClass[i]);
  const testPerClass = approximateMode(remaining, nTest, rng);
  const train: number[] = [];
  const test: number[] = [];
  classIndices.forEach((members, i) => {
    const shuffled = Array.from(rng.permutation(members.length), (p) => members[p]);
    for (let k = 0; k < trainPerClass[i]; k++) train.push(shuffled[k]);
    for (let k = trainPerClass[i]; k < trainPerClass[i] + testPerClass[i]; k++) test.push(shuffled[k]);
  });
  return [Int32Array.from(rng.permutation(train)), Int32Array.from(rng.permutation(test))];
}
