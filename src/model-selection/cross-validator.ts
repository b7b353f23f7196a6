import { ValueError } from '../errors.ts';
import type { Features, Labels } from './samples.ts';
import type { RandomStateLike, SplitIndices } from './shuffle-split.ts';

/** A splitter crossValidate can use (scikit-learn's cross-validator protocol: split, get_n_splits). */
export interface CrossValidator {
  /** The (train, test) index pairs, in fold order. */
  split(x: Features | readonly unknown[], y?: Labels): SplitIndices[];
  /** The number of folds split() yields. */
  getNSplits(): number;
}

/** Options shared by KFold and StratifiedKFold. */
export interface KFoldOptions {
  /** Number of folds, at least 2 (default 5). */
  nSplits?: number;
  /** Shuffle before folding (default false). */
  shuffle?: boolean;
  /** Seed (or RandomState) of the shuffle; only allowed with shuffle=true, as scikit-learn. */
  randomState?: RandomStateLike;
}

/** scikit-learn's `_BaseKFold.__init__` checks; returns nSplits. */
export function checkKFoldOptions(options: KFoldOptions): number {
  const nSplits = options.nSplits ?? 5;
  if (!Number.isInteger(nSplits) || nSplits < 2) {
    throw new ValueError(
      `k-fold cross-validation requires at least one train/test split with nSplits >= 2 (an integer), got nSplits=${nSplits}`,
    );
  }
  if (!options.shuffle && options.randomState !== undefined && options.randomState !== null) {
    throw new ValueError(
      'setting a randomState has no effect since shuffle is false: set shuffle: true or leave randomState out',
    );
  }
  return nSplits;
}

/** Turns a fold id per sample into (train, test) pairs, both in ascending index order as scikit-learn gives. */
export function splitsFromTestFolds(testFolds: Int32Array, nSplits: number): SplitIndices[] {
  const sizes = new Int32Array(nSplits);
  for (const fold of testFolds) sizes[fold]++;
  const splits: SplitIndices[] = [];
  for (let fold = 0; fold < nSplits; fold++) {
    const train = new Int32Array(testFolds.length - sizes[fold]);
    const test = new Int32Array(sizes[fold]);
    let a = 0;
    let b = 0;
    testFolds.forEach((f, i) => {
      if (f === fold) test[b++] = i;
      else train[a++] = i;
    });
    splits.push([train, test]);
  }
  return splits;
}
